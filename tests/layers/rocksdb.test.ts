import { describe, expect, it } from "vitest";
import { rocksdbCpuArgs } from "../../.dagger/src/layers/rocksdb.js";
import { parseSysTarget } from "../../.dagger/src/config/sys-target.js";

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
