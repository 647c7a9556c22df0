/**
 * The tests group: `dagger check tests` runs them all, `dagger call tests --nextest unit` one.
 */
import { check, func, object, type Container, type Directory } from "@dagger.io/dagger";
import { graphCheck } from "../checks.js";
import type { TestKind, TestRunner } from "../leaves/tests.js";
import type { CellConfig } from "../config/cell-config.js";

/** Tests on the workspace's compiled test binaries: nothing is recompiled to run them. */
@object()
export class Tests {
  source: Directory;
  stages: Directory;
  config: CellConfig;
  nextest: boolean;

  constructor(source: Directory, stages: Directory, config: CellConfig, nextest: boolean) {
    this.source = source;
    this.stages = stages;
    this.config = config;
    this.nextest = nextest;
  }

  private run(name: string, kind: TestKind, runner: TestRunner, rerun: string): Promise<Container> {
    return graphCheck(this, `tests:${name}`, (g) => g.test(kind, runner, rerun));
  }

  /**
   * Library and binary tests (library benches for the bench profile).
   * @param rerun Any new value runs the check again although its inputs are unchanged.
   */
  @func()
  @check()
  async unit(rerun: string = ""): Promise<Container> {
    return this.run("unit", "unit", this.nextest ? "nextest" : "cargo", rerun);
  }

  /**
   * Integration tests, tests/*.rs (benches/*.rs for the bench profile).
   * @param rerun Any new value runs the check again although its inputs are unchanged.
   */
  @func()
  @check()
  async integ(rerun: string = ""): Promise<Container> {
    return this.run("integ", "integ", this.nextest ? "nextest" : "cargo", rerun);
  }

  /**
   * Doctests, with RUSTDOCFLAGS="-D warnings" applied.
   * @param rerun Any new value runs the check again although its inputs are unchanged.
   */
  @func()
  @check()
  async doc(rerun: string = ""): Promise<Container> {
    return this.run("doc", "doc", "cargo", rerun);
  }

  /**
   * Every bench target, with the cell's profile.
   * @param rerun Any new value runs the check again although its inputs are unchanged.
   */
  @func()
  @check()
  async bench(rerun: string = ""): Promise<Container> {
    return this.run("bench", "bench", "cargo", rerun);
  }

  /**
   * The unit tests' binaries run under valgrind (cargo's runner), not rebuilt.
   * @param rerun Any new value runs the check again although its inputs are unchanged.
   */
  @func()
  @check()
  async unitValgrind(rerun: string = ""): Promise<Container> {
    return this.run("unit-valgrind", "unit", "valgrind", rerun);
  }

  /**
   * The integration tests' binaries run under valgrind (cargo's runner), not rebuilt.
   * @param rerun Any new value runs the check again although its inputs are unchanged.
   */
  @func()
  @check()
  async integValgrind(rerun: string = ""): Promise<Container> {
    return this.run("integ-valgrind", "integ", "valgrind", rerun);
  }
}
