/**
 * Smoke tests of the installed binary, in its runtime image (no build tree, no compiler):
 *   version   the binary reports a version
 *   startup   the server starts in its own smoke mode on a throwaway database and exits cleanly
 *   valgrind  startup under valgrind (tuwunel's flags)
 *   perf      startup under `perf stat`
 * The database lives in a temporary mount, so nothing of a run is left in a layer.
 */
import type { Container } from "@dagger.io/dagger";
import { withRerun } from "../layers/rerun.js";
import { installedPath } from "../layers/install.js";
import { VALGRIND_FLAGS } from "./tests.js";
import type { Graph, Node } from "../graph.js";

/** The smoke tests. */
export type SmokeKind = "version" | "startup" | "valgrind" | "perf";

/** Where the throwaway database directory is mounted. */
export const SMOKE_SCRATCH = "/tmp/smoke";

/** Project settings of the smoke tests (tuwunel defaults in defaults.ts). */
export interface SmokeSettings {
  /** Arguments that print the version. */
  readonly versionArgs: readonly string[];
  /** Arguments that start the server in its smoke mode with its database under SMOKE_SCRATCH. */
  readonly startupArgs: readonly string[];
  /** Extra arguments under valgrind. */
  readonly valgrindArgs: readonly string[];
  /** NAME=value environment of the startup runs. */
  readonly env: readonly string[];
}

/** perf's events: software counters, which an unprivileged process may count for itself. */
export const PERF_EVENTS = "task-clock,context-switches,cpu-migrations,page-faults";

/** The command of a smoke test. */
export function smokeCommand(kind: SmokeKind, binary: string, s: SmokeSettings): string[] {
  const bin = installedPath(binary);
  switch (kind) {
    case "version":
      // the check is that something is printed: fail on empty output
      return ["sh", "-c", `out=$("$0" "$@") && echo "$out" && test -n "$out"`, bin, ...s.versionArgs];
    case "startup":
      return [bin, ...s.startupArgs];
    case "valgrind":
      return ["valgrind", ...VALGRIND_FLAGS, bin, ...s.startupArgs, ...s.valgrindArgs];
    case "perf":
      return ["perf", "stat", "-e", PERF_EVENTS, "--", bin, ...s.startupArgs];
  }
}

/** What a smoke test is made from. */
export interface SmokeInputs {
  /** The install image of the kind's runtime variant. */
  readonly install: Container;
  readonly binary: string;
  readonly kind: SmokeKind;
  readonly settings: SmokeSettings;
  readonly rerun: string;
}

export function smokeLeaf(i: SmokeInputs): Container {
  let c = i.install;
  if (i.kind !== "version") {
    c = c.withMountedTemp(SMOKE_SCRATCH);
    for (const kv of i.settings.env) {
      const eq = kv.indexOf("=");
      c = c.withEnvVariable(kv.slice(0, eq), kv.slice(eq + 1));
    }
  }
  return withRerun(c, i.rerun).withExec(smokeCommand(i.kind, i.binary, i.settings));
}

/** A smoke leaf on the graph: the install image of the kind's runtime variant. */
export function smokeOn(g: Graph, kind: SmokeKind, settings: SmokeSettings, rerun: string): Node<Container> {
  return g.leaf(`smokes:smoke-${kind}`, { install: g.install(kind === "perf" ? "perf" : kind === "valgrind" ? "valgrind" : "plain") }, ({ install }) =>
    smokeLeaf({ install, binary: g.binary(), kind, settings, rerun }),
  );
}
