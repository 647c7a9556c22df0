import { describe, expect, it } from "vitest";
import { digests, FIXTURE } from "./helpers.js";

async function rocksdb(ctor: Record<string, unknown>): Promise<string> {
  return (await digests(FIXTURE, ["rocksdb"], ctor)).of.rocksdb!;
}

describe("rocksdb keys on its true inputs only", () => {
  it("is one and the same vertex for every profile, toolchain and feature set of a (sys, CPU level)", async () => {
    const base = await rocksdb({});
    for (const cargoProfile of ["test", "release", "bench", "release-debuginfo"]) {
      for (const rustToolchain of ["nightly", "stable", "1.96.0"]) {
        for (const featSet of ["none", "default", "all"]) {
          expect(await rocksdb({ cargoProfile, rustToolchain, featSet }), `${cargoProfile}/${rustToolchain}/${featSet}`).toBe(base);
        }
      }
    }
  });

  it("changes with the CPU level, the system and what is compiled in", async () => {
    const base = await rocksdb({});
    expect(await rocksdb({ sysTarget: "x86_64-v3-linux-gnu" })).not.toBe(base);
    expect(await rocksdb({ sysVersion: "trixie-slim" })).not.toBe(base);
    expect(await rocksdb({ rocksdbWith: ["zstd"] })).not.toBe(base);
  });

  it("release-native builds for the machine, so it gets its own", async () => {
    const base = await rocksdb({});
    expect(await rocksdb({ cargoProfile: "release-native" })).not.toBe(base);
  });
});

describe("the rustup mirror", () => {
  it("reaches the toolchain stages, and only them", async () => {
    const plain = await digests(FIXTURE, ["system", "rocksdb", "tools", "rust", "recipe"]);
    const mirrored = await digests(FIXTURE, ["system", "rocksdb", "tools", "rust", "recipe"], { rustupMirror: "http://10.0.2.2:8718/rust" });
    for (const l of ["system", "rocksdb"]) expect(mirrored.of[l], l).toBe(plain.of[l]);
    for (const l of ["tools", "rust"]) expect(mirrored.of[l], l).not.toBe(plain.of[l]);
    const stages = mirrored.double.dockerBuilds.filter((b) => ["tools-toolchain", "cargo-tool", "rust"].includes(b.target));
    expect(stages.length).toBeGreaterThan(0);
    for (const b of stages) expect(b.buildArgs.rustup_mirror, b.target).toBe("http://10.0.2.2:8718/rust");
  });
});
