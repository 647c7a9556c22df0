/**
 * Lints that compile: check and clippy, all targets, the cell's features, warnings denied for
 * clippy. Both run on the metadata dependency pass, so they share one.
 */
import type { Container, Directory } from "@dagger.io/dagger";
import type { Cell } from "../config/cell.js";
import { cellFlags } from "../layers/cargo.js";
import { withSources } from "../layers/build.js";

/** What the compiling lints are made from. */
export interface LintInputs {
  /** The metadata dependency pass. */
  readonly depsMeta: Container;
  readonly source: Directory;
  readonly cell: Cell;
}

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

/** The clippy leaf on the metadata pass. */
export function clippyLeaf(i: LintInputs): Container {
  return withSources(i.depsMeta, i.source).withExec(clippyCommand(i.cell));
}
