/**
 * The smokes group: the installed binary in its runtime image.
 */
import { check, func, object, type Container, type Directory, type Secret } from "@dagger.io/dagger";
import { graphCheck } from "./check.js";
import { smokeOn, type SmokeKind, type SmokeSettings } from "../leaves/smokes.js";
import type { CellConfig } from "../config/cell-config.js";

/** Smoke tests of the installed binary, in its runtime image (no build tree, no compiler). */
@object()
export class Smokes {
  source!: Directory;
  stages!: Directory;
  config!: CellConfig;
  gitMirrorsToken!: Secret | undefined;
  cratesMirrorToken!: Secret | undefined;
  versionArgs!: string[];
  startupArgs!: string[];
  valgrindArgs!: string[];
  env!: string[];

  private run(kind: SmokeKind, rerun: string): Promise<Container> {
    const settings: SmokeSettings = { versionArgs: this.versionArgs, startupArgs: this.startupArgs, valgrindArgs: this.valgrindArgs, env: this.env };
    return graphCheck(this, (g) => smokeOn(g, kind, settings, rerun));
  }

  /**
   * The binary reports a version (non-empty output of its version flag).
   * @param rerun Any new value runs the check again although its inputs are unchanged.
   */
  @func()
  @check()
  async smokeVersion(rerun: string = ""): Promise<Container> {
    return this.run("version", rerun);
  }

  /**
   * The server starts in its smoke mode on a throwaway database and exits cleanly.
   * @param rerun Any new value runs the check again although its inputs are unchanged.
   */
  @func()
  @check()
  async smokeStartup(rerun: string = ""): Promise<Container> {
    return this.run("startup", rerun);
  }

  /**
   * The smoke startup under valgrind, in the runtime image with valgrind. Not a default check (tuwunel's smoke group leaves it out).
   * @param rerun Any new value runs the check again although its inputs are unchanged.
   */
  @func()
  async smokeValgrind(rerun: string = ""): Promise<Container> {
    return this.run("valgrind", rerun);
  }

  /**
   * The smoke startup under perf stat (software counters), in the runtime image with perf. Not a default check: without privileges, perf needs the engine host's kernel.perf_event_paranoid at 2 or less, and Debian and Ubuntu default to 3 and 4; where it is refused, the failure quotes perf's own explanation.
   * @param rerun Any new value runs the check again although its inputs are unchanged.
   */
  @func()
  async smokePerf(rerun: string = ""): Promise<Container> {
    return this.run("perf", rerun);
  }
}
