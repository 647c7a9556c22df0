import { describe, expect, it } from "vitest";
import { AxesSchema, checkArchitectures, ConfigError, SettingsSchema, validate } from "../../.dagger/src/config/axes.js";
import { RAW_AXES, RAW_SETTINGS } from "./cells.js";

const axes = RAW_AXES;

function message(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as Error).message;
  }
  throw new Error("expected a ConfigError");
}

describe("axis validation", () => {
  it("accepts bake.sh's defaults", () => {
    expect(validate(AxesSchema, axes)).toEqual(axes);
  });

  it("names the argument, the bad value and the valid choices", () => {
    expect(message(() => validate(AxesSchema, { ...axes, rustTarget: "riscv64gc-unknown-linux-gnu" }))).toBe(
      'rust_target "riscv64gc-unknown-linux-gnu" is not valid; valid: x86_64-unknown-linux-gnu, aarch64-unknown-linux-gnu',
    );
    expect(message(() => validate(AxesSchema, { ...axes, sysTarget: "x86_64-v5-linux-gnu" }))).toBe(
      'sys_target "x86_64-v5-linux-gnu" is not valid; valid: x86_64-v1-linux-gnu, x86_64-v2-linux-gnu, x86_64-v3-linux-gnu, x86_64-v4-linux-gnu, aarch64-v8-linux-gnu',
    );
    expect(message(() => validate(AxesSchema, { ...axes, rustToolchain: "latest" }))).toBe(
      'rust_toolchain "latest" is not valid; valid: stable, nightly, nightly-YYYY-MM-DD, or a release x.y.z',
    );
  });

  it("reports every bad value at once", () => {
    const m = message(() => validate(AxesSchema, { ...axes, sysName: "alpine", cargoProfile: "Release!" }));
    expect(m.split("\n")).toHaveLength(2);
    expect(m).toContain('sys_name "alpine" is not valid; valid: debian, ubuntu');
    expect(m).toContain('cargo_profile "Release!" is not valid');
  });

  it("rejects a rust_target of another architecture than sys_target", () => {
    expect(message(() => checkArchitectures(validate(AxesSchema, { ...axes, sysTarget: "aarch64-v8-linux-gnu" })))).toBe(
      'rust_target "x86_64-unknown-linux-gnu" does not match sys_target "aarch64-v8-linux-gnu" (bakery builds natively); valid with this sys_target: aarch64-unknown-linux-gnu',
    );
  });
});

describe("settings validation", () => {
  const settings = RAW_SETTINGS;

  it("accepts tuwunel's defaults", () => {
    expect(validate(SettingsSchema, settings)).toEqual(settings);
  });

  it("rejects each kind of bad setting by name", () => {
    expect(message(() => validate(SettingsSchema, { ...settings, rocksdbWith: ["snappy"] }))).toBe(
      'rocksdbWith "snappy" is not valid; valid: bz2, lz4, zstd, liburing',
    );
    expect(message(() => validate(SettingsSchema, { ...settings, buildPackages: ["clang; rm -rf /"] }))).toContain(
      'buildPackages "clang; rm -rf /" is not valid',
    );
    expect(message(() => validate(SettingsSchema, { ...settings, cargoProfileEnv: ["RUSTFLAGS=-Cx"] }))).toContain(
      'cargoProfileEnv "RUSTFLAGS=-Cx" is not valid; valid: CARGO_PROFILE_<PROFILE>_<KEY>=<value>',
    );
    expect(message(() => validate(SettingsSchema, { ...settings, rustExtraPaths: ["../secrets"] }))).toContain('rustExtraPaths "../secrets"');
    expect(message(() => validate(SettingsSchema, { ...settings, rustNightly: "stable" }))).toContain('rustNightly "stable" is not valid');
    for (const bad of ["static.rust-lang.org", "https://mirror.example/", "ftp://mirror.example"]) {
      expect(message(() => validate(SettingsSchema, { ...settings, rustupMirror: bad }))).toContain(`rustupMirror "${bad}" is not valid; valid: "" (static.rust-lang.org) or an http(s) URL`);
    }
    expect(validate(SettingsSchema, { ...settings, rustupMirror: "http://10.0.2.2:8718/rust" }).rustupMirror).toBe("http://10.0.2.2:8718/rust");
  });
});
