/**
 * Many CI jobs on one engine (the engine lane): sessions at once on the lane's engine, with
 * overlapping work on two cells of the pantry fixture, as parallel jobs pointed at one shared
 * engine would run. Each test works on a copy of the fixture with a feature of its own, so its
 * dependency passes and builds are cold whatever the lane built before, and what ran is the
 * test's (counted from the engine's spans, and its CPU read from /proc).
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "../harness/schema.js";
import type { DriveSpec } from "./drive.js";
import { drive, engineCpuSeconds, engineLogMark, execs, freshPantry, LAB, processesStarted, start, type Drove } from "./lab.js";

const PANTRY = join(REPO_ROOT, "tests/fixtures/pantry");
const CTOR = { source: PANTRY, stages: join(REPO_ROOT, "docker"), rustToolchain: "stable", featSet: "default", rustupMirror: LAB.rustupMirror };
/** The two cells: the test and release profiles of the stable toolchain, default features. */
const CELLS = { cargoProfiles: ["test", "release"], featSets: ["default"], rustToolchains: ["stable"] };
/** The work of a CI run: the lints, the tests and the binaries, of both cells. */
const TARGETS = ["lints:clippy", "tests:unit", "build-bins"];

/** A session running one target over both cells, as a matrix job does. */
const matrixJob = (source: string, target: string): DriveSpec => ({
  ctor: { ...CTOR, source },
  calls: [{ fn: "matrix.run", args: { target }, groupArgs: { matrix: CELLS } }],
});

/** Every call of every session succeeded; the failures, named, otherwise. */
function allPassed(sessions: Drove[]): void {
  expect(sessions.flatMap((d, i) => d.results.filter((r) => r.error).map((r) => `session ${i + 1}, ${r.fn}: ${r.error}`))).toEqual([]);
}

/** Each exec the sessions reached (from their spans): its command, and in how many sessions it appeared. */
function reached(sessions: Drove[]): { command: string; seen: number }[] {
  const by = new Map<string, { command: string; seen: number }>();
  for (const d of sessions) {
    for (const e of execs(d.spans)) {
      const c = by.get(e.digest) ?? { command: e.command, seen: 0 };
      c.seen += 1;
      by.set(e.digest, c);
    }
  }
  return [...by.values()];
}

/** How many times each command was started. */
function tally(commands: string[]): Map<string, number> {
  const n = new Map<string, number>();
  for (const c of commands) n.set(c, (n.get(c) ?? 0) + 1);
  return n;
}

describe("one engine for many jobs", () => {
  it("four sessions at once, overlapping on two cells' lints, tests and binaries: all pass, every shared exec runs once, and cargo's shared caches serve an offline build after", async () => {
    const source = freshPantry("load");
    const specs: DriveSpec[] = [
      ...TARGETS.map((t) => matrixJob(source, t)),
      { ctor: { ...CTOR, source }, calls: ["lints.clippy", "tests.unit", "buildBins"].map((fn) => ({ fn })) },
    ];
    const mark = engineLogMark();
    const sessions = await Promise.all(specs.map((s) => start(s).done));
    allPassed(sessions);
    const shared = reached(sessions).filter((c) => c.seen > 1);
    const cargo = [...tally(processesStarted(mark).filter((a) => a.startsWith("cargo "))).entries()];
    console.log(`load: ${sessions.length} sessions; ${shared.length} execs reached by more than one; cargo processes started: ${cargo.map(([, n]) => n).reduce((a, b) => a + b, 0)}, ${cargo.length} distinct`);
    // every cargo step ran once, however many sessions asked for it
    expect(cargo.filter(([, n]) => n > 1).map(([c, n]) => `${n}× ${c.slice(0, 200)}`)).toEqual([]);
    // and the test is not vacuous: each cell's two dependency passes were cold and ran once, and
    // three of them were reached by several sessions (the release cell's metadata pass serves its
    // clippy alone, which one session runs)
    expect(cargo.filter(([c]) => c.startsWith("cargo chef cook "))).toHaveLength(4);
    expect(shared.filter((c) => c.command.includes("chef cook")), shared.map((c) => c.command).join("\n")).toHaveLength(3);

    // a later session, offline: every crate of the lockfile is in the shared registry volume, whole
    const offline = drive({
      ctor: { ...CTOR, source, cargoProfile: "release" },
      calls: [{ fn: "cellEnv" }],
      probeExec: { on: 0, source, env: {}, args: ["cargo", "build", "--offline", "--locked", "--workspace", "--target", "x86_64-unknown-linux-gnu", "--target-dir", "/tmp/offline"] },
    });
    allPassed([offline]);
    expect(offline.results.find((r) => r.fn === "probe:exec")?.value).toMatch(/Finished(\x1b\[[0-9;]*m)? `dev` profile/);
  });

  it("the same work split over three sessions at once costs at most 1.1× the engine CPU of one session doing it all", async () => {
    const one = freshPantry("one");
    const before = engineCpuSeconds();
    const single = drive({ ctor: { ...CTOR, source: one }, calls: TARGETS.map((target) => ({ fn: "matrix.run", args: { target }, groupArgs: { matrix: CELLS } })) });
    const singleCpu = engineCpuSeconds() - before;
    allPassed([single]);

    const split = freshPantry("split");
    const at = engineCpuSeconds();
    const sessions = await Promise.all(TARGETS.map((t) => start(matrixJob(split, t)).done));
    const splitCpu = engineCpuSeconds() - at;
    allPassed(sessions);
    console.log(`split: one session ${singleCpu.toFixed(1)} CPU s, three sessions ${splitCpu.toFixed(1)} CPU s, ratio ${(splitCpu / singleCpu).toFixed(3)}`);
    // a cold dependency pass costs tens of CPU seconds: the measure is not noise
    expect(singleCpu).toBeGreaterThan(30);
    expect(splitCpu / singleCpu).toBeLessThanOrEqual(1.1);
  });
});
