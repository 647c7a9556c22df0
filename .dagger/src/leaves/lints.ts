/**
 * Lints that compile: check and clippy, all targets, the cell's features, warnings denied for
 * clippy. Both run on the metadata dependency pass, so they share one. The workspace's root
 * clippy configuration reaches clippy alone (per-crate ones sit in the member directories).
 */
import type { Container, Directory } from "@dagger.io/dagger";
import type { Cell } from "../config/cell.js";
import { cellFlags } from "../layers/cargo.js";
import { withSources } from "../layers/build.js";
import { PATHS } from "../defaults.js";

/** What the compiling lints are made from. */
export interface LintInputs {
  /** The metadata dependency pass. */
  readonly depsMeta: Container;
  /** The compile allowlist of the source. */
  readonly source: Directory;
  readonly cell: Cell;
}

/** clippy's configuration files at the workspace root. */
export const CLIPPY_CONFIG = ["clippy.toml", ".clippy.toml"];

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
  return withSources(i.depsMeta, i.source).withExec(checkCommand(i.cell));
}

/** The clippy leaf on the metadata pass, with the root clippy configuration. */
export function clippyLeaf(i: LintInputs & { readonly config: Directory }): Container {
  return withSources(i.depsMeta, i.source).withDirectory(PATHS.workspace, i.config).withExec(clippyCommand(i.cell));
}
