/**
 * The lints group: `dagger check lints` runs them all, `dagger call lints clippy` one.
 */
import { check, func, object, type Container, type Directory, type Secret } from "@dagger.io/dagger";
import { graphCheck } from "./check.js";
import type { CellConfig } from "../config/cell-config.js";
import { advisoryDbFetchUrl, auditDay, auditOn, checkOn, clippyOn, fmtOn, lycheeOn, typosOn, type AdvisorySource } from "../leaves/lints.js";

/** Lints of the workspace: fmt, typos, audit and lychee read the source with pinned tools; check and clippy share the metadata dependency pass. */
@object()
export class Lints {
  source!: Directory;
  stages!: Directory;
  config!: CellConfig;
  gitMirrorsToken!: Secret | undefined;
  cratesMirrorToken!: Secret | undefined;
  typosExclude!: string[];
  lycheePaths!: string[];
  lycheeExclude!: string[];
  auditDeny!: string[];
  advisoryDbUrl!: string;

  /**
   * rustfmt in check mode over every package, with the cell's toolchain (nightly by default, for rustfmt.toml's unstable options).
   * @param rerun Any new value runs the check again although its inputs are unchanged.
   */
  @func()
  @check()
  async fmt(rerun: string = ""): Promise<Container> {
    return graphCheck(this, (g) => fmtOn(g, rerun));
  }

  /**
   * Pinned typos over the tree, with the project's typos config when present.
   * @param rerun Any new value runs the check again although its inputs are unchanged.
   */
  @func()
  @check()
  async typos(rerun: string = ""): Promise<Container> {
    return graphCheck(this, (g) => typosOn(g, this.typosExclude, rerun));
  }

  /**
   * Pinned cargo-audit over Cargo.lock, online, as tuwunel's: it fetches the RustSec advisory database into a cache volume and asks the crates.io index which locked crates were yanked. A result is reused for the day (UTC) it ran; the next day the audit runs again.
   * @param db An advisory database to use as it is instead (a checkout of rustsec/advisory-db): nothing is fetched, and yanked crates are looked up only in the index cargo has cached.
   * @param rerun Any new value runs the check again although its inputs are unchanged.
   */
  @func({ cache: "24h" })
  @check()
  async audit(db?: Directory, rerun: string = ""): Promise<Container> {
    const advisories: AdvisorySource = db ? { checkout: db } : { fetch: advisoryDbFetchUrl(this.advisoryDbUrl) };
    return graphCheck(this, (g) => auditOn(g, advisories, this.auditDeny, auditDay(new Date()), rerun));
  }

  /**
   * Pinned lychee over the documentation (the group's lycheePaths, less lycheeExclude): links to files of the tree, offline unless asked.
   * @param online Also check links to the web (results then depend on the network).
   * @param rerun Any new value runs the check again although its inputs are unchanged.
   */
  @func()
  @check()
  async lychee(online: boolean = false, rerun: string = ""): Promise<Container> {
    return graphCheck(this, (g) => lycheeOn(g, this.lycheePaths, this.lycheeExclude, online, rerun));
  }

  /**
   * cargo check of every target with the cell's features, on the metadata dependency pass.
   * @param rerun Any new value runs the check again although its inputs are unchanged.
   */
  @func()
  @check()
  async check(rerun: string = ""): Promise<Container> {
    return graphCheck(this, (g) => checkOn(g, rerun));
  }

  /**
   * cargo clippy of every target with the cell's features, warnings denied, on the metadata dependency pass.
   * @param rerun Any new value runs the check again although its inputs are unchanged.
   */
  @func()
  @check()
  async clippy(rerun: string = ""): Promise<Container> {
    return graphCheck(this, (g) => clippyOn(g, rerun));
  }
}
