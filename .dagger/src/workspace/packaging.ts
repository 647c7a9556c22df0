/**
 * What a package's own metadata says about its deb and rpm: where they install the binary, and
 * which files of the tree they pack. cargo-deb reads asset sources relative to the package
 * directory; cargo-generate-rpm tries the working directory (the workspace root) first, then
 * the package directory. Sources under `target/` are build outputs, not files of the tree.
 */
import { posix } from "node:path";
import type { Package, PackageAsset, PackageKind } from "./manifest.js";

/** Where a package installs a binary when its metadata lists no asset for it (cargo-deb's default). */
export const DEFAULT_BINARY_DIR = "/usr/bin";

/** True when an asset is a build output of the binary (target/<profile>/<binary>). */
function isBinaryAsset(a: PackageAsset, binary: string): boolean {
  return /^target\/[^/]+\//.test(a.source) && posix.basename(a.source) === binary;
}

/** Where the package of `kind` installs `binary`: its asset's destination, as an absolute path. */
export function packagedBinaryPath(pkg: Package, kind: PackageKind, binary: string): string {
  const asset = pkg.packaging[kind].find((a) => isBinaryAsset(a, binary));
  if (!asset) {
    if (kind === "deb") return `${DEFAULT_BINARY_DIR}/${binary}`;
    throw new Error(`[package.metadata.generate-rpm] of ${pkg.name} has no asset for the binary ${binary} (source target/release/${binary}); cargo-generate-rpm packs only what assets list`);
  }
  const dest = asset.dest.endsWith("/") ? `${asset.dest}${binary}` : asset.dest;
  return posix.normalize(`/${dest}`);
}

/**
 * The files of the tree a package of `kind` packs (asset sources that are not build outputs),
 * relative to the workspace root. rpm sources are taken relative to the root, as
 * cargo-generate-rpm tries first, and relative to the package directory too, so either exists.
 */
export function packagingAssetPaths(pkg: Package, kind: PackageKind): string[] {
  const fromPackage = (src: string): string => posix.normalize(posix.join(pkg.dir || ".", src));
  const paths = pkg.packaging[kind]
    .filter((a) => !a.source.startsWith("target/"))
    .flatMap((a) => (kind === "deb" ? [fromPackage(a.source)] : [posix.normalize(a.source), fromPackage(a.source)]))
    .map((p) => p.replace(/\/$/, ""))
    .filter((p) => p !== "." && !p.startsWith("../"));
  return [...new Set(paths)].sort();
}
