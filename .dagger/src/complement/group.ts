/**
 * The complement group: Matrix Complement against the cell's homeserver. The run is the one
 * step of bakery that asks for root capabilities (insecureRootCapabilities): Complement starts
 * each homeserver of a test as a container and reaches it through ports its Docker daemon
 * publishes, so the run starts a daemon of its own inside the exec. Nothing else is privileged,
 * and no host socket or host network is used.
 */
import { check, dag, func, generate, object, type Changeset, type Container, type Directory, type File, type Secret } from "@dagger.io/dagger";
import { buildOn, checkFailure, failedExec } from "../groups/check.js";
import { baselineChanges, checkBaselinePath, readBaseline, compareResults, failsCheck, formatComparison } from "./baseline.js";
import { checkedGoProxy, type RunOptions } from "./options.js";
import { formatResults, parseResults, parseTestEvents, type Results } from "./results.js";
import type { CellConfig } from "../config/cell-config.js";
import type { ReleaseConfig } from "../config/release-config.js";
import { COMPLEMENT_RESULTS_FILE } from "./defaults.js";
import type { Graph } from "../graph.js";
import { complementRunOn, complementTestee, complementTester } from "./graph.js";
import { COMPLEMENT_PATHS, type ComplementSettings } from "./layers.js";
import { resolveGraph } from "../resolve.js";

/** A run's output and what it was asked. */
interface Run {
  readonly g: Graph;
  readonly out: Directory;
  readonly narrowed: boolean;
}

/** Matrix Complement: tester, testee, runs (plain and under valgrind), the baseline check and its update. */
@object()
export class Complement {
  source!: Directory;
  stages!: Directory;
  config!: CellConfig;
  gitMirrorsToken!: Secret | undefined;
  cratesMirrorToken!: Secret | undefined;
  release!: ReleaseConfig;
  inputs!: Directory;
  url!: string;
  commit!: string;
  goVersion!: string;
  tags!: string[];
  packages!: string[];
  serverArgs!: string[];
  valgrindArgs!: string[];
  goProxy!: string;
  baseline!: string;

  private settings(): ComplementSettings {
    return {
      url: this.url,
      commit: this.commit,
      goVersion: this.goVersion,
      tags: this.tags,
      packages: this.packages,
      serverArgs: this.serverArgs,
      valgrindArgs: this.valgrindArgs,
      goProxy: checkedGoProxy(this.goProxy),
    };
  }

  private async run(o: RunOptions, valgrind: boolean, rerun: string): Promise<Run> {
    const g = await resolveGraph(this);
    const { image } = this.release.validated();
    const { out, narrowed } = await (await complementRunOn(g, this.inputs, this.settings(), image.user, o, valgrind, rerun)).value();
    return { g, out, narrowed };
  }

  private async results(r: Run): Promise<Results> {
    let outcomes: string;
    try {
      outcomes = await r.out.file(COMPLEMENT_PATHS.outcomes).contents();
    } catch (e) {
      const failed = failedExec(e);
      if (failed) throw new Error(checkFailure("complement", r.g.cell, failed));
      throw e;
    }
    const results = parseTestEvents(outcomes, `Complement's output in cell ${r.g.cell.name}`);
    if (results.size === 0) {
      throw new Error(
        `Complement reported no test in cell ${r.g.cell.name}: no test matched, or no homeserver started; complement-output has go-test.jsonl and dockerd.log`,
      );
    }
    return results;
  }

  private async resultsFile(r: Run): Promise<File> {
    return dag.directory().withNewFile(COMPLEMENT_RESULTS_FILE, formatResults(await this.results(r))).file(COMPLEMENT_RESULTS_FILE);
  }

  /** Complement's test binaries, one per test package, built by a pinned Go from Complement at its pinned commit; on the system image only (no Rust layer). */
  @func()
  async complementTester(): Promise<Container> {
    return buildOn(this, (g) => complementTester(g, this.settings()));
  }

  /**
   * The homeserver image Complement runs: the service image's base, the cell's checked binary, the configuration rendered from homeserver.toml at start, and a TLS key made at build time (none is committed), certified by Complement's CA at start.
   * @param valgrind The testee runs the server under valgrind.
   */
  @func()
  async complementTestee(valgrind: boolean = false): Promise<Container> {
    const { image } = this.release.validated();
    return buildOn(this, (g) => complementTestee(g, this.inputs, this.settings(), image.user, valgrind));
  }

