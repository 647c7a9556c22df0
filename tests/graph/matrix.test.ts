/**
 * The matrix on the double: a 12-cell matrix in one session shares what the cells have in
 * common; the report; and the module's own plan against the graph the double records.
 */
import { describe, expect, it } from "vitest";
import type { EngineDouble } from "../harness/engine-double.js";
import { runSession, type Call } from "../harness/module.js";
import { isCook, plan as doublePlan } from "../harness/plan.js";
import { DOCKER, expectValidQueries, FIXTURE } from "./helpers.js";
import { LAYER_FUNCTIONS } from "../../.dagger/src/graph.js";
import { camel } from "../../.dagger/src/names.js";

/** Distinct results of the stage builds of a target. */
const builds = (double: EngineDouble, target: string): number => new Set(double.dockerBuilds.filter((b) => b.target === target).map((b) => b.result)).size;
/** Distinct execs of a Dockerfile RUN that installs a build arg's packages (its stage, built). */
const runsOf = (double: EngineDouble, arg: string): number =>
  [...double.vertices.values()].filter((v) => v.field === "withExec" && ((v.args.args as string[] | undefined) ?? []).join(" ").includes(`\${${arg}}`)).length;
const cooks = (double: EngineDouble): number => [...double.vertices.values()].filter(isCook).length;

async function session(calls: Call[], ctor: Record<string, unknown> = {}, onExec?: Parameters<typeof runSession>[0]["double"] extends infer D ? (D extends { onExec?: infer F } ? F : never) : never) {
  return runSession({ ctor: { source: FIXTURE, stages: DOCKER, ...ctor }, ...(onExec ? { double: { onExec } } : {}) }, calls);
}

describe("a 12-cell matrix (2 profiles × 3 feature sets × 2 toolchains) in one session", () => {
  it("builds the system once, each toolchain once, RocksDB once per (system, CPU level), and two dependency passes per cell", async () => {
    const { double, results } = await session([{ fn: "matrix.run", args: { target: "clippy" } }, { fn: "matrix.run", args: { target: "build-bins" } }]);
    expect(results.filter((r) => r.error).map((r) => r.error!.message)).toEqual([]);
    expect(String(results[0]!.value).split("\n")[0]).toBe("clippy over 12 cells: 12 passed, 0 failed, 0 not run");
    expect(runsOf(double, "base_packages")).toBe(1);
    expect(runsOf(double, "build_packages")).toBe(1);
    expect(builds(double, "tools-toolchain")).toBe(1);
    expect(builds(double, "rust")).toBe(2);
    expect(builds(double, "rocksdb")).toBe(1);
    // clippy: the metadata pass of each cell; build-bins: the code pass of each cell
    expect(cooks(double)).toBe(24);
    expectValidQueries(double);
  });

  it("two CPU levels build RocksDB twice, and no more", async () => {
    const { double, results } = await session([
      { fn: "matrix.run", args: { target: "rocksdb" }, groupArgs: { matrix: { featSets: ["all"], rustToolchains: ["nightly", "stable"], sysTargets: ["x86_64-v1-linux-gnu", "x86_64-v3-linux-gnu"] } } },
    ]);
    expect(results[0]!.error).toBeUndefined();
    expect(builds(double, "rocksdb")).toBe(2);
    expect(runsOf(double, "build_packages")).toBe(1);
  });
});

