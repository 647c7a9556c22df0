/**
 * The lints. Two compile (check, clippy: all targets, the cell's features, on the metadata
 * dependency pass, so they share one); the others read the source with a pinned tool and
 * depend on no compile layer at all:
 *   fmt     the cell toolchain's rustfmt in check mode over the whole workspace
 *   typos   pinned typos over the tree, with the project's own config when present
 *   audit   pinned cargo-audit over Cargo.lock: it fetches the RustSec advisory database into a
 *           cache volume and asks the crates.io index which locked crates were yanked (both
 *           online); a run is reused for the day it ran, then runs again
 *   lychee  pinned lychee over the docs, offline by default (links to files in the tree, which it
 *           all sees); network checks are opt-in
 */
import { createHash } from "node:crypto";
import { CacheSharingMode, dag, type CacheVolume, type Container, type Directory } from "@dagger.io/dagger";
import { ConfigError } from "../config/axes.js";
import type { Cell } from "../config/cell.js";
import { PATHS } from "../defaults.js";
import { withSources } from "../layers/build.js";
import { cargoCaches, cellFlags, dockerfileCacheKey, type CargoCaches } from "../layers/cargo.js";
import { withRerun } from "../layers/rerun.js";
import { withTools, type CargoTool } from "../layers/rust.js";
import type { Graph, Node } from "../graph.js";

/** What the compiling lints are made from. */
export interface LintInputs {
  /** The metadata dependency pass. */
  readonly depsMeta: Container;
  /** The compile allowlist of the source. */
  readonly source: Directory;
  readonly cell: Cell;
  readonly rerun: string;
}

/** clippy's configuration files at the workspace root. */
export const CLIPPY_CONFIG = ["clippy.toml", ".clippy.toml"];
/** rustfmt's configuration files at the workspace root. */
export const RUSTFMT_CONFIG = ["rustfmt.toml", ".rustfmt.toml"];

/** cargo check of every target with the cell's flags. */
export function checkCommand(cell: Cell): string[] {
  return ["cargo", "check", ...cellFlags(cell, "cargo"), "--all-targets"];
}

/** cargo clippy of every target with the cell's flags, warnings denied. */
export function clippyCommand(cell: Cell): string[] {
  return ["cargo", "clippy", ...cellFlags(cell, "cargo"), "--all-targets", "--no-deps", "--", "-D", "warnings"];
}

/** The check leaf on the metadata pass. */
export function checkLeaf(i: LintInputs): Container {
  return withRerun(withSources(i.depsMeta, i.source), i.rerun).withExec(checkCommand(i.cell));
}

/** The clippy leaf on the metadata pass, with the root clippy configuration. */
export function clippyLeaf(i: LintInputs & { readonly config: Directory }): Container {
  return withRerun(withSources(i.depsMeta, i.source).withDirectory(PATHS.workspace, i.config), i.rerun).withExec(clippyCommand(i.cell));
}

/** What a lint that only reads the source is made from. */
export interface SourceLintInputs {
  /** An image with the lint's tool on PATH. */
  readonly image: Container;
  /** The part of the source the lint reads. */
  readonly source: Directory;
  readonly rerun: string;
}

/** cargo fmt in check mode over every package of the workspace. */
export const FMT_COMMAND = ["cargo", "fmt", "--all", "--check"];

/** A command over the part of the source a lint reads, on an image with its tool, in the workspace. */
export function sourceLintLeaf(i: SourceLintInputs & { readonly command: readonly string[] }): Container {
  return withRerun(i.image.withDirectory(PATHS.workspace, i.source).withWorkdir(PATHS.workspace), i.rerun).withExec([...i.command]);
}

/** typos over the tree; `exclude` adds to the project's own config. */
export function typosCommand(exclude: readonly string[]): string[] {
  return ["typos", "--format", "brief", ...exclude.flatMap((e) => ["--exclude", e]), "."];
}


/**
 * Where cargo-audit reads the advisory database (a given checkout is mounted there), and the
 * cache volume that holds it when fetched: the database is a directory inside the volume, since
 * cargo-audit makes it itself (a clone renamed into place), which a mount point refuses (EBUSY).
 */
export const ADVISORY_DB = "/var/cache/bakery/advisory/db";
export const ADVISORY_VOLUME = "/var/cache/bakery/advisory";
export const AUDIT_CARGO_HOME = "/var/cache/bakery/cargo";

