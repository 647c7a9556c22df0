/**
 * The lints group: `dagger check lints` runs them all, `dagger call lints clippy` one.
 */
import { check, dag, func, object, type Container, type Directory } from "@dagger.io/dagger";
import { graphCheck } from "../checks.js";
import type { CellConfig } from "../config/cell-config.js";

/** Lints of the workspace: fmt, typos, audit and lychee read the source with pinned tools; check and clippy share the metadata dependency pass. */
@object()
export class Lints {
  source: Directory;
  stages: Directory;
  config: CellConfig;
  typosExclude: string[];
  lycheePaths: string[];
  auditDeny: string[];
  advisoryDbUrl: string;
  advisoryDbBranch: string;

  constructor(source: Directory, stages: Directory, config: CellConfig, typosExclude: string[], lycheePaths: string[], auditDeny: string[], advisoryDbUrl: string, advisoryDbBranch: string) {
    this.source = source;
    this.stages = stages;
    this.config = config;
    this.typosExclude = typosExclude;
    this.lycheePaths = lycheePaths;
    this.auditDeny = auditDeny;
    this.advisoryDbUrl = advisoryDbUrl;
    this.advisoryDbBranch = advisoryDbBranch;
  }

  /**
   * rustfmt in check mode over every package, with the cell's toolchain (nightly by default, for rustfmt.toml's unstable options).
   * @param rerun Any new value runs the check again although its inputs are unchanged.
   */
  @func()
  @check()
  async fmt(rerun: string = ""): Promise<Container> {
    return graphCheck(this, "lints:fmt", (g) => g.fmt(rerun));
  }

  /**
   * Pinned typos over the tree, with the project's typos config when present.
   * @param rerun Any new value runs the check again although its inputs are unchanged.
   */
  @func()
  @check()
  async typos(rerun: string = ""): Promise<Container> {
    return graphCheck(this, "lints:typos", (g) => g.typos(this.typosExclude, rerun));
  }

  /**
   * Pinned cargo-audit over Cargo.lock against the RustSec advisory database, fetched from git; a result is reused for at most 24 hours, so the database it used is at most that old. Offline, cargo-audit cannot tell yanked crates and says so.
   * @param db An advisory database to use instead of fetching one (a checkout of rustsec/advisory-db).
   * @param rerun Any new value runs the check again although its inputs are unchanged.
   */
  @func({ cache: "24h" })
  @check()
  async audit(db?: Directory, rerun: string = ""): Promise<Container> {
    const advisories = db ?? dag.git(this.advisoryDbUrl).branch(this.advisoryDbBranch).tree({ discardGitDir: true });
    return graphCheck(this, "lints:audit", (g) => g.audit(advisories, this.auditDeny, rerun));
  }

  /**
   * Pinned lychee over the documentation: links to files in the tree, offline unless asked.
   * @param online Also check links to the web (results then depend on the network).
   * @param rerun Any new value runs the check again although its inputs are unchanged.
   */
  @func()
  @check()
  async lychee(online: boolean = false, rerun: string = ""): Promise<Container> {
    return graphCheck(this, "lints:lychee", (g) => g.lychee(this.lycheePaths, online, rerun));
  }

  /**
   * cargo check of every target with the cell's features, on the metadata dependency pass.
   * @param rerun Any new value runs the check again although its inputs are unchanged.
   */
  @func()
  @check()
  async check(rerun: string = ""): Promise<Container> {
    return graphCheck(this, "lints:check", (g) => g.check(rerun));
  }

  /**
   * cargo clippy of every target with the cell's features, warnings denied, on the metadata dependency pass.
   * @param rerun Any new value runs the check again although its inputs are unchanged.
   */
  @func()
  @check()
  async clippy(rerun: string = ""): Promise<Container> {
    return graphCheck(this, "lints:clippy", (g) => g.clippy(rerun));
  }
}
