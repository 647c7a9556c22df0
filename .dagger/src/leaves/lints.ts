/**
 * The lints. Two compile (check, clippy: all targets, the cell's features, on the metadata
 * dependency pass, so they share one); the others read the source with a pinned tool and
 * depend on no compile layer at all:
 *   fmt     the cell toolchain's rustfmt in check mode over the whole workspace
 *   typos   pinned typos over the tree, with the project's own config when present
 *   audit   pinned cargo-audit over Cargo.lock against a RustSec advisory database fetched
 *           from git; the function's cache TTL bounds how old that database can be
 *   lychee  pinned lychee over the docs, offline by default (links to files in the tree);
 *           network checks are opt-in
 */
import type { Container, Directory } from "@dagger.io/dagger";
import type { Cell } from "../config/cell.js";
import { PATHS } from "../defaults.js";
import { withSources } from "../layers/build.js";
import { cellFlags } from "../layers/cargo.js";
import { withRerun } from "../checks.js";

/** What the compiling lints are made from. */
export interface LintInputs {
  /** The metadata dependency pass. */
  readonly depsMeta: Container;
  /** The compile allowlist of the source. */
  readonly source: Directory;
  readonly cell: Cell;
  readonly rerun: string;
}

/** clippy's configuration files at the workspace root. */
export const CLIPPY_CONFIG = ["clippy.toml", ".clippy.toml"];
/** rustfmt's configuration files at the workspace root. */
export const RUSTFMT_CONFIG = ["rustfmt.toml", ".rustfmt.toml"];

/** cargo check of every target with the cell's flags. */
export function checkCommand(cell: Cell): string[] {
  return ["cargo", "check", ...cellFlags(cell, "cargo"), "--all-targets"];
}

/** cargo clippy of every target with the cell's flags, warnings denied. */
export function clippyCommand(cell: Cell): string[] {
  return ["cargo", "clippy", ...cellFlags(cell, "cargo"), "--all-targets", "--no-deps", "--", "-D", "warnings"];
}

/** The check leaf on the metadata pass. */
export function checkLeaf(i: LintInputs): Container {
  return withRerun(withSources(i.depsMeta, i.source), i.rerun).withExec(checkCommand(i.cell));
}

/** The clippy leaf on the metadata pass, with the root clippy configuration. */
export function clippyLeaf(i: LintInputs & { readonly config: Directory }): Container {
  return withRerun(withSources(i.depsMeta, i.source).withDirectory(PATHS.workspace, i.config), i.rerun).withExec(clippyCommand(i.cell));
}

/** What a lint that only reads the source is made from. */
export interface SourceLintInputs {
  /** An image with the lint's tool on PATH. */
  readonly image: Container;
  /** The part of the source the lint reads. */
  readonly source: Directory;
  readonly rerun: string;
}

/** cargo fmt in check mode over every package of the workspace. */
export const FMT_COMMAND = ["cargo", "fmt", "--all", "--check"];

/** rustfmt over the workspace: the cell's toolchain and the sources, nothing compiled. */
export function fmtLeaf(i: SourceLintInputs): Container {
  return withRerun(i.image.withDirectory(PATHS.workspace, i.source).withWorkdir(PATHS.workspace), i.rerun).withExec(FMT_COMMAND);
}

/** typos over the tree; `exclude` adds to the project's own config. */
export function typosCommand(exclude: readonly string[]): string[] {
  return ["typos", "--format", "brief", ...exclude.flatMap((e) => ["--exclude", e]), "."];
}

export function typosLeaf(i: SourceLintInputs & { readonly exclude: readonly string[] }): Container {
  return withRerun(i.image.withDirectory(PATHS.workspace, i.source).withWorkdir(PATHS.workspace), i.rerun).withExec(typosCommand(i.exclude));
}

/** Where the advisory database is mounted for cargo-audit. */
export const ADVISORY_DB = "/usr/share/rustsec/advisory-db";

/** cargo-audit over Cargo.lock with a given database, never fetching; `deny` turns warning kinds into failures. */
export function auditCommand(deny: readonly string[]): string[] {
  return ["cargo-audit", "audit", "--file", "Cargo.lock", "--db", ADVISORY_DB, "--no-fetch", ...deny.flatMap((d) => ["--deny", d])];
}

export function auditLeaf(i: SourceLintInputs & { readonly db: Directory; readonly deny: readonly string[] }): Container {
  return withRerun(
    i.image.withDirectory(PATHS.workspace, i.source).withMountedDirectory(ADVISORY_DB, i.db).withWorkdir(PATHS.workspace),
    i.rerun,
  ).withExec(auditCommand(i.deny));
}

/** lychee over the given paths: offline unless `online`; root-relative links resolve in the workspace. */
export function lycheeCommand(paths: readonly string[], online: boolean): string[] {
  return ["lychee", "--no-progress", ...(online ? [] : ["--offline"]), "--root-dir", PATHS.workspace, ...paths];
}

export function lycheeLeaf(i: SourceLintInputs & { readonly paths: readonly string[]; readonly online: boolean }): Container {
  return withRerun(i.image.withDirectory(PATHS.workspace, i.source).withWorkdir(PATHS.workspace), i.rerun).withExec(
    lycheeCommand(i.paths, i.online),
  );
}
