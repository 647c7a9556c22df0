/**
 * runtime and install: the image a cell's binary runs in, and the binary installed in it. The
 * runtime is the system image plus only what the binary needs at run time (nothing for a static
 * build; the C libraries of RocksDB for a dynamic one), and for the valgrind and perf variants
 * that tool. The binary comes from the buildBins layer: no build tree reaches the image.
 */
import type { Container, File } from "@dagger.io/dagger";
import type { Cell } from "../config/cell.js";
import { runtimePackages, type Linkage } from "../config/rustflags.js";
import { PATHS } from "../defaults.js";
import { buildStage, byContent, STAGE_FILES } from "./stages.js";
import { systemArgs, type SystemInputs } from "./system.js";

/** The runtime images: plain, or with valgrind or perf for those test variants. */
export type RuntimeVariant = "plain" | "valgrind" | "perf";

/** The packages each variant adds, per base distribution. */
export const VARIANT_PACKAGES: Record<string, Record<Exclude<RuntimeVariant, "plain">, string[] | undefined>> = {
  debian: { valgrind: ["valgrind"], perf: ["linux-perf"] },
  // Ubuntu's perf (linux-tools-*) must match the host kernel's version, so bakery offers none.
  ubuntu: { valgrind: ["valgrind"], perf: undefined },
};

/** What a runtime image is made from. */
export interface RuntimeInputs extends SystemInputs {
  /** How the cell's binary links (what shared libraries it needs). */
  readonly linkage: Linkage;
  /** RocksDB's compiled-in libraries (empty when the workspace has no RocksDB). */
  readonly rocksdbWith: readonly string[];
  readonly variant: RuntimeVariant;
}

/** The packages a runtime image adds to the system image. */
export function runtimeImagePackages(i: Pick<RuntimeInputs, "sys" | "linkage" | "rocksdbWith" | "variant">): string[] {
  const libs = runtimePackages(i.linkage, i.rocksdbWith);
  if (i.variant === "plain") return libs;
  const tool = VARIANT_PACKAGES[i.sys.name]?.[i.variant];
  if (!tool) throw new Error(`the ${i.variant} runtime needs a package bakery does not know for sys_name ${i.sys.name}; valid: debian`);
  return [...libs, ...tool];
}

/** The system image plus the runtime packages (the system image itself when there are none). */
export function runtimeLayer(i: RuntimeInputs): Promise<Container> {
  const packages = runtimeImagePackages(i);
  return buildStage({
    stages: i.stages,
    files: [STAGE_FILES.system],
    target: packages.length ? "runtime" : "system",
    args: { ...systemArgs(i), runtime_packages: packages.join(" ") },
    platform: i.sys.platform,
  });
}

/** Where the binary is installed. */
export function installedPath(binary: string): string {
  return `/usr/bin/${binary}`;
}

/** Where cargo left a binary of the cell. */
export function builtPath(cell: Cell, binary: string): string {
  return `${PATHS.targetDir}/${cell.rustTarget}/${cell.profileDir}/${binary}`;
}

/** What an installed image is made from. */
export interface InstallInputs {
  readonly runtime: Container;
  /** The buildBins layer. */
  readonly buildBins: Container;
  readonly cell: Cell;
  readonly binary: string;
  /** docker/lib/check-linkage.sh: mounted for the check only, so editing it reaches no image below install. */
  readonly linkageScript: File;
}

/** The linkage check every installed binary passes (docker/lib/check-linkage.sh, mounted there). */
export function linkageCheck(cell: Cell, binary: string): string[] {
  return ["/usr/local/lib/bakery/check-linkage.sh", cell.rustflags.linkage, installedPath(binary)];
}

/**
 * The runtime image with the cell's binary installed, as the only thing taken from the build,
 * and its linkage checked: a static cell's binary must need no shared library, a dynamic one's
 * must find every library it needs in this image.
 */
export async function installLayer(i: InstallInputs): Promise<Container> {
  const [script] = linkageCheck(i.cell, i.binary);
  return i.runtime
    .withFile(installedPath(i.binary), i.buildBins.file(builtPath(i.cell, i.binary)), { permissions: 0o755 })
    .withMountedFile(script!, await byContent(i.linkageScript, "check-linkage.sh"))
    .withExec(linkageCheck(i.cell, i.binary))
    .withoutMount(script!);
}

/**
 * What an image that serves the checked binary is made from (the service image, the Complement
 * testee): the system, the runtime libraries the binary's linkage and RocksDB need, and the
 * install layer holding the binary at its installed path.
 */
export interface ServedInputs extends SystemInputs {
  readonly linkage: Linkage;
  /** RocksDB's compiled-in libraries (empty when the workspace has no RocksDB). */
  readonly rocksdbWith: readonly string[];
  /** The install layer (installLayer). */
  readonly install: Container;
  readonly binary: string;
}
