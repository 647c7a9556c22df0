/**
 * A Complement run against the expected results (the baseline). Newly failing tests fail the
 * check; newly passing ones are reported so the baseline can be raised (`dagger generate`).
 * Tests of the baseline the run did not report fail it too, unless the run was narrowed on
 * purpose (run or skip patterns): a crashed or truncated run must not pass for a clean one.
 * A test has a set of outcomes (see results.ts), so each outcome is compared on its own.
 */
import type { Changeset, Directory, File } from "@dagger.io/dagger";
import { WORKSPACE_PATH_RE } from "../config/axes.js";
import type { Outcome, Results } from "./results.js";

/** A baseline found: where it is (for messages) and its text. */
export interface Baseline {
  readonly where: string;
  readonly text: string;
}

/** Check a baseline path: relative, inside the workspace. */
export function checkBaselinePath(path: string): string {
  if (!WORKSPACE_PATH_RE.test(path)) {
    throw new Error(`baseline "${path}" is not valid; valid: a relative path inside the workspace, e.g. tests/complement/results.jsonl`);
  }
  return path;
}

/**
 * The expected results: the file at `path` in the workspace (tuwunel's tests/complement/
 * results.jsonl by default), the one file the gate reads and updateBaseline writes; undefined
 * when the workspace has none yet.
 */
export async function readBaseline(source: Directory, path: string): Promise<Baseline | undefined> {
  if (!(await source.exists(checkBaselinePath(path)))) return undefined;
  return { where: path, text: await source.file(path).contents() };
}

/**
 * The change that writes a run's results over the baseline: `baseline` is the workspace's
 * baseline file alone (an empty directory when there is none). Empty when the results are the
 * baseline, byte for byte (the engine compares contents: seen on the engine lane).
 */
export function baselineChanges(baseline: Directory, path: string, results: File): Changeset {
  return baseline.withFile(path, results).changes(baseline);
}

/** How a run differs from its baseline. */
export interface Comparison {
  /** Failing now; never failing in the baseline (passing, skipped, or not there). */
  readonly newlyFailing: readonly string[];
  /** Passing now; never passing in the baseline. */
  readonly newlyPassing: readonly string[];
  /** Only skipped now; passing in the baseline. */
  readonly newlySkipped: readonly string[];
  /** In the baseline; not in the run. */
  readonly missing: readonly string[];
  /** Tests per outcome in the run. */
  readonly counts: Readonly<Record<Outcome, number>>;
}

export function compareResults(baseline: Results, run: Results): Comparison {
  const newlyFailing: string[] = [];
  const newlyPassing: string[] = [];
  const newlySkipped: string[] = [];
  const counts: Record<Outcome, number> = { pass: 0, fail: 0, skip: 0 };
  for (const [test, now] of run) {
    for (const o of now) counts[o]++;
    const before = baseline.get(test) ?? new Set<Outcome>();
    if (now.has("fail") && !before.has("fail")) newlyFailing.push(test);
    if (now.has("pass") && !before.has("pass")) newlyPassing.push(test);
    if (now.has("skip") && now.size === 1 && before.has("pass")) newlySkipped.push(test);
  }
  const missing = [...baseline.keys()].filter((t) => !run.has(t));
  return { newlyFailing: newlyFailing.sort(), newlyPassing: newlyPassing.sort(), newlySkipped: newlySkipped.sort(), missing: missing.sort(), counts };
}

/** Whether a comparison fails the check. */
export function failsCheck(c: Comparison, narrowed: boolean): boolean {
  return c.newlyFailing.length > 0 || (!narrowed && c.missing.length > 0);
}

/** The report of a comparison, newly failing and newly passing listed apart. */
export function formatComparison(c: Comparison, narrowed: boolean, limit = 50): string {
  const list = (title: string, tests: readonly string[]): string[] =>
    tests.length ? [`${title} (${tests.length}):`, ...tests.slice(0, limit).map((t) => `  ${t}`), ...(tests.length > limit ? [`  … and ${tests.length - limit} more`] : [])] : [];
  return [
    `${c.counts.pass} passed, ${c.counts.fail} failed, ${c.counts.skip} skipped`,
    ...list("newly failing", c.newlyFailing),
    ...list("newly passing (raise the baseline: dagger generate)", c.newlyPassing),
    ...list("newly skipped", c.newlySkipped),
    ...list(narrowed ? "not run (the run was narrowed)" : "in the baseline but not in the run", c.missing),
  ].join("\n");
}
