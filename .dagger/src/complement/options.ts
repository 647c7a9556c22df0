/**
 * The options of a Complement run, validated: tuwunel's run and skip patterns, count,
 * parallelism, time limit and debug switches. A default run skips the tests in complement/
 * skip.txt; a run with other patterns is *narrowed*, and the baseline check then does not
 * miss the tests it left out.
 */
import { ConfigError } from "../config/axes.js";
import { goProxyProblem } from "../config/mirrors.js";
import { COMPLEMENT_TIMEOUTS } from "./defaults.js";
import type { RunSettings } from "./layers.js";

/** The caller's options; `skip` undefined means the default skip list. */
export interface RunOptions {
  readonly run: string;
  readonly skip?: readonly string[];
  readonly count: number;
  readonly parallel: number;
  /** Empty: by the cell's profile (COMPLEMENT_TIMEOUTS). */
  readonly timeout: string;
  readonly debug: boolean;
  readonly verbose: boolean;
}

/** The run pattern of a default run. */
export const RUN_ALL = ".*";

/** A skip list file: one Go -skip pattern per line; blank lines and # comments ignored. */
export function parseSkipList(text: string): string[] {
  return text
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l !== "" && !l.startsWith("#"));
}

const GO_DURATION = /^([0-9]+(\.[0-9]+)?(ns|us|µs|ms|s|m|h))+$/;

/** Validate the options; the settings of the run and whether it is narrowed. */
export function runSettings(o: RunOptions, defaultSkip: readonly string[], profile: string): { settings: RunSettings; narrowed: boolean } {
  const problems: string[] = [];
  if (o.run.trim() === "") problems.push(`run "" is not a pattern; to run every test, pass ${RUN_ALL}`);
  for (const p of o.skip ?? []) if (p.trim() === "" || p.includes("\n")) problems.push(`skip ${JSON.stringify(p)} is not a pattern (one non-empty line each)`);
  if (!Number.isInteger(o.count) || o.count < 1) problems.push(`count ${o.count} is not a positive integer`);
  if (!Number.isInteger(o.parallel) || o.parallel < 1) problems.push(`parallel ${o.parallel} is not a positive integer`);
  if (o.timeout !== "" && !GO_DURATION.test(o.timeout)) problems.push(`timeout "${o.timeout}" is not a Go duration such as 90m or 1h30m`);
  if (problems.length) throw new ConfigError(problems.join("\n"));
  const skip = o.skip ?? defaultSkip;
  return {
    settings: {
      run: o.run,
      skip: skip.join("|"),
      count: o.count,
      parallel: o.parallel,
      timeout: o.timeout || (profile === "test" ? COMPLEMENT_TIMEOUTS.test : COMPLEMENT_TIMEOUTS.other),
      debug: o.debug,
      verbose: o.verbose,
    },
    narrowed: o.run !== RUN_ALL || o.skip !== undefined,
  };
}

/** The Go proxy option checked: a clear error naming it and what is valid. */
export function checkedGoProxy(value: string): string {
  const problem = goProxyProblem(value);
  if (problem) throw new ConfigError(problem);
  return value;
}