describe("matrix shards (--shard i/n: n CI jobs on one shared engine)", () => {
  it("3 shards of the 12-cell matrix run every cell's clippy once between them, and their plans hold each cell once", async () => {
    const shards = ["1/3", "2/3", "3/3"];
    const { double, results } = await session([
      ...shards.map((shard) => ({ fn: "matrix.run", args: { target: "clippy", shard } })),
      ...shards.map((shard) => ({ fn: "matrix.plan", args: { target: "clippy", shard } })),
    ]);
    expect(results.filter((r) => r.error).map((r) => r.error!.message)).toEqual([]);
    for (const r of results.slice(0, 3)) expect(String(r.value).split("\n")[0]).toBe("clippy over 4 cells: 4 passed, 0 failed, 0 not run");
    const ran = results.slice(0, 3).flatMap((r) => String(r.value).split("\n").slice(1).map((l) => l.split(/\s+/)[1]!));
    const planned = results.slice(3).flatMap((r) => (JSON.parse(String(r.value)) as ModulePlan).cells.map((c) => c.cell));
    expect(new Set(ran).size).toBe(12);
    expect([...planned].sort()).toEqual([...ran].sort());
    // the cells' clippy leaves: once each, as in one session of the whole matrix
    const clippies = [...double.vertices.values()].filter((v) => v.field === "withExec" && ((v.args.args as string[] | undefined) ?? [])[1] === "clippy");
    expect(clippies).toHaveLength(12);
  });

  it("a shard beyond the cells runs nothing and passes; a bad shard is refused before anything is built", async () => {
    const one = { featSets: ["all"], rustToolchains: ["nightly"], cargoProfiles: ["test"] };
    const { double, results } = await session([
      { fn: "matrix.run", args: { target: "clippy", shard: "2/2" }, groupArgs: { matrix: one } },
      { fn: "matrix.run", args: { shard: "4/3" } },
      { fn: "matrix.plan", args: { shard: "x" } },
    ]);
    expect(results[0]!.value).toBe("clippy: shard 2/2 has no cells (the matrix has 1, fewer than its shards)");
    expect(results[1]!.error!.message).toContain('shard "4/3" is not valid; give i/n with 1 ≤ i ≤ n');
    expect(results[2]!.error!.message).toContain('shard "x" is not valid');
    expect(double.dockerBuilds).toEqual([]);
  });
});

describe("the matrix report", () => {
  it("fails when a cell fails, with the whole report: which cell, the first lines of its failure", async () => {
    const { results } = await session([{ fn: "matrix.run", args: { target: "clippy", format: "json" }, groupArgs: { matrix: { featSets: ["none", "all"], rustToolchains: ["nightly"] } } }], {}, (args) =>
      args[1] === "clippy" && args.includes("--no-default-features") ? { exitCode: 101, stderr: "error: unused import" } : undefined,
    );
    const report = JSON.parse(results[0]!.error!.message) as { cell: string; result: string; error?: string }[];
    expect(report.map((r) => [r.cell.split("--").slice(0, 4).join("--"), r.result])).toEqual([
      ["test--nightly--x86_64-unknown-linux-gnu--none", "fail"],
      ["test--nightly--x86_64-unknown-linux-gnu--all", "pass"],
      ["release--nightly--x86_64-unknown-linux-gnu--none", "fail"],
      ["release--nightly--x86_64-unknown-linux-gnu--all", "pass"],
    ]);
    expect(report[0]!.error).toContain("check lints:clippy failed in cell test--nightly--x86_64-unknown-linux-gnu--none");
  });

  it("bad lists, targets and options fail before anything is built", async () => {
    const { double, results } = await session([
      { fn: "matrix.run", args: { target: "lints:nope" } },
      { fn: "matrix.run", groupArgs: { matrix: { featSets: ["everything"], exclude: ["profile=test"] } } },
      { fn: "matrix.run", args: { concurrency: 0 } },
      { fn: "matrix.plan", args: { format: "svg" } },
    ]);
    expect(results[0]!.error!.message).toContain('names no function "nope" of lints');
    expect(results[1]!.error!.message).toContain('exclude "profile=test"');
    expect(results[2]!.error!.message).toContain("concurrency 0 is not a positive integer");
    expect(results[3]!.error!.message).toContain('format "svg" is not valid; valid: json, mermaid');
    expect(double.dockerBuilds).toEqual([]);
  });
});

interface ModulePlan {
  target: string;
  cells: { cell: string; layers: string[] }[];
  layers: { id: string; layer: string; kind: string; from: string[] }[];
  distinct: Record<string, number>;
}

