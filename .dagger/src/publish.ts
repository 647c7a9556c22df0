/**
 * Publishing: the service image of each requested cell, pushed to a registry with credentials
 * from a Secret, tagged as tuwunel's bake names them: <ref>-<profile>-<feat_set>-<sys_target>.
 * Everything is checked before anything is built or pushed: the cells, the reference, and the
 * credentials (a dry run needs none and returns the references it would push). Images go out
 * with OCI media types, which zstd layers need to work with Podman (tuwunel #79).
 */
import { ImageLayerCompression, type Secret } from "@dagger.io/dagger";
import { AXIS_KEYS } from "./config/axes.js";
import { expandMatrix, type MatrixLists } from "./matrix/expand.js";
import type { CellConfig } from "./config/cell-config.js";
import type { ReleaseConfig } from "./config/release-config.js";
import { resolveGraph, tokensOf, type CellInputs } from "./resolve.js";

/** The registries bakery publishes to. */
export const REGISTRIES = { ghcrIo: "ghcr.io", dockerIo: "docker.io" } as const;

/** The image tag of a cell (tuwunel's scheme). */
export function publishTag(ref: string, c: Pick<CellConfig, "cargoProfile" | "featSet" | "sysTarget">): string {
  return `${ref}-${c.cargoProfile}-${c.featSet}-${c.sysTarget}`;
}

/** Which cells to publish: lists per axis; an empty list means the current cell's value. */
export interface CellSelection {
  readonly cargoProfiles: readonly string[];
  readonly featSets: readonly string[];
  readonly sysTargets: readonly string[];
}

/**
 * The cells of a selection, expanded as matrix expands its lists: the given lists, and the
 * current cell's value on every other axis. A sys_target of another architecture takes the
 * matching Rust target (bakery builds natively).
 */
export function selectedCells(base: CellConfig, s: CellSelection): CellConfig[] {
  const { axes } = base.values();
  const or = (list: readonly string[], v: string): string[] => (list.length ? [...new Set(list)] : [v]);
  const sysTargets = or(s.sysTargets, axes.sysTarget);
  const rustTarget = (sysTarget: string): string => {
    const arch = sysTarget.split("-")[0];
    return axes.rustTarget.startsWith(`${arch}-`) ? axes.rustTarget : `${arch}-unknown-linux-gnu`;
  };
  const rustTargets = [...new Set(sysTargets.map(rustTarget))];
  const lists = {
    ...(Object.fromEntries(AXIS_KEYS.map((a) => [a, [axes[a]]])) as unknown as MatrixLists),
    cargoProfile: or(s.cargoProfiles, axes.cargoProfile),
    featSet: or(s.featSets, axes.featSet),
    rustTarget: rustTargets,
    sysTarget: sysTargets,
  };
  const mismatched = rustTargets.flatMap((r) => sysTargets.filter((t) => rustTarget(t) !== r).map((t) => `rust_target=${r},sys_target=${t}`));
  return expandMatrix(lists, [], mismatched).map((a) => base.withAxes(a));
}

/** What a publish is given. */
export interface PublishRequest {
  readonly registry: string;
  readonly repository: string;
  readonly username: string;
  readonly token?: Secret;
  readonly ref: string;
  readonly dryRun: boolean;
  readonly cells: CellSelection;
}

const REPOSITORY_RE = /^[a-z0-9]+([._-][a-z0-9]+)*(\/[a-z0-9]+([._-][a-z0-9]+)*)*$/;
const REF_RE = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,100}$/;

/** Check a request; nothing is built or pushed when this throws. */
export function checkRequest(r: PublishRequest): void {
  if (!REF_RE.test(r.ref)) {
    throw new Error(`publish needs --ref, the git ref the image is built from (a tag or branch name such as v1.9.3 or main); got "${r.ref}"`);
  }
  if (!REPOSITORY_RE.test(r.repository)) throw new Error(`repository "${r.repository}" is not an image repository name such as owner/name`);
  if (!r.dryRun && (!r.token || !r.username)) {
    throw new Error(
      `publishing to ${r.registry} needs --username and --token (a secret, e.g. --token=env:REGISTRY_TOKEN); nothing was pushed. --dry-run lists the references without pushing`,
    );
  }
}

/** Publish (or, on a dry run, list) the image of each selected cell; returns the references. */
export async function publishImages(inputs: CellInputs & { readonly release: ReleaseConfig }, r: PublishRequest): Promise<string[]> {
  checkRequest(r);
  const { image, release } = inputs.release.validated();
  const cells = selectedCells(inputs.config, r.cells);
  const addresses = cells.map((c) => `${r.registry}/${r.repository}:${publishTag(r.ref, c)}`);
  if (r.dryRun) return addresses;
  return Promise.all(
    cells.map(async (config, n) => {
      const g = await resolveGraph({ source: inputs.source, stages: inputs.stages, config, ...tokensOf(inputs) });
      const built = await g.image(image, release).value();
      return built.withRegistryAuth(r.registry, r.username, r.token!).publish(addresses[n]!, { forcedCompression: ImageLayerCompression.Zstd });
    }),
  );
}
