import { describe, expect, it } from "vitest";
import { ConfigError } from "../../.dagger/src/config/axes.js";
import { cellFor } from "./cells.js";

describe("resolveCell", () => {
  it("names the cell as the seed does and resolves every axis", () => {
    const cell = cellFor({});
    expect(cell.name).toBe("test--nightly--x86_64-unknown-linux-gnu--all--debian--testing-slim--x86_64-v1-linux-gnu");
    expect(cell.toolchain).toEqual({ key: "nightly", channel: "nightly", kind: "nightly" });
    expect(cell.profileDir).toBe("debug");
    expect(cell.features.cargoArgs).toEqual(["--all-features"]);
    expect(cell.sys.target.isa).toBe("x86-64");
    expect(cell.rustflags.linkage).toBe("dynamic");
  });

  it("stable resolves to the workspace's channel and links statically", () => {
    const cell = cellFor({ rustToolchain: "stable" });
    expect(cell.toolchain.channel).toBe("1.95.0");
    expect(cell.rustflags.linkage).toBe("static");
  });

  it("turns rule violations into ConfigErrors that name the value", () => {
    expect(() => cellFor({ cargoProfile: "release-native", rustToolchain: "stable" })).toThrow(ConfigError);
    expect(() => cellFor({ cargoProfile: "release-native", rustToolchain: "stable" })).toThrow(/release-native needs a nightly rust_toolchain/);
    expect(() => cellFor({ cargoProfile: "dbg" })).toThrow('cargo_profile "dbg" is not a profile of this workspace; valid: dev, release, test, bench, release-debuginfo, release-native');
  });
});
