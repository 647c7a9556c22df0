/**
 * Workspace facts bakery needs before it builds anything: the member packages, the main
 * package's features, the profiles, the pinned toolchain, the RocksDB pin, and the paths of
 * every cargo target's root file. All of it comes from Cargo.toml, Cargo.lock and
 * rust-toolchain.toml, read through a WorkspaceReader.
 */
import { parse as parseToml } from "smol-toml";
import type { WorkspaceReader } from "./reader.js";
import { rocksdbPin, type RocksdbPin } from "./rocksdb-pin.js";
import { lockSources, type LockSources } from "./lock-sources.js";

/** A package of the workspace. */
export interface Package {
  readonly name: string;
  /** [package] metadata, with `.workspace = true` fields taken from [workspace.package]. */
  readonly metadata: PackageMetadata;
  /** Directory relative to the workspace root ("" for a root package). */
  readonly dir: string;
  readonly features: Readonly<Record<string, readonly string[]>>;
  /** Names of its binary targets ([[bin]] names, or the package name for src/main.rs). */
  readonly binaries: readonly string[];
  readonly hasBinary: boolean;
  /** The assets of its [package.metadata.deb] and [package.metadata.generate-rpm] tables, as written. */
  readonly packaging: Readonly<Record<PackageKind, readonly PackageAsset[]>>;
}

/** The package formats bakery makes. */
export type PackageKind = "deb" | "rpm";

/** One asset of a package's metadata: where a file comes from and where the package installs it. */
export interface PackageAsset {
  /** As written: relative to the package directory (deb), or to the workspace root or the package directory (rpm). */
  readonly source: string;
  /** As written; a trailing slash means "into this directory". */
  readonly dest: string;
}

/** The [package] fields images and packages are labelled with. */
export interface PackageMetadata {
  readonly version?: string;
  readonly description?: string;
  readonly license?: string;
  readonly repository?: string;
  readonly homepage?: string;
  readonly documentation?: string;
  readonly authors: readonly string[];
}

/** The workspace facts bakery reads before building. */
export interface Workspace {
  readonly packages: readonly Package[];
  readonly mainPackage: Package;
  readonly profiles: readonly string[];
  /** `[profile.<name>] inherits`, for the profiles that declare it. */
  readonly profileInherits: Readonly<Record<string, string>>;
  /** rust-toolchain.toml's channel, when the workspace pins one. */
  readonly toolchainChannel?: string;
  readonly rocksdb?: RocksdbPin;
  /** What Cargo.lock says cargo downloads (none without a lockfile). */
  readonly lockSources: LockSources;
  /** Cargo.toml of the root and of every local package (the members, and the path dependencies inside the source). */
  readonly manifests: readonly string[];
  /** The files that define the cargo targets (lib.rs, main.rs, tests/*.rs, build.rs …). */
  readonly targetRoots: readonly string[];
  /** The local packages' directories (members, implicit members, excluded path dependencies), for the compile allowlist. */
  readonly memberDirs: readonly string[];
}

/** Profiles cargo defines for every workspace. */
export const BUILTIN_PROFILES = ["dev", "release", "test", "bench"] as const;

/** The profiles a workspace can build: the built-ins plus its own `[profile.<name>]` tables. */
export function availableProfiles(profileTable: Record<string, unknown> | undefined): string[] {
  return [...new Set([...BUILTIN_PROFILES, ...Object.keys(profileTable ?? {})])];
}

type Toml = Record<string, unknown>;

function table(v: unknown): Toml | undefined {
  return v && typeof v === "object" && !Array.isArray(v) ? (v as Toml) : undefined;
}

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
}

function parse(text: string, path: string): Toml {
  try {
    return parseToml(text) as Toml;
  } catch (e) {
    throw new Error(`${path}: not valid TOML: ${(e as Error).message.split("\n")[0]}`);
  }
}

function join(dir: string, rel: string): string {
  const parts = (dir ? `${dir}/${rel}` : rel).split("/").filter((p) => p !== "" && p !== ".");
  return parts.join("/");
}

