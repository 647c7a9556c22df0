/**
 * From a cell's inputs to its graph: validate the configuration (no engine call), check the
 * stage library, pick the workspace (or the embedded default), read its manifests, resolve the
 * cell. Files are read; nothing is built.
 */
import type { Directory } from "@dagger.io/dagger";
import type { Axes, Settings } from "./config/axes.js";
import type { CellConfig } from "./config/cell-config.js";
import { resolveCell, type Cell } from "./config/cell.js";
import type { Workspace } from "./workspace/manifest.js";
import { Graph } from "./graph.js";
import { checkLibrary } from "./layers/stages.js";
import { readWorkspace } from "./workspace/manifest.js";
import { directoryReader } from "./workspace/reader.js";
import { resolveSource } from "./workspace/source.js";

/** What every bakery object carries: the workspace, the stage library (docker/), the cell configuration. */
export interface CellInputs {
  readonly source: Directory;
  readonly stages: Directory;
  readonly config: CellConfig;
}

/** The validated configuration, the checked stage library and the workspace's manifests: read, not built. */
async function load(i: CellInputs) {
  const { axes, settings } = i.config.validated();
  await checkLibrary(i.stages);
  const source = await resolveSource(i.source);
  const workspace = await readWorkspace(directoryReader(source.dir), settings.mainPackage);
  return { axes, settings, source, workspace };
}

/** One cell's graph, from the object's configuration. */
export async function resolveGraph(i: CellInputs): Promise<Graph> {
  const { axes, settings, source, workspace } = await load(i);
  const cell = resolveCell(axes, workspace, settings);
  console.error(`bakery: cell ${cell.name}: toolchain ${cell.toolchain.channel}, ${cell.features.cargoArgs.join(" ")}, ${cell.rustflags.linkage} linkage`);
  return new Graph({ library: i.stages, source: source.dir, workspace, cell, settings, embedded: source.embedded !== undefined });
}

/** Several cells of one workspace: the manifests are read once, each cell resolved against them. Nothing is built. */
export async function resolveCells(i: CellInputs, cells: readonly Axes[]): Promise<{ cells: Cell[]; workspace: Workspace; settings: Settings }> {
  const { settings, workspace } = await load(i);
  return { cells: cells.map((axes) => resolveCell(axes, workspace, settings)), workspace, settings };
}
