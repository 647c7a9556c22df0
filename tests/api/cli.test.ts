import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "../harness/module.js";
import { LAYER_FUNCTIONS } from "../../.dagger/src/graph.js";

/** The npm scripts the README documents, run as a user would. */
function npmRun(args: string[]): { status: number; stdout: string; stderr: string } {
  const r = spawnSync("npm", ["run", "-s", ...args], { cwd: REPO_ROOT, encoding: "utf8", env: process.env });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

describe("the documented commands", () => {
  it("npm run functions -- --json lists every layer function with its doc", () => {
    const r = npmRun(["functions", "--", "--json"]);
    expect(r.status, r.stderr).toBe(0);
    const api = JSON.parse(r.stdout) as { objects: { name: string; functions: { name: string; description: string }[] }[] };
    const fns = new Map(api.objects[0]!.functions.map((f) => [f.name, f.description]));
    for (const layer of LAYER_FUNCTIONS) expect(fns.get(layer)?.length, layer).toBeGreaterThan(20);
  });

  it("npm run plan -- clippy --json reports at most 2 dependency passes for the default cell", () => {
    const r = npmRun(["plan", "--", "clippy", "--json"]);
    expect(r.status, r.stderr).toBe(0);
    const p = JSON.parse(r.stdout) as { cell: string; note?: string; targets: { target: string; dependencyPasses: number; byKind: Record<string, number> }[]; queries: { invalid: number } };
    expect(p.cell).toBe("test--nightly--x86_64-unknown-linux-gnu--all--debian--testing-slim--x86_64-v1-linux-gnu");
    expect(p.note).toMatch(/embedded default \(tuwunel v1\.9\.3\)/);
    expect(p.targets[0]!.dependencyPasses).toBeLessThanOrEqual(2);
    expect(p.targets[0]!.byKind["deps-code"]).toBe(0);
    expect(p.queries.invalid).toBe(0);
  });

  it("npm run plan -- lints --json shows the lints group on one shared metadata pass", () => {
    const r = npmRun(["plan", "--", "lints", "--json"]);
    expect(r.status, r.stderr).toBe(0);
    const p = JSON.parse(r.stdout) as {
      targets: { target: string; dependencyPasses: number; byKind: Record<string, number> }[];
      union: { dependencyPasses: number; byKind: Record<string, number> };
    };
    expect(p.targets.map((t) => t.target)).toEqual(["lints.fmt", "lints.typos", "lints.audit", "lints.lychee", "lints.check", "lints.clippy"]);
    expect(p.union.dependencyPasses).toBe(1);
    expect(p.union.byKind["deps-code"]).toBe(0);
    for (const t of p.targets.slice(0, 4)) {
      expect(t.dependencyPasses, t.target).toBe(0);
      expect([t.byKind.rocksdb, t.byKind.recipe, t.byKind["deps-meta"]], t.target).toEqual([0, 0, 0]);
    }
  });

  it("npm run plan -- docker --json shows the image built from the shared build layer", () => {
    const r = npmRun(["plan", "--", "docker", "--json", "--source", "tests/fixtures/workspace"]);
    expect(r.status, r.stderr).toBe(0);
    const p = JSON.parse(r.stdout) as { targets: { target: string; dependencyPasses: number; layersUsed: string[]; byKind: Record<string, number> }[] };
    expect(p.targets[0]!.target).toBe("installs.docker");
    expect(p.targets[0]!.layersUsed).toEqual(expect.arrayContaining(["system", "rust", "rocksdb", "kitchen", "cellEnv", "recipe", "depsCode", "buildBins"]));
    expect(p.targets[0]!.layersUsed).not.toContain("depsMeta");
    expect(p.targets[0]!.dependencyPasses).toBe(1);
  });

  it("npm run plan -- matrix:run --json: the 12-cell default matrix builds the system once, each toolchain once, RocksDB once", () => {
    const r = npmRun(["plan", "--", "matrix:run", "--target", "build-bins", "--json"]);
    expect(r.status, r.stderr).toBe(0);
    const p = JSON.parse(r.stdout) as {
      targets: { target: string; value?: string }[];
      session: { stageBuilds: Record<string, number>; systemBuilds: { base: number; build: number }; dependencyPasses: number };
    };
    expect(p.targets[0]!.value!.split("\n")[0]).toBe("build-bins over 12 cells: 12 passed, 0 failed, 0 not run");
    expect(p.session.systemBuilds).toEqual({ base: 1, build: 1 });
    expect(p.session.stageBuilds).toMatchObject({ rust: 2, rocksdb: 1, "tools-toolchain": 1 });
    // one code-generation pass per cell for the builds (clippy would add the metadata pass: 2)
    expect(p.session.dependencyPasses).toBe(12);
  });

  it("npm run plan with two functions reports what they share; bad arguments fail with usage", () => {
    const r = npmRun(["plan", "--", "lints:check", "lints:clippy", "--source", "tests/fixtures/workspace", "--rust-toolchain", "stable"]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/cell test--stable--/);
    expect(r.stdout).toMatch(/shared by lints.check and lints.clippy: \d+ vertices \(.*deps-meta \d+/);
    const bad = npmRun(["plan", "--", "clippy", "--rust-toolchian", "stable"]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("unknown argument --rust-toolchian");
  });
});