/** Cargo's target auto-discovery, relative to a package directory. */
const AUTO_TARGETS: [RegExp, string][] = [
  [/^src\/lib\.rs$/, "autolib"],
  [/^src\/main\.rs$/, "autobins"],
  [/^src\/bin\/[^/]+\.rs$/, "autobins"],
  [/^src\/bin\/[^/]+\/main\.rs$/, "autobins"],
  [/^tests\/[^/]+\.rs$/, "autotests"],
  [/^tests\/[^/]+\/main\.rs$/, "autotests"],
  [/^benches\/[^/]+\.rs$/, "autobenches"],
  [/^benches\/[^/]+\/main\.rs$/, "autobenches"],
  [/^examples\/[^/]+\.rs$/, "autoexamples"],
  [/^examples\/[^/]+\/main\.rs$/, "autoexamples"],
];

/** The target root files of one package, given every .rs path of the workspace. */
export function packageTargetRoots(dir: string, manifest: Toml, rsFiles: readonly string[]): string[] {
  const pkg = table(manifest.package) ?? {};
  const roots = new Set<string>();
  const prefix = dir ? `${dir}/` : "";
  for (const f of rsFiles) {
    if (!f.startsWith(prefix)) continue;
    const rel = f.slice(prefix.length);
    for (const [re, knob] of AUTO_TARGETS) if (re.test(rel) && pkg[knob] !== false) roots.add(f);
  }
  const explicit = [table(manifest.lib), ...["bin", "test", "bench", "example"].flatMap((k) => (Array.isArray(manifest[k]) ? manifest[k] : []))];
  for (const t of explicit) {
    const p = table(t)?.path;
    if (typeof p === "string") roots.add(join(dir, p));
  }
  if (typeof pkg.build === "string") roots.add(join(dir, pkg.build));
  else if (pkg.build !== false && rsFiles.includes(join(dir, "build.rs"))) roots.add(join(dir, "build.rs"));
  return [...roots].sort();
}

/** A [package] field, following `field.workspace = true` to [workspace.package]. */
function inherited(pkg: Toml, wsPackage: Toml | undefined, key: string): unknown {
  const v = pkg[key];
  return table(v)?.workspace === true ? wsPackage?.[key] : v;
}

function metadataOf(pkg: Toml, wsPackage: Toml | undefined): PackageMetadata {
  const str = (k: string): string | undefined => {
    const v = inherited(pkg, wsPackage, k);
    return typeof v === "string" ? v : undefined;
  };
  return {
    version: str("version"),
    description: str("description"),
    license: str("license"),
    repository: str("repository"),
    homepage: str("homepage"),
    documentation: str("documentation"),
    authors: strings(inherited(pkg, wsPackage, "authors")),
  };
}

/** The deb and rpm assets of a [package] table's metadata; cargo-deb's `$auto` and malformed entries are left out. */
function packagingOf(pkg: Toml): Record<PackageKind, PackageAsset[]> {
  const meta = table(pkg.metadata);
  const deb = (Array.isArray(table(meta?.deb)?.assets) ? (table(meta?.deb)!.assets as unknown[]) : [])
    .map((a) => (Array.isArray(a) && typeof a[0] === "string" && typeof a[1] === "string" ? { source: a[0], dest: a[1] } : undefined))
    .filter((a): a is PackageAsset => a !== undefined);
  const rpm = (Array.isArray(table(meta?.["generate-rpm"])?.assets) ? (table(meta?.["generate-rpm"])!.assets as unknown[]) : [])
    .map((a) => table(a))
    .map((a) => (typeof a?.source === "string" && typeof a.dest === "string" ? { source: a.source, dest: a.dest } : undefined))
    .filter((a): a is PackageAsset => a !== undefined);
  return { deb, rpm };
}

