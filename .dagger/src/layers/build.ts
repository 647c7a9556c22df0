/**
 * The workspace builds: the real sources over the cooked skeleton, then one cargo command.
 * Only the compile allowlist of the source reaches them (manifests, lockfile, cargo config, the
 * member directories, the project's extra paths), so a docs-only edit rebuilds nothing here. The target directory lives in the layer, so leaves on top reuse it.
 */
import type { Container, Directory } from "@dagger.io/dagger";
import type { Cell } from "../config/cell.js";
import { PATHS } from "../defaults.js";
import type { Workspace } from "../workspace/manifest.js";
import { cellFlags } from "./cargo.js";
import { RECIPE_FILES } from "./recipe.js";

/** The paths the compiler reads: manifests, lockfile, cargo config, member directories, extras. */
export function rustSourcePaths(ws: Workspace, extraPaths: readonly string[]): string[] {
  return [...new Set([...ws.manifests, ...RECIPE_FILES, ...ws.memberDirs, ...extraPaths])];
}

/** The part of the source the compiler reads. */
export function rustSource(source: Directory, ws: Workspace, extraPaths: readonly string[]): Directory {
  return source.filter({ include: rustSourcePaths(ws, extraPaths) });
}

/** The three workspace builds on the code-generation pass. */
export type BuildKind = "build" | "tests" | "bins";

/** The cargo command of each workspace build. */
export function buildCommand(cell: Cell, kind: BuildKind): string[] {
  const flags = cellFlags(cell, "cargo");
  switch (kind) {
    case "build":
      return ["cargo", "build", ...flags, "--all-targets"];
    case "tests":
      return cell.cargoProfile === "bench"
        ? ["cargo", "bench", ...flags, "--no-run", "--benches"]
        : ["cargo", "test", ...flags, "--no-run", "--tests"];
    case "bins":
      return ["cargo", "build", ...flags, "--bins"];
  }
}

/** What a workspace build is made from. */
export interface BuildInputs {
  /** The code-generation dependency pass. */
  readonly deps: Container;
  readonly source: Directory;
  readonly cell: Cell;
  readonly kind: BuildKind;
}

/** The cooked layer with the real sources in place, before any command runs on them. */
export function withSources(deps: Container, source: Directory): Container {
  return deps.withDirectory(PATHS.workspace, source);
}

/** A workspace build: sources over the cooked skeleton, then its cargo command. */
export function buildLayer(i: BuildInputs): Container {
  return withSources(i.deps, i.source).withExec(buildCommand(i.cell, i.kind));
}
