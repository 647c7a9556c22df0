import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compareResults, failsCheck, formatComparison } from "../../.dagger/src/complement/baseline.js";
import { parseResults, parseTestEvents, type Outcome } from "../../.dagger/src/complement/results.js";
import { REPO_ROOT } from "../harness/schema.js";

const fixture = (name: string) => readFileSync(join(REPO_ROOT, "tests/fixtures/complement", name), "utf8");
const baseline = parseResults(fixture("baseline.jsonl"));
const run = parseTestEvents(fixture("run-a.jsonl"));
const results = (entries: Record<string, Outcome[]>) => new Map(Object.entries(entries).map(([t, o]) => [t, new Set(o)]));

describe("a run against its baseline", () => {
  it("sorts the differences: newly failing, newly passing, missing", () => {
    const c = compareResults(baseline, run);
    expect(c.newlyFailing).toEqual(["TestRoomCreate"]);
    expect(c.newlyPassing).toEqual(["TestSync"]);
    expect(c.newlySkipped).toEqual([]);
    expect(c.missing).toEqual(["TestGone", "TestSameName"]);
    expect(c.counts).toEqual({ pass: 3, fail: 1, skip: 1 });
  });

  it("newly failing fails the check; newly passing alone does not", () => {
    expect(failsCheck(compareResults(baseline, run), true)).toBe(true);
    const better = compareResults(results({ TestA: ["fail"], TestB: ["pass"] }), results({ TestA: ["pass"], TestB: ["pass"] }));
    expect(better.newlyPassing).toEqual(["TestA"]);
    expect(failsCheck(better, false)).toBe(false);
  });

  it("a test missing from the run fails a full run, not a narrowed one", () => {
    const c = compareResults(results({ TestA: ["pass"], TestB: ["pass"] }), results({ TestA: ["pass"] }));
    expect(c.missing).toEqual(["TestB"]);
    expect(failsCheck(c, false)).toBe(true);
    expect(failsCheck(c, true)).toBe(false);
  });

  it("duplicates: each outcome of a test is compared on its own", () => {
    const base = results({ TestSameName: ["pass", "fail"], TestX: ["pass"] });
    expect(compareResults(base, results({ TestSameName: ["pass"], TestX: ["pass"] })).newlyFailing).toEqual([]);
    expect(compareResults(base, results({ TestSameName: ["fail"], TestX: ["pass", "fail"] })).newlyFailing).toEqual(["TestX"]);
  });

  it("a test now only skipped that passed before is reported", () => {
    expect(compareResults(results({ TestA: ["pass"] }), results({ TestA: ["skip"] })).newlySkipped).toEqual(["TestA"]);
  });

  it("a new test that fails is newly failing; with no baseline every failure is", () => {
    expect(compareResults(new Map(), run).newlyFailing).toEqual(["TestRoomCreate"]);
    expect(compareResults(new Map(), run).newlyPassing).toEqual(["TestLogin", "TestLogin/parallel", "TestSync"]);
  });

  it("reports newly failing and newly passing apart", () => {
    expect(formatComparison(compareResults(baseline, run), false)).toBe(
      [
        "3 passed, 1 failed, 1 skipped",
        "newly failing (1):",
        "  TestRoomCreate",
        "newly passing (raise the baseline: dagger generate) (1):",
        "  TestSync",
        "in the baseline but not in the run (2):",
        "  TestGone",
        "  TestSameName",
      ].join("\n"),
    );
  });
});
