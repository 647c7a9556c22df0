/**
 * What every cargo step of a cell shares: the download caches, the environment and the flags.
 * They must be identical in the dependency passes and in the workspace builds on top of them,
 * or cargo's fingerprints differ and it recompiles (cargo-chef#92); deriving both from the cell
 * here makes a mismatch impossible.
 */
import { CacheSharingMode, dag, type CacheVolume, type Container } from "@dagger.io/dagger";
import type { Cell } from "../config/cell.js";
import { staticCxxRedirect, type Linkage } from "../config/rustflags.js";
import { CRATES_TOKEN_ENV, cratesMirrorConfig, withGitMirrors, type MirrorAuth, type UrlRewrite } from "../config/mirrors.js";
import { PATHS } from "../defaults.js";

/** The cache volumes every cargo step mounts. */
export interface CargoCaches {
  readonly registry: CacheVolume;
  readonly git: CacheVolume;
}

/**
 * The engine's key of a Dockerfile cache mount's id: BuildKit's converter names the volume
 * "/" + id (dockerfile2llb, with Dagger's empty cache namespace), so the same volume, taken from
 * TypeScript, is cacheVolume("/" + id), mounted with the same sharing mode the Dockerfile gives
 * (the mode is part of a volume's identity once a mount names it).
 */
export function dockerfileCacheKey(id: string): string {
  return `/${id}`;
}

/** The names of cargo's download cache volumes (the stage library's cache mounts use the same ids). */
export const CARGO_CACHE_VOLUMES = { registry: "bakery-cargo-registry", git: "bakery-cargo-git" } as const;

/**
 * Cargo's download caches: crate archives and sources, git checkouts. They depend on no axis
 * (sources are the same for every platform and toolchain), so one volume each, shared with the
 * cargo-tool stage of Dockerfile.rust (ids bakery-cargo-registry and bakery-cargo-git); cargo
 * locks them itself, so SHARED lets concurrent cells download without waiting on each other.
 */
export function cargoCaches(): CargoCaches {
  return { registry: dag.cacheVolume(dockerfileCacheKey(CARGO_CACHE_VOLUMES.registry)), git: dag.cacheVolume(dockerfileCacheKey(CARGO_CACHE_VOLUMES.git)) };
}

/** Mount cargo's download caches under a CARGO_HOME, as the Dockerfile stages mount them. */
export function withCargoCaches(c: Container, cargoHome: string, caches: CargoCaches): Container {
  return c
    .withMountedCache(`${cargoHome}/registry`, caches.registry, { sharing: CacheSharingMode.Shared })
    .withMountedCache(`${cargoHome}/git`, caches.git, { sharing: CacheSharingMode.Shared });
}

/** Flags of every cargo command in a cell. */
export function cellFlags(cell: Cell, unstableSpelling: "cargo" | "chef"): string[] {
  const unstable = cell.rustflags.unstable.flatMap((z) => (unstableSpelling === "cargo" ? [`-Z${z}`] : ["-Z", z]));
  return ["--locked", "--workspace", "--profile", cell.cargoProfile, "--target", cell.rustTarget, ...cell.features.cargoArgs, ...unstable];
}

/** What the cell environment is made from. */
export interface CellEnvInputs {
  readonly kitchen: Container;
  /** The cell's rustflags (CARGO_BUILD_RUSTFLAGS). */
  readonly rustflags: readonly string[];
  /** How the cell links: a static cell gets the C++ runtime's redirect (config/rustflags.ts). */
  readonly linkage: Linkage;
  /** The CARGO_PROFILE_* overrides that reach the cell's profile. */
  readonly profileEnv: readonly string[];
  readonly caches: CargoCaches;
  /** Where cargo downloads through (config/mirrors.ts). */
  readonly mirrors: CargoMirrors;
  /** The mirrors' credentials, when they ask for them. */
  readonly auth?: MirrorAuth;
}

/** The mirrors cargo downloads through: its git dependencies' rewrites, and the crates.io replacement's index ("" for none). */
export interface CargoMirrors {
  readonly git: readonly UrlRewrite[];
  readonly crates: string;
}

/**
 * Cargo on the mirrors: git dependencies fetched by the git CLI (which reads the rewrites as
 * insteadOf rules from its environment, and the mirrors' credentials from its helper; cargo's
 * built-in git reads no such rules), and crates.io replaced in CARGO_HOME's config, its token a
 * secret variable. Without mirrors the image is as it was.
 */
export function withCargoMirrors(c: Container, cargoHome: string, m: CargoMirrors, auth: MirrorAuth = {}): Container {
  let out = c;
  if (m.git.length > 0) out = out.withEnvVariable("CARGO_NET_GIT_FETCH_WITH_CLI", "true");
  out = withGitMirrors(out, m.git, auth.git);
  const config = cratesMirrorConfig(m.crates);
  if (config) out = out.withNewFile(`${cargoHome}/config.toml`, config);
  return auth.crates ? out.withSecretVariable(CRATES_TOKEN_ENV, auth.crates) : out;
}

/** The kitchen with the cell's rustflags, profile overrides, download caches and mirrors. */
export function cellEnvLayer(i: CellEnvInputs): Container {
  let c = withCargoMirrors(withCargoCaches(i.kitchen, PATHS.cargoHome, i.caches), PATHS.cargoHome, i.mirrors, i.auth);
  if (i.linkage === "static") {
    const redirect = staticCxxRedirect(PATHS.staticCxxRedirect, PATHS.staticCxx);
    c = c.withNewFile(redirect.path, redirect.contents);
  }
  c = c
    .withEnvVariable("CARGO_BUILD_RUSTFLAGS", i.rustflags.join(" "))
    .withEnvVariable("CARGO_TERM_COLOR", "always")
    .withEnvVariable("RUST_BACKTRACE", "full");
  for (const kv of [...i.profileEnv].sort()) {
    const eq = kv.indexOf("=");
    c = c.withEnvVariable(kv.slice(0, eq), kv.slice(eq + 1));
  }
  return c;
}
