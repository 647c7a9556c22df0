/**
 * A node's id is what its make builds from: for each setting and axis changed alone, the layers
 * whose id in the module's plan changes are exactly those whose result the double records as
 * changed (its digests follow content, as the engine's do). A layer keyed on less than its make
 * reads shows as a digest that moves under an id that stays; one keyed on more, the other way.
 * And a Dagger object can reach a make only as a Keyed input: anything else is refused.
 */
import { describe, expect, it } from "vitest";
import { Keyed, inputKey, TARGET_LAYERS } from "../../.dagger/src/graph.js";
import { AXES as AXIS_DECLS } from "../../.dagger/src/config/axes.js";
import { DEFAULT_BASE_PACKAGES, DEFAULT_BUILD_PACKAGES, DEFAULT_RUST_EXTRA_PATHS } from "../../.dagger/src/defaults.js";
import { layerCore } from "../harness/plan.js";
import { runSession, type Call } from "../harness/module.js";
import { DOCKER, FIXTURE } from "./helpers.js";

/** The targets whose plans hold every layer below, and the call whose result is each layer. */
const PLANNED = ["tools", "rust", "rocksdb", "kitchen", "cell-env", "recipe", "deps-meta", "build", "build-tests", "build-bins", "installs", "pkg:deb", "pkg:rpm", "lints", "pkg:book", "complement:complement-tester", "complement:complement-testee", "complement:complement-valgrind"];
const RESULTS: Record<string, Call> = {
  ...Object.fromEntries(TARGET_LAYERS.map((l) => [l, { fn: l }])),
  ...Object.fromEntries(["cargo-chef", "cargo-audit", "typos-cli", "lychee", "cargo-deb", "cargo-generate-rpm", "mdbook"].map((name) => [`tool:${name}`, { fn: "tool", args: { name } }])),
  "install:plain": { fn: "installs.install" },
  "install:valgrind": { fn: "installs.installValgrind" },
  "install:perf": { fn: "installs.installPerf" },
  image: { fn: "installs.docker" },
  "package:deb": { fn: "pkg.deb" },
  "package:rpm": { fn: "pkg.rpm" },
  complementTester: { fn: "complement.complementTester" },
  complementTestee: { fn: "complement.complementTestee" },
  "complementTestee:valgrind": { fn: "complement.complementTestee", args: { valgrind: true } },
};

const AXES = { cargoProfile: AXIS_DECLS.cargoProfile.default, featSet: AXIS_DECLS.featSet.default, rustToolchain: AXIS_DECLS.rustToolchain.default, sysTarget: AXIS_DECLS.sysTarget.default, sysVersion: AXIS_DECLS.sysVersion.default };
type Axes = typeof AXES;

/** One change: of a setting (the constructor's), or of an axis (the constructor's, and the matrix's one cell). */
const CHANGES: { name: string; settings?: Record<string, unknown>; axes?: Partial<Axes> }[] = [
  { name: "basePackages", settings: { basePackages: [...DEFAULT_BASE_PACKAGES, "less"] } },
  { name: "buildPackages without jemalloc", settings: { buildPackages: DEFAULT_BUILD_PACKAGES.filter((p) => p !== "libjemalloc-dev") } },
  { name: "rocksdbWith", settings: { rocksdbWith: ["lz4", "zstd"] } },
  { name: "rocksdbCxxFlags", settings: { rocksdbCxxFlags: ["-include", "cstdint"] } },
  { name: "rustupMirror", settings: { rustupMirror: "http://mirror.invalid" } },
  { name: "rustExtraPaths", settings: { rustExtraPaths: [...DEFAULT_RUST_EXTRA_PATHS, "README.md"] } },
  { name: "cargoProfileEnv", settings: { cargoProfileEnv: [] } },
  { name: "rustNightly", settings: { rustNightly: "nightly-2026-11-01" } },
  { name: "imageUser", settings: { imageUser: "baker" } },
  { name: "imagePorts", settings: { imagePorts: [8008] } },
  { name: "imageHealthcheck", settings: { imageHealthcheck: [] } },
  { name: "vendor", settings: { vendor: "someone" } },
  { name: "version", settings: { version: "9.9.9" } },
  { name: "revision", settings: { revision: "0123abc" } },
  { name: "cargoProfile", axes: { cargoProfile: "release" } },
  { name: "featSet", axes: { featSet: "none" } },
  { name: "rustToolchain", axes: { rustToolchain: "stable" } },
  { name: "sysTarget", axes: { sysTarget: "x86_64-v3-linux-gnu" } },
  { name: "sysVersion", axes: { sysVersion: "trixie-slim" } },
];

