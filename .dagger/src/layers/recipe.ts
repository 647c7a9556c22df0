/**
 * recipe: cargo-chef's recipe.json, computed from the workspace's manifests, lockfile, cargo
 * config and the *paths* of its target root files (empty placeholders: prepare only
 * needs them to exist). Source edits never reach it; a new test file or a manifest change does.
 *
 * It runs on the tools image, so it does not depend on the cell's toolchain, and the engine
 * content-addresses the File it returns (Directory.file): when a change leaves recipe.json
 * byte-identical (a member's version bump, which chef masks), the dependency passes still hit.
 */
import { dag, type Container, type Directory, type File } from "@dagger.io/dagger";
import { PATHS } from "../defaults.js";
import type { Workspace } from "../workspace/manifest.js";

/**
 * Files cargo-chef prepare reads besides the member manifests. Not rust-toolchain.toml: the
 * toolchain reaches the graph through the cell (RUSTUP_TOOLCHAIN overrides the file), so a
 * channel bump rebuilds only the cells that build with it.
 */
export const RECIPE_FILES = ["Cargo.lock", ".cargo/config.toml", ".cargo/config"];

/** The recipe's only files from the source (with the members' target roots, made empty). */
export function recipePaths(ws: Workspace): string[] {
  return [...ws.manifests, ...RECIPE_FILES];
}

/** What the recipe is made from. */
export interface RecipeInputs {
  readonly tools: Container;
  /** The workspace's manifests and RECIPE_FILES. */
  readonly files: Directory;
  /** The members' target roots (lib.rs, main.rs, …), made empty: cargo needs them to exist. */
  readonly targetRoots: readonly string[];
}

/** Run cargo chef prepare on the skeleton; the recipe leaves through Directory.file, which the engine content-addresses. */
export function recipeLayer(i: RecipeInputs): File {
  const skeleton = i.targetRoots.reduce((dir, root) => dir.withNewFile(root, ""), i.files);
  return i.tools
    .withDirectory(PATHS.workspace, skeleton)
    .withDirectory(PATHS.recipeDir, dag.directory())
    .withWorkdir(PATHS.workspace)
    .withExec(["cargo", "chef", "prepare", "--recipe-path", `${PATHS.recipeDir}/recipe.json`])
    .directory(PATHS.recipeDir)
    .file("recipe.json");
}
