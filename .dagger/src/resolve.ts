/**
 * From a cell's inputs to its graph: check the stage library, pick the workspace (or the
 * embedded default), read its manifests, resolve the cell. Files are read; nothing is built.
 * The configuration was validated where it was made (the constructor, the matrix's expansion,
 * publish's selection) and is not validated again.
 */
import type { Directory } from "@dagger.io/dagger";
import type { CellConfig } from "./config/cell-config.js";
import { resolveCell } from "./config/cell.js";
import { urlRewrites, rewriteUrl } from "./config/mirrors.js";
import { EMBEDDED_SOURCE } from "./defaults.js";
import type { Workspace } from "./workspace/manifest.js";
import { Graph, isDryRun } from "./graph.js";
import { checkStages } from "./layers/stages.js";
import { readWorkspace } from "./workspace/manifest.js";
import { directoryReader } from "./workspace/reader.js";
import { embeddedFailure, resolveSource, type ResolvedSource } from "./workspace/source.js";

/** What every bakery object carries: the workspace, the stage library (docker/), the cell configuration. */
export interface CellInputs {
  readonly source: Directory;
  readonly stages: Directory;
  readonly config: CellConfig;
}

/** The manifests of a source, once per source, stage library and main package in this process. */
const loaded = new WeakMap<Directory, WeakMap<Directory, Map<string, Promise<Loaded>>>>();

interface Loaded {
  readonly source: ResolvedSource;
  readonly workspace: Workspace;
}

/** The checked stage library and the workspace's manifests: read, not built, and read once per main package and git rewrites. */
function load(source: Directory, stages: Directory, mainPackage: string, gitMirrors: readonly string[]): Promise<Loaded> {
  const key = JSON.stringify([mainPackage, gitMirrors]);
  const bySource = loaded.get(source) ?? new WeakMap<Directory, Map<string, Promise<Loaded>>>();
  loaded.set(source, bySource);
  const byStages = bySource.get(stages) ?? new Map<string, Promise<Loaded>>();
  bySource.set(stages, byStages);
  let l = byStages.get(key);
  if (!l) {
    l = (async () => {
      await checkStages(stages);
      const resolved = await resolveSource(source, rewriteUrl(EMBEDDED_SOURCE.url, urlRewrites(gitMirrors)));
      const workspace = await readWorkspace(directoryReader(resolved.dir), mainPackage).catch((e: unknown) => {
        throw resolved.embedded ? embeddedFailure(resolved.embedded, e) : e;
      });
      return { source: resolved, workspace };
    })();
    // a failed read is not kept: the next call reads again
    l.catch(() => byStages.delete(key));
    byStages.set(key, l);
  }
  return l;
}

/**
 * One cell's graph, from the object's configuration as its constructor validated it: what a
 * function adds is the workspace's manifests (read once per process) and the cell resolved
 * against them.
 */
export async function resolveGraph(i: CellInputs): Promise<Graph> {
  const { axes, settings } = i.config.values();
  const { source, workspace } = await load(i.source, i.stages, settings.mainPackage, settings.gitMirrors);
  const cell = resolveCell(axes, workspace, settings);
  if (!isDryRun()) console.error(`bakery: cell ${cell.name}: toolchain ${cell.toolchain.channel}, ${cell.features.cargoArgs.join(" ")}, ${cell.rustflags.linkage} linkage`);
  return new Graph({ stages: i.stages, source: source.dir, workspace, cell, settings, embedded: source.embedded !== undefined });
}
