/**
 * Complement results: from the `go test -json` (test2json) stream of a run to lines of
 * `{"Action":"pass|fail|skip","Test":"TestName/sub"}`, sorted by test then outcome — the format
 * of tuwunel's tests/complement/results.jsonl, so an existing baseline works as it is.
 *
 * A test name carries no package, and Complement has tests of the same name in several packages
 * (and -count runs a test several times), so a test has a *set* of outcomes: tuwunel's own
 * baseline lists e.g. TestSync both passing and failing. Identical lines collapse.
 */

/** A test's outcome. */
export type Outcome = "pass" | "fail" | "skip";

/** The outcomes seen for each test name. */
export type Results = ReadonlyMap<string, ReadonlySet<Outcome>>;

const OUTCOMES: readonly Outcome[] = ["fail", "pass", "skip"];

/** A line that is not what it should be. */
export interface BadLine {
  readonly line: number;
  readonly text: string;
  readonly why: string;
}

/** Lines of a stream that could not be read; the stream itself is kept, so nothing is lost. */
export class MalformedResults extends Error {
  override name = "MalformedResults";
  constructor(
    readonly what: string,
    readonly bad: readonly BadLine[],
  ) {
    const shown = bad.slice(0, 5).map((b) => `  line ${b.line}: ${b.why}: ${b.text.length > 120 ? b.text.slice(0, 117) + "…" : b.text}`);
    super([`${what}: ${bad.length} line(s) cannot be read`, ...shown, ...(bad.length > 5 ? [`  … and ${bad.length - 5} more`] : [])].join("\n"));
  }
}

function lines(text: string): { line: number; text: string }[] {
  return text
    .split("\n")
    .map((t, i) => ({ line: i + 1, text: t.trim() }))
    .filter((l) => l.text !== "");
}

function add(out: Map<string, Set<Outcome>>, test: string, outcome: Outcome): void {
  const set = out.get(test) ?? new Set<Outcome>();
  set.add(outcome);
  out.set(test, set);
}

const isOutcome = (a: unknown): a is Outcome => typeof a === "string" && (OUTCOMES as readonly string[]).includes(a);

/** Read a test2json stream: every line must be a JSON event; pass/fail/skip events of tests count. */
export function parseTestEvents(stream: string, what = "go test -json output"): Results {
  const out = new Map<string, Set<Outcome>>();
  const bad: BadLine[] = [];
  for (const { line, text } of lines(stream)) {
    let event: { Action?: unknown; Test?: unknown };
    try {
      event = JSON.parse(text) as typeof event;
    } catch {
      bad.push({ line, text, why: "not JSON" });
      continue;
    }
    if (typeof event !== "object" || event === null || typeof event.Action !== "string") {
      bad.push({ line, text, why: "not a test2json event (no Action)" });
      continue;
    }
    // package events, output, run, pause …: not a test's outcome
    if (typeof event.Test === "string" && isOutcome(event.Action)) add(out, event.Test, event.Action);
  }
  if (bad.length) throw new MalformedResults(what, bad);
  return out;
}

/** Read a results file (lines of `{"Action","Test"}`). */
export function parseResults(text: string, what = "results"): Results {
  const out = new Map<string, Set<Outcome>>();
  const bad: BadLine[] = [];
  for (const { line, text: t } of lines(text)) {
    let entry: { Action?: unknown; Test?: unknown };
    try {
      entry = JSON.parse(t) as typeof entry;
    } catch {
      bad.push({ line, text: t, why: "not JSON" });
      continue;
    }
    if (typeof entry?.Test !== "string" || !isOutcome(entry.Action)) {
      bad.push({ line, text: t, why: 'not {"Action":"pass|fail|skip","Test":"…"}' });
      continue;
    }
    add(out, entry.Test, entry.Action);
  }
  if (bad.length) throw new MalformedResults(what, bad);
  return out;
}

/** The results as a file: one line per (test, outcome), sorted by test, then outcome. */
export function formatResults(results: Results): string {
  const out: string[] = [];
  for (const test of [...results.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))) {
    for (const action of OUTCOMES) if (results.get(test)!.has(action)) out.push(JSON.stringify({ Action: action, Test: test }));
  }
  return out.length ? out.join("\n") + "\n" : "";
}