function packageOf(dir: string, manifest: Toml, rsFiles: readonly string[], wsPackage?: Toml): Package {
  const pkg = table(manifest.package)!;
  const features: Record<string, string[]> = {};
  for (const [k, v] of Object.entries(table(manifest.features) ?? {})) features[k] = strings(v);
  const name = String(pkg.name);
  const binaries = new Set<string>();
  for (const b of Array.isArray(manifest.bin) ? manifest.bin : []) {
    const n = table(b)?.name;
    if (typeof n === "string") binaries.add(n);
  }
  if (pkg.autobins !== false && rsFiles.includes(join(dir, "src/main.rs"))) binaries.add(name);
  if (pkg.autobins !== false) {
    const prefix = dir ? `${dir}/` : "";
    for (const f of rsFiles) {
      const m = f.startsWith(prefix) ? /^src\/bin\/([^/]+?)(?:\.rs|\/main\.rs)$/.exec(f.slice(prefix.length)) : null;
      if (m) binaries.add(m[1]!);
    }
  }
  return { name, metadata: metadataOf(pkg, wsPackage), dir, features, binaries: [...binaries], hasBinary: binaries.size > 0, packaging: packagingOf(pkg) };
}

/** The tables of a manifest that name dependencies: its own and each `[target.<cfg>]`'s. */
const DEPENDENCY_TABLES = ["dependencies", "dev-dependencies", "build-dependencies", "dev_dependencies", "build_dependencies"];

/** `rel` resolved against `dir` (both inside the source); undefined when it leaves the source. */
function within(dir: string, rel: string): string | undefined {
  const out: string[] = [];
  for (const part of `${dir}/${rel}`.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") {
      if (out.length === 0) return undefined;
      out.pop();
    } else out.push(part);
  }
  return out.join("/");
}

/** A local package to read: its directory, and the dependency that names it (none for a member). */
interface LocalDependency {
  readonly dir: string;
  readonly via?: string;
}

/**
 * The directories of the path dependencies a manifest at `dir` names, in its dependency tables
 * and, for `name.workspace = true`, in the root's [workspace.dependencies] (relative to the
 * root). Throws, naming the manifest, for one that leaves the source.
 */
function pathDependencies(manifest: Toml, dir: string, wsDeps: Toml | undefined): LocalDependency[] {
  const path = dir ? `${dir}/Cargo.toml` : "Cargo.toml";
  const tables = [manifest, ...Object.values(table(manifest.target) ?? {}).map((t) => table(t) ?? {})].flatMap((t) => DEPENDENCY_TABLES.map((k) => table(t[k]) ?? {}));
  const dirs: LocalDependency[] = [];
  for (const deps of tables) {
    for (const [name, spec] of Object.entries(deps)) {
      const d = table(spec);
      const [rel, base] = typeof d?.path === "string" ? [d.path, dir] : d?.workspace === true && typeof table(wsDeps?.[name])?.path === "string" ? [table(wsDeps![name])!.path as string, ""] : [undefined, ""];
      if (rel === undefined) continue;
      const at = within(base, rel);
      if (at === undefined) throw new Error(`${path}: the path dependency ${name} ("${rel}") is outside the source; bakery builds what the source holds`);
      dirs.push({ dir: at, via: `${path}: the path dependency ${name} ("${rel}")` });
    }
  }
  return dirs;
}

/** Expand `[workspace] members` globs (`src/*`) into member directories that hold a Cargo.toml. */
async function memberDirs(reader: WorkspaceReader, ws: Toml): Promise<string[]> {
  const dirs = new Set<string>();
  const exclude = new Set(strings(ws.exclude));
  for (const m of strings(ws.members)) {
    const found = m.includes("*") || m.includes("?") || m.includes("[") ? await reader.glob(`${m}/Cargo.toml`) : [`${m}/Cargo.toml`];
    for (const f of found) {
      const d = f.replace(/\/?Cargo\.toml$/, "");
      if (!exclude.has(d)) dirs.add(d);
    }
  }
  return [...dirs].sort();
}

