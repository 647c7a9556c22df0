import { describe, expect, it } from "vitest";
import { rocksdbCpuArgs } from "../../.dagger/src/layers/rocksdb.js";
import { parseSysTarget } from "../../.dagger/src/config/sys-target.js";
import { runSession } from "../harness/module.js";
import { DOCKER, FIXTURE } from "../graph/helpers.js";

const cpu = (name: string, native = false) => rocksdbCpuArgs({ target: parseSysTarget(name), native });

describe("RocksDB's CPU arguments (the seed's rocksdb_cxx_flags and rocksdb_portable rules)", () => {
  it("x86_64 v1: the baseline ISA, initial-exec TLS", () => {
    expect(cpu("x86_64-v1-linux-gnu")).toEqual({ portable: "x86-64", cxxFlags: "-ftls-model=initial-exec" });
  });

  it("x86_64 above v1 adds pclmul", () => {
    expect(cpu("x86_64-v3-linux-gnu")).toEqual({ portable: "x86-64-v3", cxxFlags: "-ftls-model=initial-exec -mpclmul" });
  });

  it("aarch64: portable, no outline atomics", () => {
    expect(cpu("aarch64-v8-linux-gnu")).toEqual({ portable: "1", cxxFlags: "-ftls-model=initial-exec -mno-outline-atomics" });
  });

  it("release-native: this machine's CPU, local-exec TLS", () => {
    expect(cpu("x86_64-v1-linux-gnu", true)).toEqual({ portable: "0", cxxFlags: "-ftls-model=local-exec" });
    expect(cpu("aarch64-v8-linux-gnu", true)).toEqual({ portable: "0", cxxFlags: "-ftls-model=local-exec -mno-outline-atomics" });
  });
});

describe("RocksDB's added C++ flags (rocksdbCxxFlags)", () => {
  const build = async (ctor: Record<string, unknown>) => {
    const { double, results } = await runSession({ ctor: { source: FIXTURE, stages: DOCKER, ...ctor } }, [{ fn: "rocksdb" }]);
    return { error: results[0]!.error?.message, args: double.dockerBuilds.find((b) => b.target === "rocksdb")?.buildArgs };
  };

  it("reach CMAKE_CXX_FLAGS after the CPU level's; none given, the build is as before", async () => {
    expect((await build({ rocksdbCxxFlags: ["-include", "cstdint"] })).args?.rocksdb_cxx_flags).toBe("-ftls-model=initial-exec -include cstdint");
    expect((await build({})).args?.rocksdb_cxx_flags).toBe("-ftls-model=initial-exec");
  });

  it("a flag with a space or a quote is refused before anything is built, naming it", async () => {
    const r = await build({ rocksdbCxxFlags: ["-include cstdint", "-DX='1'"] });
    expect(r.error).toContain('rocksdbCxxFlags "-include cstdint" is not valid');
    expect(r.error).toContain(`rocksdbCxxFlags "-DX='1'" is not valid`);
    expect(r.args).toBeUndefined();
  });
});
