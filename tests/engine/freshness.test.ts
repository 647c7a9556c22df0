/**
 * Real cargo proves the two dependency passes: on a workspace with some 150 crates.io packages
 * (tests/fixtures/bakehouse), after bakery's metadata pass (cook --check) and code-generation
 * pass (cook), every leaf compiles the workspace's own packages only, by cargo's own account
 * (the freshness oracle, tests/harness/freshness.ts). For two cells: the test profile with every
 * feature, and release with none. And the oracle is shown to catch what it claims: a step whose
 * flags differ from the cooks' recompiles the dependencies, and it says so.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { docCommand, rustdocFlags } from "../../.dagger/src/leaves/docs.js";
import { checkCommand } from "../../.dagger/src/leaves/lints.js";
import { compiledUnits, dependencyUnits } from "../harness/freshness.js";
import { REPO_ROOT } from "../harness/schema.js";
import { cellOf, drive, LAB, type Drove } from "./lab.js";

const BAKEHOUSE = join(REPO_ROOT, "tests/fixtures/bakehouse");
const DOCKER = join(REPO_ROOT, "docker");
const MEMBERS = ["bakehouse", "bakehouse-core", "bakehouse-service"];
const CELLS = [
  { cargoProfile: "test", featSet: "all", packages: [] as string[] },
  { cargoProfile: "release", featSet: "none", packages: ["pkg.rpm", "pkg.book"] },
];

/** The cell as bakery resolves it, for its own command builders. */
const cellOfAxes = (axes: { cargoProfile: string; featSet: string }) => cellOf(BAKEHOUSE, { ...axes, rustToolchain: "stable" });

const LEAVES = ["lints.check", "lints.clippy", "build", "buildTests", "buildBins", "tests.unit", "tests.integ", "tests.doc"];

/** The stderr of each call whose value is a Container, by call. */
function outputs(d: Drove): Record<string, string> {
  const out: Record<string, string> = {};
  for (const r of d.results) {
    expect(r.error, r.fn).toBeUndefined();
    if (r.value?.startsWith("{")) out[r.fn] = (JSON.parse(r.value) as { stderr?: string }).stderr ?? "";
  }
  return out;
}

describe.each(CELLS)("real cargo, $cargoProfile profile, feature set $featSet", ({ packages, ...axes }) => {
  const ctor = { source: BAKEHOUSE, stages: DOCKER, rustToolchain: "stable", rustupMirror: LAB.rustupMirror, ...axes };

  it("the two cooks compile the dependencies; then check, clippy, doc, the builds and the tests compile the workspace only", async () => {
    const cell = await cellOfAxes(axes);
    const d = drive({
      ctor,
      // packages and the book by the pinned cargo-deb, cargo-generate-rpm and mdbook, compiled from crates.io
      calls: [{ fn: "depsMeta" }, { fn: "depsCode" }, ...LEAVES.map((fn) => ({ fn })), { fn: "installs.install" }, { fn: "pkg.deb" }, ...packages.map((fn) => ({ fn }))],
      // rustdoc on the metadata pass, with bakery's own command and flags (pkg docs returns the docs, not cargo's output)
      probeExec: { on: 0, source: BAKEHOUSE, env: { RUSTDOCFLAGS: rustdocFlags(cell, "", false) }, args: docCommand(cell) },
    });
    const out = outputs(d);
    // the cooks really compiled the dependencies (a cached cook shows what it printed when it ran)
    expect(dependencyUnits(out.depsCode!, MEMBERS).length).toBeGreaterThan(50);
    expect(dependencyUnits(out.depsMeta!, MEMBERS).length).toBeGreaterThan(50);
    for (const leaf of LEAVES) expect(dependencyUnits(out[leaf]!, MEMBERS).map((u) => `${u.verb} ${u.name}`), leaf).toEqual([]);
    const doc = d.results.find((r) => r.fn === "probe:exec")!.value!;
    expect(compiledUnits(doc).some((u) => u.verb === "Documenting"), "rustdoc documented the workspace").toBe(true);
    expect(dependencyUnits(doc, MEMBERS).map((u) => `${u.verb} ${u.name}`), "doc").toEqual([]);
  });

  it("the oracle catches a step whose flags differ from the cooks': it recompiles the dependencies", async () => {
    const cell = await cellOfAxes(axes);
    const d = drive({
      ctor,
      calls: [{ fn: "depsMeta" }],
      probeExec: { on: 0, source: BAKEHOUSE, env: { CARGO_BUILD_RUSTFLAGS: `${cell.rustflags.flags.join(" ")} -Coverflow-checks=off` }, args: checkCommand(cell) },
    });
    const out = d.results.find((r) => r.fn === "probe:exec")!.value!;
    expect(dependencyUnits(out, MEMBERS).length).toBeGreaterThan(50);
  });
});

describe("real cargo, bench profile", () => {
  it("the test build compiles the benches; bench runs them, compiling nothing", () => {
    const ctor = { source: BAKEHOUSE, stages: DOCKER, rustToolchain: "stable", rustupMirror: LAB.rustupMirror, cargoProfile: "bench", featSet: "default" };
    const d = drive({ ctor, calls: [{ fn: "depsCode" }, { fn: "buildTests" }, { fn: "tests.bench" }] });
    const out = outputs(d);
    expect(dependencyUnits(out.buildTests!, MEMBERS).map((u) => u.name)).toEqual([]);
    expect(compiledUnits(out["tests.bench"]!)).toEqual([]);
    expect(JSON.stringify(d.results)).toMatch(/weighed 100000 loaves/);
  });
});