/** Each layer's id in the module's plan of one cell, by layer name. */
async function planIds(settings: Record<string, unknown>, a: Axes): Promise<Map<string, string>> {
  const matrix = { cargoProfiles: [a.cargoProfile], featSets: [a.featSet], rustToolchains: [a.rustToolchain], sysTargets: [a.sysTarget], sysVersions: [a.sysVersion] };
  const { results } = await runSession({ ctor: { source: FIXTURE, stages: DOCKER, ...settings } }, PLANNED.map((target) => ({ fn: "matrix.plan", args: { target }, groupArgs: { matrix } })));
  const ids = new Map<string, string>();
  results.forEach((r, i) => {
    if (r.error) throw new Error(`plan of ${PLANNED[i]}: ${r.error.message}`);
    for (const l of (JSON.parse(String(r.value)) as { layers: { id: string; layer: string }[] }).layers) ids.set(l.layer, l.id);
  });
  return ids;
}

/** Each layer's result digest on the double, by layer name. */
async function digests(settings: Record<string, unknown>, a: Axes): Promise<Map<string, string>> {
  const names = Object.keys(RESULTS);
  const { double, results } = await runSession({ ctor: { source: FIXTURE, stages: DOCKER, ...settings, ...a } }, names.map((n) => RESULTS[n]!));
  return new Map(
    results.map((r, i) => {
      if (r.error) throw new Error(`${names[i]}: ${r.error.message}`);
      return [names[i]!, layerCore(double, double.vertexById(String(r.value))!).digest] as const;
    }),
  );
}

describe("a node's id is what its make builds from", () => {
  it("for each setting and axis changed alone, the ids that change are those of the layers whose results change", { timeout: 240_000 }, async () => {
    const ids = await planIds({}, AXES);
    const built = await digests({}, AXES);
    expect([...built.keys()].filter((l) => !ids.has(l)), "layers the plans do not reach").toEqual([]);
    const disagreements: string[] = [];
    for (const c of CHANGES) {
      const a = { ...AXES, ...c.axes };
      // one session at a time: the SDK's connection is the process's
      const ids2 = await planIds(c.settings ?? {}, a);
      const built2 = await digests(c.settings ?? {}, a);
      for (const layer of built.keys()) {
        const idMoved = ids.get(layer) !== ids2.get(layer);
        const resultMoved = built.get(layer) !== built2.get(layer);
        if (idMoved !== resultMoved) disagreements.push(`${c.name}: ${layer}'s ${resultMoved ? "result changes, its id does not" : "id changes, its result does not"}`);
      }
    }
    expect(disagreements).toEqual([]);
  });

  it("hashes a Keyed input by its key, and refuses a Dagger object (or any class instance) given without one", () => {
    class Directory {}
    expect(inputKey({ files: new Keyed(new Directory(), { source: ["Cargo.toml"] }), n: [1, { a: true }] })).toEqual({ files: { source: ["Cargo.toml"] }, n: [1, { a: true }] });
    expect(() => inputKey({ cell: { source: new Directory() } }, "build")).toThrow("build.cell.source is a Directory, which a node's id cannot hash: give it as a Keyed input");
  });
});
