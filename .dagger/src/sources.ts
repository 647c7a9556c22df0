/**
 * `sources`: every external input a cell's builds reach, with its pin and the mirror it goes
 * through, read from the cell's graph (its workspace's Cargo.lock, its settings) without
 * building anything. A plugin adds its own (plugins.ts).
 */
import { ConfigError } from "./config/axes.js";
import { rewriteUrl } from "./config/mirrors.js";
import { CARGO_TOOLS, EMBEDDED_SOURCE, NIX_IMAGE, RPM_CHECK_IMAGE, RUSTUP_VERSION, TOOLS_TOOLCHAIN } from "./defaults.js";
import type { Graph } from "./graph.js";
import { isCommit } from "./workspace/lock-sources.js";

/** What kind of place an input is fetched from. */
export type SourceKind = "git" | "crates" | "image" | "rustup" | "apt" | "go";

/** One external input. */
export interface SourceRow {
  readonly kind: SourceKind;
  /** Where it is, upstream. */
  readonly url: string;
  /** What fixes its content: a commit, a version, a checksum, or what floats. */
  readonly pin: string;
  readonly pinned: boolean;
  /** The layers and leaves that fetch it. */
  readonly usedBy: readonly string[];
  /** Where it is fetched from: the mirror, "direct", or how it can be redirected. */
  readonly via: string;
}

/** The crates.io index as Cargo.lock names it. */
export const CRATES_IO_INDEX = "https://github.com/rust-lang/crates.io-index";

/** How a git URL is fetched under the cell's rewrites. */
function gitVia(g: Graph, url: string): string {
  const to = g.gitUrl(url);
  return to === url ? "direct" : to;
}

/** A git input, fetched through the cell's rewrites. */
export function gitSource(g: Graph, url: string, commit: string, usedBy: readonly string[]): SourceRow {
  const pinned = isCommit(commit);
  return { kind: "git", url, pin: pinned ? commit : commit || "the default branch's head", pinned, usedBy, via: gitVia(g, url) };
}

/** The inputs of the Rust pipeline for the cell of `g`. */
export function pipelineSources(g: Graph, advisoryDbUrl: string): SourceRow[] {
  const rows: SourceRow[] = [];
  const { settings, workspace, cell } = g;
  if (g.embedded) rows.push(gitSource(g, EMBEDDED_SOURCE.url, EMBEDDED_SOURCE.commit, ["the workspace (embedded default)"]));
  for (const s of workspace.lockSources.git) {
    const rocksdb = workspace.rocksdb?.url === s.url && workspace.rocksdb.rev === s.commit;
    rows.push(gitSource(g, s.url, s.commit, rocksdb ? ["rocksdb (and its RocksDB submodule)", "depsMeta", "depsCode"] : ["depsMeta", "depsCode"]));
  }
  for (const [index, r] of Object.entries(workspace.lockSources.registries)) {
    const pinned = r.checksummed === r.crates;
    const crates = index === CRATES_IO_INDEX;
    rows.push({ kind: "crates", url: index, pin: `${r.crates} crate${r.crates === 1 ? "" : "s"}${pinned ? ", each by checksum" : `, ${r.crates - r.checksummed} without a checksum`}`, pinned, usedBy: ["depsMeta", "depsCode"], via: crates && settings.cratesMirror ? settings.cratesMirror : "direct" });
  }
  const tools = Object.entries(CARGO_TOOLS).map(([crate, t]) => `${crate}@${t.version}`);
  rows.push({ kind: "crates", url: CRATES_IO_INDEX, pin: `${tools.length} tools by version, each with its lockfile (--locked): ${tools.join(" ")}`, pinned: true, usedBy: ["tool"], via: settings.cratesMirror || "direct" });
  const dist = settings.rustupMirror || "https://static.rust-lang.org";
  const channel = cell.toolchain.channel;
  const channelPinned = /^\d+\.\d+\.\d+$/.test(channel) || /^nightly-\d{4}-\d{2}-\d{2}$/.test(channel);
  rows.push({ kind: "rustup", url: "https://static.rust-lang.org", pin: `rustup ${RUSTUP_VERSION}, the cell's toolchain ${channel}${channelPinned ? "" : " (floats)"}, bakery's ${TOOLS_TOOLCHAIN}`, pinned: channelPinned, usedBy: ["toolsToolchain", "rust"], via: dist === "https://static.rust-lang.org" ? "direct" : dist });
  const base = `${cell.sys.name}:${cell.sys.version}`;
  rows.push({ kind: "image", url: `docker.io/library/${base}`, pin: `tag ${cell.sys.version} (floats)`, pinned: false, usedBy: ["system", "base"], via: "the engine's registry mirrors (engine.json)" });
  const archive = cell.sys.name === "ubuntu" ? "http://archive.ubuntu.com/ubuntu" : "http://deb.debian.org/debian";
  const apt = rewriteUrl(archive, g.aptRewrites);
  rows.push({ kind: "apt", url: archive, pin: `${cell.sys.version}'s packages as the archive serves them (they float)`, pinned: false, usedBy: ["system", "base"], via: apt === archive ? "direct" : apt });
  rows.push({ kind: "image", url: `docker.io/${NIX_IMAGE}`, pin: `tag ${NIX_IMAGE.split(":")[1]}`, pinned: false, usedBy: ["pkg:nix"], via: "the engine's registry mirrors (engine.json)" });
  rows.push({ kind: "image", url: RPM_CHECK_IMAGE, pin: `tag ${RPM_CHECK_IMAGE.split(":").at(-1)}`, pinned: false, usedBy: ["pkg:rpm-install"], via: "the engine's registry mirrors (engine.json)" });
  rows.push({ kind: "git", url: advisoryDbUrl, pin: "its head, fetched again each day (an audit reads the newest advisories)", pinned: false, usedBy: ["lints:audit"], via: gitVia(g, advisoryDbUrl) });
  return rows;
}

/** The sources as a table: one line per input. */
export function formatSources(rows: readonly SourceRow[]): string {
  const head = ["kind", "url", "pin", "used by", "via"];
  const lines = rows.map((r) => [r.kind, r.url, r.pin, r.usedBy.join(", "), r.via]);
  const widths = head.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  return [head, ...lines].map((l) => l.map((c, i) => (i === l.length - 1 ? c : c.padEnd(widths[i]!))).join("  ")).join("\n");
}

/** In strict mode, a ConfigError naming every input that is not pinned; else nothing. */
export function checkPinned(rows: readonly SourceRow[]): void {
  const floating = rows.filter((r) => !r.pinned);
  if (floating.length > 0) {
    throw new ConfigError(`${floating.length} inputs are not pinned:\n${floating.map((r) => `  ${r.kind} ${r.url}: ${r.pin}`).join("\n")}`);
  }
}
