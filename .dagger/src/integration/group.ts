/**
 * The integration group: matrix-rust-sdk's integration tests against the cell's homeserver.
 */
import { check, func, object, type Container, type Directory, type Secret } from "@dagger.io/dagger";
import { graphCheck } from "../groups/check.js";
import { rustSdkOn, type RustSdkSettings } from "./rust-sdk.js";
import type { CellConfig } from "../config/cell-config.js";

/** matrix-rust-sdk's integration tests against a bakery-built homeserver bound as a Dagger service. */
@object()
export class Integration {
  source!: Directory;
  stages!: Directory;
  config!: CellConfig;
  gitMirrorsToken!: Secret | undefined;
  cratesMirrorToken!: Secret | undefined;
  url!: string;
  commit!: string;
  testPackage!: string;
  skip!: string[];
  homeserverArgs!: string[];
  valgrindArgs!: string[];
  port!: number;
  timeout!: string;

  private run(valgrind: boolean, rerun: string): Promise<Container> {
    const settings: RustSdkSettings = {
      url: this.url,
      commit: this.commit,
      package: this.testPackage,
      skip: this.skip,
      homeserverArgs: this.homeserverArgs,
      valgrindArgs: this.valgrindArgs,
      port: this.port,
      timeout: this.timeout,
    };
    return graphCheck(this, (g) => rustSdkOn(g, valgrind, settings, rerun));
  }

  /**
   * matrix-rust-sdk's integration tests (pinned commit, tuwunel's skip list, one thread, time-limited) against the homeserver as a service.
   * @param rerun Any new value runs the check again although its inputs are unchanged.
   */
  @func()
  @check()
  async rustSdkInteg(rerun: string = ""): Promise<Container> {
    return this.run(false, rerun);
  }

  /**
   * The same tests against the homeserver running under valgrind; stops at the first failure. Not a default check (tuwunel's integration group leaves it out).
   * @param rerun Any new value runs the check again although its inputs are unchanged.
   */
  @func()
  async rustSdkValgrind(rerun: string = ""): Promise<Container> {
    return this.run(true, rerun);
  }
}