  /**
   * Run Complement against the testee and return the results: one {"Action","Test"} line per test outcome, sorted. Privileged: the run starts its own Docker daemon, in which Complement starts the homeservers.
   * @param run Go -run pattern of the tests to run.
   * @param skip Go -skip patterns; replaces the list in complement/skip.txt. ^$ skips nothing.
   * @param count How many times each test runs.
   * @param parallel How many tests of a package run at once.
   * @param timeout Each test binary's time limit (Go duration); default 2h for the test profile, else 1h.
   * @param debug Complement's debug logging.
   * @param verbose Print every homeserver's log, not only those of failing tests.
   * @param rerun Any new value runs the suite again although its inputs are unchanged.
   */
  @func()
  async complement(
    run: string = ".*",
    skip?: string[],
    count: number = 1,
    parallel: number = 1,
    timeout: string = "",
    debug: boolean = false,
    verbose: boolean = false,
    rerun: string = "",
  ): Promise<File> {
    return this.resultsFile(await this.run({ run, skip, count, parallel, timeout, debug, verbose }, false, rerun));
  }

  /**
   * The same run as complement, with the homeserver under valgrind (tuwunel's complement-testee-valgrind).
   * @param run Go -run pattern of the tests to run.
   * @param skip Go -skip patterns; replaces the list in complement/skip.txt. ^$ skips nothing.
   * @param count How many times each test runs.
   * @param parallel How many tests of a package run at once.
   * @param timeout Each test binary's time limit (Go duration); default 2h for the test profile, else 1h.
   * @param debug Complement's debug logging.
   * @param verbose Print every homeserver's log, not only those of failing tests.
   * @param rerun Any new value runs the suite again although its inputs are unchanged.
   */
  @func()
  async complementValgrind(
    run: string = ".*",
    skip?: string[],
    count: number = 1,
    parallel: number = 1,
    timeout: string = "",
    debug: boolean = false,
    verbose: boolean = false,
    rerun: string = "",
  ): Promise<File> {
    return this.resultsFile(await this.run({ run, skip, count, parallel, timeout, debug, verbose }, true, rerun));
  }

  /**
   * A run's whole output: go-test.jsonl (every test2json event, with the tests' and homeservers' output), outcomes.jsonl, dockerd.log and the MANIFEST of test binaries.
   * @param run Go -run pattern of the tests to run.
   * @param skip Go -skip patterns; replaces the list in complement/skip.txt. ^$ skips nothing.
   * @param count How many times each test runs.
   * @param parallel How many tests of a package run at once.
   * @param timeout Each test binary's time limit (Go duration); default 2h for the test profile, else 1h.
   * @param debug Complement's debug logging.
   * @param verbose Print every homeserver's log, not only those of failing tests.
   * @param valgrind The homeserver runs under valgrind.
   * @param rerun Any new value runs the suite again although its inputs are unchanged.
   */
  @func()
  async complementOutput(
    run: string = ".*",
    skip?: string[],
    count: number = 1,
    parallel: number = 1,
    timeout: string = "",
    debug: boolean = false,
    verbose: boolean = false,
    valgrind: boolean = false,
    rerun: string = "",
  ): Promise<Directory> {
    return (await this.run({ run, skip, count, parallel, timeout, debug, verbose }, valgrind, rerun)).out;
  }

  /**
   * Complement against the baseline (the workspace's file named by the group's baseline argument): fails on newly failing tests, and on baseline tests the run did not report unless run or skip narrowed it; reports newly passing tests apart (raise the baseline with dagger generate).
   * @param run Go -run pattern of the tests to run.
   * @param skip Go -skip patterns; replaces the list in complement/skip.txt. ^$ skips nothing.
   * @param count How many times each test runs.
   * @param rerun Any new value runs the suite again although its inputs are unchanged.
   */
  @func()
  @check()
  async gate(run: string = ".*", skip?: string[], count: number = 1, rerun: string = ""): Promise<void> {
    checkBaselinePath(this.baseline);
    const r = await this.run({ run, skip, count, parallel: 1, timeout: "", debug: false, verbose: false }, false, rerun);
    const results = await this.results(r);
    const baseline = await readBaseline(r.g.source, this.baseline);
    const expected: Results = baseline ? parseResults(baseline.text, baseline.where) : new Map();
    const comparison = compareResults(expected, results);
    const report = [
      formatComparison(comparison, r.narrowed),
      baseline ? `baseline: ${baseline.where}` : `no baseline (${this.baseline} is not in the workspace): every failing test is newly failing`,
    ].join("\n");
    if (failsCheck(comparison, r.narrowed)) throw new Error(`check complement:gate failed in cell ${r.g.cell.name}\n${report}`);
    console.error(report);
  }

  /**
   * The baseline from a default run: a changeset that writes the results to the baseline's path in the workspace (dagger generate applies it at the root of the directory it runs in). Empty when the run matches the baseline, so dagger check, which runs generators as checks, passes it exactly when the baseline is up to date.
   * @param rerun Any new value runs the suite again although its inputs are unchanged.
   */
  @func()
  @generate()
  async updateBaseline(rerun: string = ""): Promise<Changeset> {
    checkBaselinePath(this.baseline);
    const run = await this.run({ run: ".*", count: 1, parallel: 1, timeout: "", debug: false, verbose: false }, false, rerun);
    const results = await this.resultsFile(run);
    return baselineChanges(run.g.source.filter({ include: [this.baseline] }), this.baseline, results);
  }
}
