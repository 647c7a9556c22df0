/**
 * The engine lane's side of a test: run bakery's functions on the lane's engine in a session of
 * their own (as a `dagger call` would), and read what the engine reported of it.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { DriveSpec, Driven } from "./drive.js";
import { AxesSchema, SettingsSchema, validate, type Axes } from "../../.dagger/src/config/axes.js";
import { resolveCell, type Cell } from "../../.dagger/src/config/cell.js";
import { readWorkspace } from "../../.dagger/src/workspace/manifest.js";
import { RAW_AXES, RAW_SETTINGS } from "../config/cells.js";
import { directoryFiles, memoryReader } from "../workspace/memory-reader.js";
import { REPO_ROOT } from "../harness/schema.js";
import { scratch } from "../harness/scratch.js";

/** Where build.sh puts the lab's binaries. */
const BIN = join(process.env.BAKERY_LAB_CACHE ?? "/var/cache/bakery-lab", "engine-v0.21.8", "bin");

/** The lane's settings, from run.sh. */
export const LAB = {
  session: join(BIN, "bakery-session"),
  /** The Dagger CLI v0.21.8, built by build.sh with bakery's stand-ins for its terminal UI. */
  cli: join(BIN, "dagger"),
  rustupMirror: process.env.BAKERY_LAB_RUSTUP_MIRROR ?? "",
  /** The lab's git server (run.sh): the directory it serves, its URL from the engine, its log of requests. */
  git: { dir: process.env.BAKERY_LAB_GIT_DIR ?? "", url: process.env.BAKERY_LAB_GIT_URL ?? "", log: process.env.BAKERY_LAB_GIT_LOG ?? "" },
  /** The lab's pass-through mirror (pass-mirror.ts): its URL from the engine (routes apt, crates), its log of requests, and the archive route apt passes to. */
  pass: { url: process.env.BAKERY_LAB_PASS_URL ?? "", log: process.env.BAKERY_LAB_PASS_LOG ?? "", aptUpstream: process.env.BAKERY_LAB_APT_UPSTREAM ?? "" },
};

/** What a CLI process returned. */
export interface CliRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Run the Dagger CLI on the lane's engine (in `cwd`, by default the repository): no update check,
 * no telemetry nag, no colours, and none of a session's variables this process may hold (the
 * engine double's, in a test that also runs it), so the CLI opens a session of its own.
 */
export function cli(args: readonly string[], cwd: string = REPO_ROOT): CliRun {
  const env: NodeJS.ProcessEnv = { ...process.env, DAGGER_NO_UPDATE_CHECK: "1", DAGGER_NO_NAG: "1", DO_NOT_TRACK: "1", NO_COLOR: "1" };
  delete env.DAGGER_SESSION_PORT;
  delete env.DAGGER_SESSION_TOKEN;
  const r = spawnSync(LAB.cli, args, { cwd, env, encoding: "utf8", maxBuffer: 256 * 1024 * 1024, timeout: 2_400_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** One finished span of a session, as bakery-session wrote it. */
export interface Span {
  readonly name: string;
  readonly id: string;
  readonly cached: boolean;
  readonly failed: boolean;
  readonly attrs: Readonly<Record<string, unknown>>;
}

/** An exec of a session: its arguments, whether it ran or the engine answered it from cache. */
export interface Exec {
  /** The call's digest: one per distinct exec. */
  readonly digest: string;
  /** Its arguments as the call records them (the printable strings of the encoded call). */
  readonly command: string;
  readonly ran: boolean;
  readonly failed: boolean;
}

/** The printable strings of an encoded DagQL call (dagger.io/dag.call): enough to tell commands apart. */
export function callText(encoded: unknown): string {
  const bytes = Buffer.from(String(encoded ?? ""), "base64").toString("latin1");
  return (bytes.match(/[\x20-\x7e]{2,}/g) ?? []).join(" ");
}

/** The session's calls of one field (e.g. Directory.dockerBuild): one per digest, with its text. */
export function calls(spans: readonly Span[], name: string): { digest: string; text: string; cached: boolean }[] {
  const byDigest = new Map<string, { digest: string; text: string; cached: boolean }>();
  for (const s of spans) {
    if (s.name !== name) continue;
    const digest = String(s.attrs["dagger.io/dag.digest"] ?? s.id);
    const seen = byDigest.get(digest);
    byDigest.set(digest, { digest, text: callText(s.attrs["dagger.io/dag.call"]), cached: (seen?.cached ?? false) || s.cached });
  }
  return [...byDigest.values()];
}

/** The session's execs, one per digest, in the state the engine last reported. */
export function execs(spans: readonly Span[]): Exec[] {
  const last = new Map<string, Span>();
  for (const s of spans) if (s.name === "Container.withExec") last.set(String(s.attrs["dagger.io/dag.digest"] ?? s.id), s);
  return [...last.entries()].map(([digest, s]) => ({
    digest,
    command: callText(s.attrs["dagger.io/dag.call"]),
    ran: !spans.some((o) => o.name === "Container.withExec" && String(o.attrs["dagger.io/dag.digest"] ?? o.id) === digest && o.cached),
    failed: s.failed,
  }));
}

/** A session's outcome: each call's, and the spans the engine reported. */
export interface Drove {
  readonly results: Driven[];
  readonly spans: Span[];
  /** The session's output (bakery's log lines are in each result). */
  readonly stderr: string;
}

/** Run a spec in a new session of the lane's engine; `env` is added to the client's environment (where env:// secrets are read). */
export function drive(spec: DriveSpec, env: Record<string, string> = {}): Drove {
  const dir = scratch("drive");
  const specFile = join(dir, "spec.json");
  const spansFile = join(dir, "spans.jsonl");
  writeFileSync(specFile, JSON.stringify(spec));
  const r = spawnSync(LAB.session, ["run", "--spans", spansFile, "--", "npx", "--no-install", "tsx", "tests/engine/drive.ts", specFile], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
  });
  if (r.status !== 0) throw new Error(`the session failed (${r.status}): ${r.stderr.slice(-4000)}`);
  const results = r.stdout.split("\n").filter((l) => l.startsWith("{")).map((l) => JSON.parse(l) as Driven);
  const spans = existsSync(spansFile) ? readFileSync(spansFile, "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l) as Span) : [];
  return { results, spans, stderr: r.stderr };
}


/** A cell of a fixture workspace as bakery resolves it (default settings), for its own command builders. */
export async function cellOf(workspace: string, axes: Partial<Axes>): Promise<Cell> {
  const ws = await readWorkspace(memoryReader(directoryFiles(workspace)), "");
  return resolveCell(validate(AxesSchema, { ...RAW_AXES, ...axes }), ws, validate(SettingsSchema, RAW_SETTINGS));
}
