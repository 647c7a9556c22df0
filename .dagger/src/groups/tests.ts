/**
 * The tests group: `dagger check tests` runs them all, `dagger call tests --nextest unit` one.
 */
import { check, func, object, type Container, type Directory, type Secret } from "@dagger.io/dagger";
import { graphCheck } from "./check.js";
import { testOn, type TestKind, type TestRunner } from "../leaves/tests.js";
import type { CellConfig } from "../config/cell-config.js";

/** Tests on the workspace's compiled test binaries: nothing is recompiled to run them. */
@object()
export class Tests {
  source!: Directory;
  stages!: Directory;
  config!: CellConfig;
  gitMirrorsToken!: Secret | undefined;
  cratesMirrorToken!: Secret | undefined;
  nextest!: boolean;

  private run(kind: TestKind, runner: TestRunner, rerun: string): Promise<Container> {
    return graphCheck(this, (g) => testOn(g, kind, runner, rerun));
  }

  /**
   * Library and binary tests (library benches for the bench profile).
   * @param rerun Any new value runs the check again although its inputs are unchanged.
   */
  @func()
  @check()
  async unit(rerun: string = ""): Promise<Container> {
    return this.run("unit", this.nextest ? "nextest" : "cargo", rerun);
  }

  /**
   * Integration tests, tests/*.rs (benches/*.rs for the bench profile).
   * @param rerun Any new value runs the check again although its inputs are unchanged.
   */
  @func()
  @check()
  async integ(rerun: string = ""): Promise<Container> {
    return this.run("integ", this.nextest ? "nextest" : "cargo", rerun);
  }

  /**
   * Doctests.
   * @param denyWarnings Fail on warnings in documentation examples (RUSTDOCFLAGS="-D warnings").
   * @param rerun Any new value runs the check again although its inputs are unchanged.
   */
  @func()
  @check()
  async doc(denyWarnings: boolean = false, rerun: string = ""): Promise<Container> {
    return graphCheck(this, (g) => testOn(g, "doc", "cargo", rerun, denyWarnings));
  }

  /**
   * Every bench target, run from the bench profile's test build (which compiled them), so nothing is compiled here. Needs --cargo-profile=bench. Not a default check: tuwunel runs benches as unit and integ of the bench profile.
   * @param rerun Any new value runs the check again although its inputs are unchanged.
   */
  @func()
  async bench(rerun: string = ""): Promise<Container> {
    return this.run("bench", "cargo", rerun);
  }

  /**
   * The unit tests' binaries run under valgrind (cargo's runner), not rebuilt. Not a default check (not in tuwunel's tests group).
   * @param rerun Any new value runs the check again although its inputs are unchanged.
   */
  @func()
  async unitValgrind(rerun: string = ""): Promise<Container> {
    return this.run("unit", "valgrind", rerun);
  }

  /**
   * The integration tests' binaries run under valgrind (cargo's runner), not rebuilt. Not a default check (not in tuwunel's tests group).
   * @param rerun Any new value runs the check again although its inputs are unchanged.
   */
  @func()
  async integValgrind(rerun: string = ""): Promise<Container> {
    return this.run("integ", "valgrind", rerun);
  }
}
