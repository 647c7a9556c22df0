/**
 * From a cell's inputs to its graph: check the stage library, pick the workspace (or the
 * embedded default), read its manifests, resolve the cell. Files are read; nothing is built.
 * The configuration was validated where it was made (the constructor, the matrix's expansion,
 * publish's selection) and is not validated again.
 */
import type { Directory, Secret } from "@dagger.io/dagger";
import { ConfigError } from "./config/axes.js";
import type { CellConfig } from "./config/cell-config.js";
import { resolveCell } from "./config/cell.js";
import { gitTree, rewriteUrl, urlRewrites, type MirrorAuth } from "./config/mirrors.js";
import { EMBEDDED_SOURCE } from "./defaults.js";
import type { Workspace } from "./workspace/manifest.js";
import { Graph, isDryRun } from "./graph.js";
import { checkStages } from "./layers/stages.js";
import { readWorkspace } from "./workspace/manifest.js";
import { directoryReader } from "./workspace/reader.js";
import { embeddedFailure, resolveSource, type ResolvedSource } from "./workspace/source.js";

/**
 * What every bakery object carries: the workspace, the stage library (docker/), the cell
 * configuration, and the private mirrors' credentials (Secrets, top-level fields as the
 * directories are; undefined when not given).
 */
export interface CellInputs {
  readonly source: Directory;
  readonly stages: Directory;
  readonly config: CellConfig;
  /** The git mirrors' token (the constructor's gitMirrorsToken). */
  readonly gitMirrorsToken: Secret | undefined;
  /** The crates.io replacement's token (the constructor's cratesMirrorToken). */
  readonly cratesMirrorToken: Secret | undefined;
}

/** The private mirrors' tokens an object carries (CellInputs' Secret fields). */
export type MirrorTokens = Pick<CellInputs, "gitMirrorsToken" | "cratesMirrorToken">;

/** An object's mirror tokens, for the objects it makes (each carries them as top-level fields). */
export function tokensOf(o: MirrorTokens): MirrorTokens {
  return { gitMirrorsToken: o.gitMirrorsToken, cratesMirrorToken: o.cratesMirrorToken };
}

/** Refuse a token given for a mirror that is not: a token sent nowhere is a mistake in the call. */
export function checkMirrorTokens(i: CellInputs): void {
  const { gitMirrors, cratesMirror } = i.config.values().settings;
  if (i.gitMirrorsToken && gitMirrors.length === 0) throw new ConfigError("gitMirrorsToken is given but gitMirrors names no mirror; give --git-mirrors=<from>=<to>, or drop the token");
  if (i.cratesMirrorToken && cratesMirror === "") throw new ConfigError("cratesMirrorToken is given but cratesMirror is crates.io; give --crates-mirror=<index URL>, or drop the token");
}

/** The credentials of a cell's inputs, as its graph sends them (only those given). */
export function mirrorAuth(i: CellInputs): MirrorAuth {
  const { gitMirrorsUser } = i.config.values().settings;
  return {
    ...(i.gitMirrorsToken ? { git: { user: gitMirrorsUser, token: i.gitMirrorsToken } } : {}),
    ...(i.cratesMirrorToken ? { crates: i.cratesMirrorToken } : {}),
  };
}

/** The manifests of a source, once per source, stage library and main package in this process. */
const loaded = new WeakMap<Directory, WeakMap<Directory, Map<string, Promise<Loaded>>>>();

interface Loaded {
  readonly source: ResolvedSource;
  readonly workspace: Workspace;
}

/**
 * The checked stage library and the workspace's manifests: read, not built, and read once per
 * main package, git rewrites and git user (a read with another token of the same user reuses it:
 * a failed read is not kept).
 */
function load(source: Directory, stages: Directory, mainPackage: string, gitMirrors: readonly string[], auth: MirrorAuth): Promise<Loaded> {
  const key = JSON.stringify([mainPackage, gitMirrors, auth.git?.user ?? null]);
  const bySource = loaded.get(source) ?? new WeakMap<Directory, Map<string, Promise<Loaded>>>();
  loaded.set(source, bySource);
  const byStages = bySource.get(stages) ?? new Map<string, Promise<Loaded>>();
  bySource.set(stages, byStages);
  let l = byStages.get(key);
  if (!l) {
    l = (async () => {
      await checkStages(stages);
      const rules = urlRewrites(gitMirrors);
      const resolved = await resolveSource(source, { url: rewriteUrl(EMBEDDED_SOURCE.url, rules), tree: (commit) => gitTree(EMBEDDED_SOURCE.url, commit, rules, auth.git) });
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
  const auth = mirrorAuth(i);
  const { source, workspace } = await load(i.source, i.stages, settings.mainPackage, settings.gitMirrors, auth);
  const cell = resolveCell(axes, workspace, settings);
  if (!isDryRun()) console.error(`bakery: cell ${cell.name}: toolchain ${cell.toolchain.channel}, ${cell.features.cargoArgs.join(" ")}, ${cell.rustflags.linkage} linkage`);
  return new Graph({ stages: i.stages, source: source.dir, workspace, cell, settings, auth, embedded: source.embedded !== undefined });
}