describe("the module's plan", () => {
  it("of the 12-cell default matrix: the counts of distinct layers, building nothing", async () => {
    const { double, results } = await session([{ fn: "matrix.plan", args: { target: "build-bins" } }]);
    const p = JSON.parse(String(results[0]!.value)) as ModulePlan;
    expect(p.cells).toHaveLength(12);
    expect(p.distinct).toMatchObject({ system: 1, rocksdb: 1, recipe: 1, "deps-meta": 0, "deps-code": 12, build: 12 });
    const rust = p.layers.filter((l) => l.layer === "rust");
    expect(rust).toHaveLength(2);
    expect(double.dockerBuilds).toEqual([]);
    expect(double.queries.some((q) => /withExec/.test(q.query))).toBe(false);
  });

  it("names, for one cell, exactly the layers the double records the target building on", async () => {
    const targets = ["clippy", "lints:fmt", "lints:typos", "tests:unit", "smokes:smoke-valgrind", "installs:docker", "pkg:deb", "pkg:deb-install", "build-bins", "recipe", "complement:complement-tester", "complement:complement-testee"];
    const one = { cargoProfiles: ["test"], featSets: ["all"], rustToolchains: ["nightly"] };
    const { results } = await session(targets.map((target) => ({ fn: "matrix.plan", args: { target }, groupArgs: { matrix: one } })));
    const toCalls = (t: string): Call => {
      const [g, f] = t.split(":");
      return { fn: f ? `${g}.${camel(f!)}` : camel(g!) };
    };
    const recorded = await doublePlan({ ctor: { source: FIXTURE, stages: DOCKER } }, targets.map(toCalls));
    const layerKeys = new Set<string>(LAYER_FUNCTIONS);
    targets.forEach((t, i) => {
      const p = JSON.parse(String(results[i]!.value)) as ModulePlan;
      const byId = new Map(p.layers.map((l) => [l.id, l.layer]));
      const planned = p.cells[0]!.layers.map((id) => byId.get(id)!).filter((l) => layerKeys.has(l.split(":")[0]!)).sort();
      // a target is its own top layer in the double's record too (build-bins' closure holds build-bins)
      expect(planned, t).toEqual([...recorded.targets[i]!.layersUsed].sort());
    });
  });

  it("as Mermaid: one node per distinct layer, grouped by kind, and the target per cell", async () => {
    const { results } = await session([{ fn: "matrix.plan", args: { target: "clippy", format: "mermaid" } }]);
    const text = String(results[0]!.value);
    expect(text.split("\n")[0]).toBe("flowchart LR");
    expect(text).toContain('subgraph system["system (1)"]');
    expect(text.match(/\(\["clippy @ /g)).toHaveLength(12);
  });
});

describe("the plan is the graph's dry run", () => {
  it("keys each layer by what it reads: the tester by Complement's commit, a package by the files it packs", async () => {
    const one = { cargoProfiles: ["test"], featSets: ["all"], rustToolchains: ["nightly"] };
    const { results } = await session([
      { fn: "matrix.plan", args: { target: "complement:complement-tester" }, groupArgs: { matrix: one } },
      { fn: "matrix.plan", args: { target: "pkg:deb" }, groupArgs: { matrix: one } },
    ]);
    const layer = (i: number, name: string) => (JSON.parse(String(results[i]!.value)) as ModulePlan).layers.find((l) => l.layer === name)! as ModulePlan["layers"][number] & { inputs: Record<string, unknown> };
    expect(layer(0, "complementTester").inputs.settings).toMatchObject({ commit: expect.stringMatching(/^[0-9a-f]{40}$/), goVersion: expect.any(String) });
    // the files given (paths) and those the main package's deb assets name
    expect(layer(1, "package:deb").inputs.assets).toEqual({ source: ["debian", "rpm", "README.md", "LICENSE", "debian/loaf.service", "loaf-example.toml"] });
  });

  it("a cell where a function refuses plans nothing for it: installs:static in a dynamically linked cell", async () => {
    const { results } = await session([{ fn: "matrix.plan", args: { target: "installs:static" }, groupArgs: { matrix: { cargoProfiles: ["test", "release"], featSets: ["all"], rustToolchains: ["nightly"] } } }]);
    const p = JSON.parse(String(results[0]!.value)) as ModulePlan;
    expect(p.cells.map((c) => [c.cell.split("--")[0], c.layers.length > 0])).toEqual([
      ["test", false],
      ["release", true],
    ]);
  });

  it("resolves once: a matrix and a plan read the workspace's manifests once for all their cells and calls", async () => {
    const { double, results } = await session([
      { fn: "matrix.run", args: { target: "lints" }, groupArgs: { matrix: { featSets: ["none", "all"] } } },
      { fn: "matrix.plan", args: { target: "lints" } },
    ]);
    expect(results.map((r) => r.error)).toEqual([undefined, undefined]);
    expect(double.queries.filter((q) => /file \(path: "Cargo\.lock"\) \{ contents/.test(q.query))).toHaveLength(2);
  });
});
