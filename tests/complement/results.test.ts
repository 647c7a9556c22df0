import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { formatResults, MalformedResults, parseResults, parseTestEvents, type Results } from "../../.dagger/src/complement/results.js";
import { REPO_ROOT } from "../harness/schema.js";

const fixture = (name: string) => readFileSync(join(REPO_ROOT, "tests/fixtures/complement", name), "utf8");
const plain = (r: Results) => Object.fromEntries([...r].map(([t, s]) => [t, [...s].sort()]));

describe("Complement results from go test -json", () => {
  it("keeps the outcomes of tests and subtests, drops package events and output", () => {
    expect(plain(parseTestEvents(fixture("run-a.jsonl")))).toEqual({
      "TestLogin/parallel": ["pass"],
      TestLogin: ["pass"],
      TestRoomCreate: ["fail"],
      TestFederation: ["skip"],
      TestSync: ["pass"],
    });
  });

  it("duplicates: a test run several times, or of the same name in two packages, keeps every outcome", () => {
    expect(plain(parseTestEvents(fixture("run-count2.jsonl")))).toEqual({ TestFlaky: ["fail", "pass"], TestSteady: ["pass"] });
    expect(plain(parseTestEvents(fixture("run-two-packages.jsonl")))).toEqual({ TestSameName: ["fail", "pass"], TestSync: ["pass"] });
  });

  it("writes the seed's results.jsonl format, sorted by test then outcome, identical lines once", () => {
    expect(formatResults(parseTestEvents(fixture("run-a.jsonl") + fixture("run-two-packages.jsonl")))).toBe(
      [
        '{"Action":"skip","Test":"TestFederation"}',
        '{"Action":"pass","Test":"TestLogin"}',
        '{"Action":"pass","Test":"TestLogin/parallel"}',
        '{"Action":"fail","Test":"TestRoomCreate"}',
        '{"Action":"fail","Test":"TestSameName"}',
        '{"Action":"pass","Test":"TestSameName"}',
        '{"Action":"pass","Test":"TestSync"}',
      ].join("\n") + "\n",
    );
    expect(formatResults(new Map())).toBe("");
  });

  it("a stream with lines that are not events is an error naming them", () => {
    let error: unknown;
    try {
      parseTestEvents(fixture("run-malformed.jsonl"), "complement output");
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(MalformedResults);
    const m = (error as Error).message;
    expect(m).toContain("complement output: 2 line(s) cannot be read");
    expect(m).toContain("line 2: not JSON: panic: runtime error: invalid memory address");
    expect(m).toContain('line 4: not a test2json event (no Action): {"Test":"TestC"}');
    expect((error as MalformedResults).bad.map((b) => b.line)).toEqual([2, 4]);
  });

  it("reads a baseline with tuwunel's duplicate names, refusing malformed lines by line number", () => {
    expect(plain(parseResults(fixture("baseline.jsonl"))).TestSameName).toEqual(["fail", "pass"]);
    expect(() => parseResults('{"Action":"pass","Test":"TestA"}\n{"Action":"maybe","Test":"TestB"}\n[]\n', "complement/results.jsonl")).toThrow(
      /complement\/results.jsonl: 2 line\(s\) cannot be read\n  line 2: not \{"Action":"pass\|fail\|skip","Test":"…"\}: [^\n]*\n  line 3: /,
    );
  });

  it("round-trips: a run's results read back as the same results", () => {
    const run = parseTestEvents(fixture("run-a.jsonl") + fixture("run-count2.jsonl"));
    expect(plain(parseResults(formatResults(run)))).toEqual(plain(run));
  });
});
