/**
 * The dependency passes: cargo-chef cooks the recipe's skeleton, compiling every dependency of
 * the workspace (all targets, so dev-dependencies too) with the cell's exact flags. Two passes
 * per cell, never more:
 *   meta  `cook --check`: metadata only. check, clippy (its driver wraps workspace members
 *         only, so dependencies are plain rustc checks) and doc (rmeta of dependencies) reuse it.
 *   code  `cook`: code generation. build, the test binaries, the release binaries, packages and
 *         images reuse it.
 * Two passes per cell, where tuwunel's bake cooks five (MIGRATION.md).
 */
import type { Container, File } from "@dagger.io/dagger";
import type { Cell } from "../config/cell.js";
import { PATHS } from "../defaults.js";
import { cellFlags } from "./cargo.js";

/** The two dependency passes: metadata only, or code generation. */
export type DepsPass = "meta" | "code";

/** What a dependency pass is made from. */
export interface DepsInputs {
  /** The kitchen with the cell's environment (cellEnvLayer). */
  readonly cellEnv: Container;
  readonly recipe: File;
  readonly cell: Cell;
  readonly pass: DepsPass;
}

/** The cook command of a pass; the plan counts these as dependency compile passes. */
export function cookCommand(cell: Cell, pass: DepsPass): string[] {
  return [
    "cargo",
    "chef",
    "cook",
    "--recipe-path",
    `${PATHS.recipeDir}/recipe.json`,
    ...(pass === "meta" ? ["--check"] : []),
    "--all-targets",
    ...cellFlags(cell, "chef"),
  ];
}

/** Cook the recipe in the cell's environment: one dependency compile pass. */
export function depsLayer(i: DepsInputs): Container {
  return i.cellEnv.withFile(`${PATHS.recipeDir}/recipe.json`, i.recipe).withExec(cookCommand(i.cell, i.pass));
}
