/**
 * Distribution packages, made from the buildBins layer with pinned cargo-deb and
 * cargo-generate-rpm in --no-build mode: nothing is compiled again.
 */
import { dag, type Container, type Directory, type File } from "@dagger.io/dagger";
import type { Cell } from "../config/cell.js";
import { PATHS } from "../defaults.js";
import { withTools } from "./rust.js";
import type { PackageKind } from "../workspace/manifest.js";

/** Where packages are written. */
export const PACKAGES_DIR = "/usr/src/packages";

/** The file name of a package. */
export function packageFile(kind: PackageKind, pkg: string): string {
  return `${pkg}.${kind}`;
}

/**
 * The profile to name to cargo-deb and cargo-generate-rpm so that they read the directory cargo
 * wrote the cell's binaries to. Both look in target/<triple>/<profile>/ and map only dev to
 * debug (cargo-deb 3.6.3 BuildProfile::profile_dir_name, cargo-generate-rpm 0.19.0
 * get_asset_rel_path), while cargo writes test to debug/ and bench to release/. In --no-build
 * mode the name is used for nothing else that bakery relies on.
 */
export function packagingProfile(cell: Pick<Cell, "cargoProfile" | "profileDir">): string {
  if (cell.profileDir === "debug") return "dev";
  if (cell.profileDir === "release") return "release";
  return cell.cargoProfile;
}

/** The packaging command: cargo-deb or cargo-generate-rpm over the built binaries. */
export function packageCommand(kind: PackageKind, cell: Cell, pkg: string, pkgDir: string): string[] {
  const out = `${PACKAGES_DIR}/${packageFile(kind, pkg)}`;
  const common = ["--target", cell.rustTarget, "--profile", packagingProfile(cell)];
  return kind === "deb"
    ? ["cargo", "deb", "--no-build", "--package", pkg, ...common, "--multiarch", "same", "--compress-type", "gz", "--output", out]
    : ["cargo", "generate-rpm", "--package", pkgDir || ".", ...common, "--auto-req", "auto", "--payload-compress", "zstd", "--output", out];
}

/** What a package is made from. */
export interface PackageInputs {
  /** The buildBins layer (binaries under target/). */
  readonly buildBins: Container;
  /** The packaging tool's binaries. */
  readonly tool: Directory;
  /** The files the package metadata refers to (debian/, rpm/, README.md, LICENSE …). */
  readonly assets: Directory;
  readonly cell: Cell;
  readonly kind: PackageKind;
  /** The main package's name and directory. */
  readonly pkg: string;
  readonly pkgDir: string;
}

/** The package, built from the binaries under target/. */
export function packageLayer(i: PackageInputs): File {
  return withTools(i.buildBins, [i.tool])
    .withDirectory(PATHS.workspace, i.assets)
    .withDirectory(PACKAGES_DIR, dag.directory())
    .withExec(packageCommand(i.kind, i.cell, i.pkg, i.pkgDir))
    .directory(PACKAGES_DIR)
    .file(packageFile(i.kind, i.pkg));
}
