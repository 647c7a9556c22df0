import { describe, expect, it } from "vitest";
import { rustflags } from "../../.dagger/src/config/rustflags.js";
import { parseSysTarget } from "../../.dagger/src/config/sys-target.js";
import { resolveToolchain } from "../../.dagger/src/config/toolchain.js";

const v1 = parseSysTarget("x86_64-v1-linux-gnu");
const v3 = parseSysTarget("x86_64-v3-linux-gnu");
const arm = parseSysTarget("aarch64-v8-linux-gnu");
const nightly = resolveToolchain("nightly", "1.95.0", "nightly");
const stable = resolveToolchain("stable", "1.95.0", "nightly");
const base = { rocksdbWith: ["zstd", "liburing"], staticCxxDir: "/cxx", staticCxxRedirectDir: "/cxx-redirect" };

describe("rustflags (the seed's rules, first match wins)", () => {
  it("rule 5: nightly test builds are dynamic PIE with nightly flags and shared generics", () => {
    const r = rustflags({ ...base, profile: "test", toolchain: nightly, sys: v1 });
    expect(r.linkage).toBe("dynamic");
    expect(r.flags).toContain("-Crelocation-model=pic");
    expect(r.flags).toContain("-Zshare-generics=yes");
    expect(r.flags).toContain("--cfg=tokio_unstable");
    expect(r.flags).toContain("-Ctarget-cpu=x86-64");
    expect(r.flags).toContain("-Clink-arg=-lzstd");
    expect(r.flags).toContain("-Clink-arg=-luring");
    expect(r.flags.some((f) => f.includes("crt-static") && f.startsWith("-Ctarget-feature=+"))).toBe(false);
  });

  it("rule 4: stable test builds are static without nightly flags", () => {
    const r = rustflags({ ...base, profile: "test", toolchain: stable, sys: v1 });
    expect(r.linkage).toBe("static");
    expect(r.flags).toContain("-Ctarget-feature=+crt-static");
    expect(r.flags.some((f) => f.startsWith("-Z"))).toBe(false);
    expect(r.flags).toContain("-Clink-arg=-l:libzstd.a");
    expect(r.flags).toContain("-L/cxx");
  });

  it("rule 2: nightly release is static with the nightly static TLS model and the CPU level", () => {
    const r = rustflags({ ...base, profile: "release", toolchain: nightly, sys: v3 });
    expect(r.linkage).toBe("static");
    expect(r.flags).toContain("-Ztls-model=local-exec");
    expect(r.flags).toContain("-Ctarget-cpu=x86-64-v3");
    expect(r.flags).toContain("-Clink-arg=-l:libstdc++.a");
  });

  it("rule 3: release-debuginfo on nightly is static without nightly flags", () => {
    const r = rustflags({ ...base, profile: "release-debuginfo", toolchain: nightly, sys: v1 });
    expect(r.linkage).toBe("static");
    expect(r.flags.some((f) => f.startsWith("-Z") || f.startsWith("--cfg"))).toBe(false);
  });

  it("rule 1: release-native tunes for the build machine and builds std", () => {
    const r = rustflags({ ...base, profile: "release-native", toolchain: nightly, sys: v1 });
    expect(r.flags).toContain("-Ctarget-cpu=native");
    expect(r.flags).not.toContain("-Ctarget-cpu=x86-64");
    expect(r.unstable).toEqual(["build-std"]);
  });

  it("release-native refuses a stable toolchain, naming why", () => {
    expect(() => rustflags({ ...base, profile: "release-native", toolchain: stable, sys: v1 })).toThrow(/needs a nightly rust_toolchain/);
  });

  it("aarch64 static builds link libgcc and get no x86 target-cpu", () => {
    const r = rustflags({ ...base, profile: "release", toolchain: stable, sys: arm });
    expect(r.flags).toContain("-Clink-arg=-l:libgcc.a");
    expect(r.flags.some((f) => f.startsWith("-Ctarget-cpu"))).toBe(false);
  });

  it("links exactly the C libraries compiled into RocksDB", () => {
    const none = rustflags({ ...base, rocksdbWith: [], profile: "release", toolchain: stable, sys: v1 });
    expect(none.flags.filter((f) => /-l:lib(bz2|lz4|zstd|uring)\.a/.test(f))).toEqual([]);
    const all = rustflags({ ...base, rocksdbWith: ["bz2", "lz4", "zstd", "liburing"], profile: "release", toolchain: stable, sys: v1 });
    expect(all.flags.filter((f) => /-l:lib(bz2|lz4|zstd|uring)\.a/.test(f))).toHaveLength(4);
  });
});