/**
 * The advisory database's volume for one repository: cargo-audit clones it once and fetches it
 * on later runs (it locks it itself). Each URL has its own, so a mirror's clone never meets
 * another remote's history.
 */
export function advisoryDbVolume(url: string): CacheVolume {
  return dag.cacheVolume(dockerfileCacheKey(`bakery-advisory-db-${createHash("sha256").update(url).digest("hex").slice(0, 12)}`));
}

/** An https URL: the only scheme cargo-audit fetches its database over. */
const HTTPS_URL = /^https:\/\/[^\s/]+(\/\S*)?$/;

/**
 * The advisory database's URL, checked: cargo-audit (rustsec) fetches over https only and refuses
 * any other scheme at run time, so bakery refuses it first, naming the option.
 */
export function advisoryDbFetchUrl(url: string): string {
  if (!HTTPS_URL.test(url)) {
    throw new ConfigError(`advisory_db_url "${url}" is not an https:// URL: cargo-audit fetches its database over https only (give a mirror's https URL, or --db=<a checkout> to fetch nothing)`);
  }
  return url;
}

/** The advisory database's URL through the git rewrites, checked as the option is: cargo-audit fetches https only. */
export function mirroredAdvisoryDbUrl(url: string, rewritten: string): string {
  if (rewritten !== url && !HTTPS_URL.test(rewritten)) {
    throw new ConfigError(`gitMirrors rewrites advisory_db_url "${url}" to "${rewritten}", which is not an https:// URL: cargo-audit fetches its database over https only (give the mirror's https URL)`);
  }
  return rewritten;
}

/** Where the audit's database comes from: fetched by cargo-audit from a repository, or a given checkout used as it is. */
export type AdvisorySource = { readonly fetch: string } | { readonly checkout: Directory };

/**
 * cargo-audit over Cargo.lock; `deny` turns warning kinds into failures. Fetching, it updates
 * the database and checks the crates.io index for yanked crates; with a given checkout it
 * fetches nothing, and yanked crates are looked up in the index cargo has cached.
 */
export function auditCommand(deny: readonly string[], fetchUrl?: string): string[] {
  return [
    "cargo-audit", "audit", "--file", "Cargo.lock", "--db", ADVISORY_DB,
    ...(fetchUrl ? ["--url", fetchUrl] : ["--no-fetch"]),
    ...deny.flatMap((d) => ["--deny", d]),
  ];
}

/** The day (UTC) an audit runs on: the audit runs again when it changes, so its findings are at most a day old. */
export function auditDay(now: Date): string {
  return now.toISOString().slice(0, 10);
}

export function auditLeaf(i: SourceLintInputs & { readonly advisories: AdvisorySource; readonly deny: readonly string[]; readonly caches: CargoCaches; readonly day: string }): Container {
  let c = i.image
    .withDirectory(PATHS.workspace, i.source)
    .withWorkdir(PATHS.workspace)
    .withEnvVariable("CARGO_HOME", AUDIT_CARGO_HOME)
    .withMountedCache(`${AUDIT_CARGO_HOME}/registry`, i.caches.registry, { sharing: CacheSharingMode.Shared });
  c = "fetch" in i.advisories
    ? c.withMountedCache(ADVISORY_VOLUME, advisoryDbVolume(i.advisories.fetch), { sharing: CacheSharingMode.Shared }).withEnvVariable("BAKERY_AUDIT_DAY", i.day)
    : c.withMountedDirectory(ADVISORY_DB, i.advisories.checkout);
  return withRerun(c, i.rerun).withExec(auditCommand(i.deny, "fetch" in i.advisories ? i.advisories.fetch : undefined));
}

/** lychee over the given paths: offline unless `online`; root-relative links resolve in the workspace; `exclude` are regexes of input paths to skip. */
export function lycheeCommand(paths: readonly string[], exclude: readonly string[], online: boolean): string[] {
  return [
    "lychee", "--no-progress", ...(online ? [] : ["--offline"]), "--root-dir", PATHS.workspace,
    ...exclude.flatMap((e) => ["--exclude-path", e]),
    ...paths,
  ];
}


/**
 * A lint that runs one pinned tool over the source: the leaf `lints:<name>`, on the build system
 * with the tool's binaries. A new lint of this kind is an entry of CARGO_TOOLS and a function of
 * the lints group calling this (CONTRIBUTING.md).
 */
