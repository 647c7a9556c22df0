import { cpSync, renameSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { scratch } from "../harness/scratch.js";
import type { EngineDouble } from "../harness/engine-double.js";
import { runSession } from "../harness/module.js";
import { DOCKER, expectValidQueries, FIXTURE } from "./helpers.js";

/** Queries that would build something: a container, an image, an exec. */
function buildQueries(double: EngineDouble): string[] {
  return double.queries.map((q) => q.query).filter((q) => /\b(container|dockerBuild|withExec|from)\b/.test(q));
}

async function failure(ctor: Record<string, unknown>, fn = "lints.clippy"): Promise<{ message: string; double: EngineDouble }> {
  const { double, results } = await runSession({ ctor: { source: FIXTURE, stages: DOCKER, ...ctor } }, [{ fn }]);
  const failed = results.find((r) => r.error);
  if (!failed) throw new Error("expected a failure");
  expectValidQueries(double);
  return { message: failed.error!.message, double };
}

describe("invalid input fails before any container is built", () => {
  it("(control: a valid call does send build queries, so their absence below means something)", async () => {
    const { double, results } = await runSession({ ctor: { source: FIXTURE, stages: DOCKER } }, [{ fn: "lints.clippy" }]);
    expect(results[0]!.error).toBeUndefined();
    expect(buildQueries(double).length).toBeGreaterThan(0);
  });

  it("a malformed axis is refused by the constructor, naming the value and the valid choices", async () => {
    const { message, double } = await failure({ sysTarget: "x86_64-v9-linux-gnu" });
    expect(message).toContain('sys_target "x86_64-v9-linux-gnu" is not valid; valid: x86_64-v1-linux-gnu');
    expect(buildQueries(double)).toEqual([]);
  });

  it("a profile the workspace does not define is refused with the workspace's profiles", async () => {
    const { message, double } = await failure({ cargoProfile: "turbo" });
    expect(message).toBe('cargo_profile "turbo" is not a profile of this workspace; valid: dev, release, test, bench, release-debuginfo, release-native');
    expect(buildQueries(double)).toEqual([]);
  });

  it("a feature set the settings do not define is refused with the valid sets", async () => {
    const { message, double } = await failure({ featSet: "turbo" });
    expect(message).toBe('feat_set "turbo" is not a feature set; valid: none, default, all, logging');
    expect(buildQueries(double)).toEqual([]);
  });

  it("a named set with features the main crate lacks is refused naming them", async () => {
    const { message, double } = await failure({ featSet: "logging" });
    expect(message).toMatch(/^feature set "logging" names feature\(s\) the main crate does not have: brotli_compression, element_hacks/);
    expect(buildQueries(double)).toEqual([]);
  });

  it("a stage library without bakery's stage files is refused with what to pass instead", async () => {
    const { message, double } = await failure({ stages: FIXTURE });
    expect(message).toContain("the stage library lacks Dockerfile.system, Dockerfile.rust, Dockerfile.rocksdb, Dockerfile.complement, lib/");
    expect(buildQueries(double)).toEqual([]);
  });

  it("a stage library missing a script its Dockerfiles copy fails the build that copies it, naming the file", async () => {
    const docker = scratch("docker");
    cpSync(DOCKER, docker, { recursive: true });
    renameSync(join(docker, "lib/rustup-install.sh"), join(docker, "lib/rustup-setup.sh"));
    const { message } = await failure({ stages: docker }, "rust");
    expect(message).toContain("stage tools-toolchain copies lib/rustup-install.sh, which the stage library lacks; pass --stages=<bakery's docker/ directory>");
  });
});