/** Read and check the workspace. `mainPackage` "" picks the only package with a binary. */
export async function readWorkspace(reader: WorkspaceReader, mainPackage: string): Promise<Workspace> {
  const rootText = await reader.read("Cargo.toml");
  if (rootText === undefined) throw new Error("the source has no Cargo.toml");
  const root = parse(rootText, "Cargo.toml");
  const ws = table(root.workspace);
  const wsPackage = table(ws?.package);
  const members = ws ? await memberDirs(reader, ws) : [];
  const rsFiles = await reader.glob("**/*.rs");

  const packages: Package[] = [];
  const manifests: string[] = [];
  const targetRoots: string[] = [];
  const wsDeps = table(ws?.dependencies);
  const excluded = (dir: string) => strings(ws?.exclude).some((e) => dir === e || dir.startsWith(`${e}/`));
  // The members, then every path dependency they reach inside the source: cargo makes those
  // members too (unless excluded), and builds them either way, so their manifests and files are
  // inputs of the recipe and the compile.
  const local = new Set<string>();
  const queue: LocalDependency[] = members.map((dir) => ({ dir }));
  if (table(root.package)) {
    packages.push(packageOf("", root, rsFiles, wsPackage));
    targetRoots.push(...packageTargetRoots("", root, rsFiles));
    queue.push(...pathDependencies(root, "", wsDeps));
  }
  while (queue.length > 0) {
    const { dir, via } = queue.shift()!;
    if (dir === "" || local.has(dir)) continue;
    local.add(dir);
    const path = `${dir}/Cargo.toml`;
    const text = await reader.read(path);
    if (text === undefined) throw new Error(via ? `${via} has no Cargo.toml` : `workspace member ${dir} has no Cargo.toml`);
    const manifest = parse(text, path);
    if (!table(manifest.package)) throw new Error(`${path} has no [package]`);
    manifests.push(path);
    if (members.includes(dir) || !excluded(dir)) packages.push(packageOf(dir, manifest, rsFiles, wsPackage));
    targetRoots.push(...packageTargetRoots(dir, manifest, rsFiles));
    queue.push(...pathDependencies(manifest, dir, wsDeps));
  }
  manifests.sort().unshift("Cargo.toml");
  if (packages.length === 0) throw new Error("Cargo.toml defines no package and no workspace members");

  let main: Package | undefined;
  if (mainPackage) {
    main = packages.find((p) => p.name === mainPackage);
    if (!main) throw new Error(`mainPackage "${mainPackage}" is not in the workspace; valid: ${packages.map((p) => p.name).join(", ")}`);
  } else {
    const bins = packages.filter((p) => p.hasBinary);
    if (bins.length !== 1) {
      throw new Error(
        `cannot tell the main package: ${bins.length} packages have a binary (${bins.map((p) => p.name).join(", ") || "none"}); set mainPackage`,
      );
    }
    main = bins[0]!;
  }

  const lockText = await reader.read("Cargo.lock");
  const lock = lockText === undefined ? undefined : (parse(lockText, "Cargo.lock") as { package?: [] });
  const rocksdb = lock && rocksdbPin(lock);
  const toolchainText = (await reader.read("rust-toolchain.toml")) ?? (await reader.read("rust-toolchain"));
  let toolchainChannel: string | undefined;
  if (toolchainText !== undefined) {
    const t = /^\s*\[toolchain\]/m.test(toolchainText) ? table(parse(toolchainText, "rust-toolchain.toml").toolchain)?.channel : toolchainText.trim();
    if (typeof t === "string" && t !== "") toolchainChannel = t;
  }
  const profileInherits: Record<string, string> = {};
  for (const [name, p] of Object.entries(table(root.profile) ?? {})) {
    const parent = table(p)?.inherits;
    if (typeof parent === "string") profileInherits[name] = parent;
  }

  return {
    packages,
    mainPackage: main,
    profiles: availableProfiles(table(root.profile)),
    profileInherits,
    toolchainChannel,
    rocksdb,
    lockSources: lockSources(lock ?? {}),
    manifests,
    targetRoots: [...new Set(targetRoots)].sort(),
    memberDirs: [...local].sort(),
  };
}