export interface ToolLint {
  /** The lint's name: its leaf is lints:<name>. */
  readonly name: string;
  /** The crate of CARGO_TOOLS whose binaries it runs. */
  readonly tool: CargoTool;
  /** The part of the source it reads (the whole tree: `g.source`). */
  readonly source: Directory;
  readonly command: readonly string[];
}

/** A tool lint's leaf on the graph. */
export function toolLintOn(g: Graph, lint: ToolLint, rerun: string): Node<Container> {
  return g.leaf(`lints:${lint.name}`, { system: g.system(), tool: g.tool(lint.tool) }, ({ system, tool }) =>
    sourceLintLeaf({ image: withTools(system, [tool]), source: lint.source, command: lint.command, rerun }),
  );
}

/** Whether a rustfmt configuration asks for unstable features, which only a nightly rustfmt applies (a stable one warns and formats without them). */
export function asksUnstableRustfmt(config: string): boolean {
  return /^\s*unstable_features\s*=\s*true\b/m.test(config);
}

/**
 * The fmt leaf on the graph: rustfmt on the cell's toolchain image. A configuration asking for
 * unstable features on a toolchain that is not nightly is refused first, saying so: rustfmt would
 * ignore them and report the whole tree as misformatted.
 */
export async function fmtOn(g: Graph, rerun: string): Promise<Node<Container>> {
  if (g.cell.toolchain.kind !== "nightly") {
    for (const file of RUSTFMT_CONFIG) {
      if ((await g.source.exists(file)) && asksUnstableRustfmt(await g.source.file(file).contents())) {
        throw new ConfigError(
          `lints fmt: ${file} sets unstable_features = true, which rustfmt applies on a nightly toolchain only, and the cell's is ${g.cell.toolchain.channel} (--rust-toolchain=${g.cell.toolchain.key}); run fmt with --rust-toolchain=nightly`,
        );
      }
    }
  }
  return g.leaf("lints:fmt", { rust: g.rust() }, ({ rust }) =>
    sourceLintLeaf({ image: rust, source: g.source.filter({ include: [...g.rustSourcePaths(), ...RUSTFMT_CONFIG] }), command: FMT_COMMAND, rerun }),
  );
}

/** The typos lint: typos over the whole tree. */
export function typosOn(g: Graph, exclude: readonly string[], rerun: string): Node<Container> {
  return toolLintOn(g, { name: "typos", tool: "typos-cli", source: g.source, command: typosCommand(exclude) }, rerun);
}

/** The audit leaf on the graph: cargo-audit on the system with its pinned tool. */
export function auditOn(g: Graph, advisories: AdvisorySource, deny: readonly string[], day: string, rerun: string): Node<Container> {
  const through: AdvisorySource = "fetch" in advisories ? { fetch: mirroredAdvisoryDbUrl(advisories.fetch, g.gitUrl(advisories.fetch)) } : advisories;
  return g.leaf("lints:audit", { system: g.system(), tool: g.tool("cargo-audit") }, ({ system, tool }) =>
    auditLeaf({
      image: withTools(system, [tool]),
      source: g.source.filter({ include: ["Cargo.lock", ".cargo/audit.toml"] }),
      advisories: through,
      deny,
      caches: cargoCaches(),
      day,
      rerun,
    }),
  );
}

/** The lychee lint: it sees the whole tree, since a link may point at any file of it. */
export function lycheeOn(g: Graph, paths: readonly string[], exclude: readonly string[], online: boolean, rerun: string): Node<Container> {
  return toolLintOn(g, { name: "lychee", tool: "lychee", source: g.source, command: lycheeCommand(paths, exclude, online) }, rerun);
}

/** The check leaf on the graph: cargo check on the metadata pass. */
export function checkOn(g: Graph, rerun: string): Node<Container> {
  return g.leaf("lints:check", { depsMeta: g.depsMeta() }, ({ depsMeta }) => checkLeaf({ depsMeta, source: g.rustSource(), cell: g.cell, rerun }));
}

/** The clippy leaf on the graph: clippy on the metadata pass. */
export function clippyOn(g: Graph, rerun: string): Node<Container> {
  return g.leaf("lints:clippy", { depsMeta: g.depsMeta() }, ({ depsMeta }) =>
    clippyLeaf({ depsMeta, source: g.rustSource(), config: g.source.filter({ include: CLIPPY_CONFIG }), cell: g.cell, rerun }),
  );
}
