/**
 * The pkg group: distribution packages and documents.
 */
import { check, func, object, type Container, type Directory, type File, type Secret } from "@dagger.io/dagger";
import { buildOn, graphCheck } from "./check.js";
import { bookOn, docsOn } from "../leaves/docs.js";
import { nixOn, smokeNixOn } from "../leaves/nix.js";
import { installCheckOn } from "../leaves/packages.js";
import type { CellConfig } from "../config/cell-config.js";

/** Packages (deb, rpm, nix) of the cell's binaries, made without compiling again, and the book and rustdoc. */
@object()
export class Pkg {
  source!: Directory;
  stages!: Directory;
  config!: CellConfig;
  gitMirrorsToken!: Secret | undefined;
  cratesMirrorToken!: Secret | undefined;
  packagingPaths!: string[];
  bookPaths!: string[];
  nixAttr!: string;
  versionArgs!: string[];

  /** The .deb, made by pinned cargo-deb from the built binaries (--no-build). */
  @func()
  async deb(): Promise<File> {
    return buildOn(this, (g) => g.package("deb", this.packagingPaths));
  }

  /** The .rpm, made by pinned cargo-generate-rpm from the built binaries. */
  @func()
  async rpm(): Promise<File> {
    return buildOn(this, (g) => g.package("rpm", this.packagingPaths));
  }

  /**
   * Install the .deb with apt in a clean system of the cell's distribution (no build tools), run the binary's version check, check its systemd units' programs exist.
   * @param rerun Any new value runs the check again although its inputs are unchanged.
   */
  @func()
  @check()
  async debInstall(rerun: string = ""): Promise<Container> {
    return graphCheck(this, (g) => installCheckOn(g, "deb", this.packagingPaths, this.versionArgs, rerun));
  }

  /**
   * Install the .rpm with dnf in a clean UBI 9 system and check it as debInstall does. Not a default check: a dynamically linked cell's binary needs the build system's glibc, so run it for a static cell (e.g. --cargo-profile=release).
   * @param rerun Any new value runs the check again although its inputs are unchanged.
   */
  @func()
  async rpmInstall(rerun: string = ""): Promise<Container> {
    return graphCheck(this, (g) => installCheckOn(g, "rpm", this.packagingPaths, this.versionArgs, rerun));
  }

  /** The book: pinned mdbook over what book.toml and its pages read (an include that is missing fails it, naming the page). */
  @func()
  async book(): Promise<Directory> {
    return buildOn(this, (g) => bookOn(g, this.bookPaths));
  }

  /**
   * rustdoc of the workspace's crates (private items too), on the metadata dependency pass.
   * @param basePath Where the docs will be served from, for rustdoc's shared static files (needs nightly), e.g. /tuwunel/docs.
   * @param denyWarnings Fail on rustdoc warnings (broken intra-doc links …); by default they are allowed.
   */
  @func()
  async docs(basePath: string = "", denyWarnings: boolean = false): Promise<Directory> {
    return buildOn(this, (g) => docsOn(g, basePath, denyWarnings));
  }

  /** The Nix build of the workspace's flake output, dereferenced out of the store. */
  @func()
  async nix(): Promise<Directory> {
    return buildOn(this, (g) => nixOn(g, this.nixAttr));
  }

  /**
   * The Nix-built binary reports a version. Not a default check: it builds the whole workspace with Nix.
   * @param rerun Any new value runs the check again although its inputs are unchanged.
   */
  @func()
  async smokeNix(rerun: string = ""): Promise<Container> {
    return graphCheck(this, (g) => smokeNixOn(g, this.nixAttr, this.versionArgs, rerun));
  }
}
