/**
 * What the images carry and mount, as the engine makes them: BuildKit puts every Dockerfile ARG
 * that has a value into the environment, and the engine's conversion keeps it in the Container
 * the build returns; cache mounts are keyed by the engine's names. The double models both (see
 * dockerfile.ts), so these tests see what a real engine would hand the module.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildArgNames } from "../../.dagger/src/layers/compose.js";
import { STAGE_FILES } from "../../.dagger/src/layers/stages.js";
import { REPO_ROOT } from "../harness/module.js";
import { runSession } from "../harness/module.js";
import { DOCKER, FIXTURE } from "./helpers.js";

const STAGE_ARGS = buildArgNames(Object.values(STAGE_FILES).map((f) => readFileSync(join(REPO_ROOT, "docker", f), "utf8")).join("\n"));

/** Functions returning containers, from the system to the leaves and images. */
const CONTAINERS = [
  "system", "tools", "rust", "kitchen", "cellEnv", "depsMeta", "buildBins",
  "installs.installValgrind", "installs.docker", "complement.complementTester", "complement.complementTestee",
];

async function environments(ctor: Record<string, unknown> = {}) {
  const { double, results } = await runSession({ ctor: { source: FIXTURE, stages: DOCKER, ...ctor } }, CONTAINERS.map((fn) => ({ fn })));
  const env: Record<string, Map<string, string>> = {};
  for (const r of results) {
    if (r.error) throw r.error;
    env[r.fn] = double.envOf(double.vertexById(String(r.value))!.digest);
  }
  return { double, env };
}

describe("image environments", () => {
  it("the stage library declares build arguments (so the check below is not vacuous)", () => {
    expect(STAGE_ARGS).toEqual(expect.arrayContaining(["apt_cache", "base_packages", "image_user", "rust_channel", "sys_triple", "runtime_packages"]));
  });

  it("no container bakery returns carries a build argument in its environment", async () => {
    const { env } = await environments();
    for (const fn of CONTAINERS) expect([...env[fn]!.keys()].filter((k) => STAGE_ARGS.includes(k)), fn).toEqual([]);
  });

  it("the service image's environment is exactly the base image's: nothing of the build", async () => {
    const { env } = await environments({ rustToolchain: "stable", cargoProfile: "release" });
    expect(Object.fromEntries(env["installs.docker"]!)).toEqual({});
  });

  it("the toolchain images set what cargo and rustup need, and only that", async () => {
    const { env } = await environments();
    expect([...env.rust!.keys()].sort()).toEqual(["CARGO_HOME", "PATH", "RUSTUP_HOME", "RUSTUP_TOOLCHAIN"]);
  });
});

/** A session of every function that mounts a cache volume: a tool stage, a cook, the SDK's build, Complement's build and run. */
async function mounting() {
  const calls = ["depsCode", "integration.rustSdkInteg", "complement.complementTester", "complement.complementTestee", "complement.complementOutput"];
  const { double, results } = await runSession({ ctor: { source: FIXTURE, stages: DOCKER } }, [{ fn: "tool", args: { name: "typos-cli" } }, ...calls.map((fn) => ({ fn }))]);
  for (const r of results) if (r.error) throw r.error;
  return double;
}

describe("cache volumes", () => {
  it("each download cache is one volume: the Dockerfile stages and the TypeScript layers mount the same", async () => {
    const volumes = (await mounting()).cacheVolumes();
    expect(volumes.filter((v) => v.includes("cargo-registry"))).toEqual(["/bakery-cargo-registry sharing=SHARED"]);
    expect(volumes.filter((v) => v.includes("cargo-git"))).toEqual(["/bakery-cargo-git sharing=SHARED"]);
  });

  it("the README lists the volumes bakery mounts, by the names the engine gives them", async () => {
    const double = await mounting();
    const readme = readFileSync(join(REPO_ROOT, "README.md"), "utf8");
    const bullet = /\* \*\*Cache volumes\*\*([\s\S]*?)\n\*/.exec(readme)?.[1] ?? "";
    const listed = [...bullet.matchAll(/`([^`]+)`/g)].map((m) => m[1]!).filter((n) => n.includes("bakery"));
    const pattern = (n: string) => new RegExp(`^${n.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/<[a-z]+>/g, "[^ ]+").replace(/\\\{archives,lists\\\}/, "(archives|lists)")}$`);
    const keys = [...new Set(double.cacheVolumes().map((v) => v.split(" ")[0]!))];
    for (const k of keys) expect(listed.some((n) => pattern(n).test(k)), `${k} is mounted but the README does not list it`).toBe(true);
    for (const n of listed) expect(keys.some((k) => pattern(n).test(k)), `the README lists ${n}, which nothing mounts`).toBe(true);
  });
});
