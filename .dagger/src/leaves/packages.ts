/**
 * The install checks of the distribution packages (layers/package.ts): each package installed in
 * a clean container of its distribution (no build tools) with its package manager.
 */
import { dag, type Container, type File } from "@dagger.io/dagger";
import { RPM_CHECK_IMAGE } from "../defaults.js";
import { withRerun } from "../layers/rerun.js";
import { byContent } from "../layers/stages.js";
import type { PackageKind } from "../workspace/manifest.js";
import { packagedBinaryPath } from "../workspace/packaging.js";
import type { Graph, Node } from "../graph.js";

/** The install check's script and where the package is placed for it. */
export const INSTALL_CHECK = "/usr/local/lib/bakery/package-install-check.sh";

/** What an install check is made from. */
export interface InstallCheckInputs {
  /** A clean image of the package's distribution. */
  readonly base: Container;
  readonly script: File;
  readonly package: File;
  readonly kind: PackageKind;
  /** The binary the package installs, and its version arguments. */
  readonly binary: string;
  readonly versionArgs: readonly string[];
  readonly rerun: string;
}

export async function installCheckLeaf(i: InstallCheckInputs): Promise<Container> {
  const file = `/tmp/${i.kind === "deb" ? "package.deb" : "package.rpm"}`;
  const c = i.base.withFile(INSTALL_CHECK, await byContent(i.script, "package-install-check.sh")).withFile(file, i.package);
  return withRerun(c, i.rerun).withExec(["sh", INSTALL_CHECK, i.kind, file, i.binary, ...i.versionArgs]);
}

/** An install check on the graph: the package, in the clean system (deb) or the pinned UBI image (rpm). */
export function installCheckOn(g: Graph, kind: PackageKind, paths: readonly string[], versionArgs: readonly string[], rerun: string): Node<Container> {
  return g.leaf(`pkg:${kind}-install`, { base: kind === "deb" ? g.base() : undefined, package: g.package(kind, paths) }, ({ base, package: pkg }) =>
    installCheckLeaf({
      base: base ?? dag.container().from(RPM_CHECK_IMAGE),
      script: g.stages.file("lib/package-install-check.sh"),
      package: pkg,
      kind,
      binary: packagedBinaryPath(g.workspace.mainPackage, kind, g.binary()),
      versionArgs,
      rerun,
    }),
  );
}
