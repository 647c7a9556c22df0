/**
 * The engine lane's side of a test: run bakery's functions on the lane's engine in a session of
 * their own (as a `dagger call` would), and read what the engine reported of it.
 */
import { spawn, spawnSync } from "node:child_process";
import { appendFileSync, cpSync, existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
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

/** Where a session's spec and spans go, and the command that runs it. */
function sessionFiles(spec: DriveSpec): { spansFile: string; args: string[] } {
  const dir = scratch("drive");
  const specFile = join(dir, "spec.json");
  const spansFile = join(dir, "spans.jsonl");
  writeFileSync(specFile, JSON.stringify(spec));
  return { spansFile, args: ["run", "--spans", spansFile, "--", "npx", "--no-install", "tsx", "tests/engine/drive.ts", specFile] };
}

/** What a finished session printed, read into its outcome. */
function drove(stdout: string, stderr: string, spansFile: string): Drove {
  const results = stdout.split("\n").filter((l) => l.startsWith("{")).map((l) => JSON.parse(l) as Driven);
  const spans = existsSync(spansFile) ? readFileSync(spansFile, "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l) as Span) : [];
  return { results, spans, stderr };
}

/** Run a spec in a new session of the lane's engine; `env` is added to the client's environment (where env:// secrets are read). */
export function drive(spec: DriveSpec, env: Record<string, string> = {}): Drove {
  const { spansFile, args } = sessionFiles(spec);
  const r = spawnSync(LAB.session, args, { cwd: REPO_ROOT, env: { ...process.env, ...env }, encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`the session failed (${r.status}): ${r.stderr.slice(-4000)}`);
  return drove(r.stdout, r.stderr, spansFile);
}

/** A session running alongside others: its outcome when it ends, and a way to kill it (the client and its session, at once). */
export interface Running {
  readonly done: Promise<Drove>;
  kill(): void;
}

/** Start a spec in a new session of the lane's engine without waiting for it, as one of several CI jobs would. */
export function start(spec: DriveSpec): Running {
  const { spansFile, args } = sessionFiles(spec);
  const child = spawn(LAB.session, args, { cwd: REPO_ROOT, env: process.env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (b: Buffer) => (stdout += b.toString("utf8")));
  child.stderr.on("data", (b: Buffer) => (stderr = (stderr + b.toString("utf8")).slice(-64_000)));
  let killed = false;
  const done = new Promise<Drove>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (status) => {
      if (status !== 0 && !killed) reject(new Error(`the session failed (${status}): ${stderr.slice(-4000)}`));
      else resolve(drove(stdout, stderr, spansFile));
    });
  });
  return {
    done,
    kill: () => {
      killed = true;
      process.kill(-child.pid!, "SIGKILL");
    },
  };
}

/**
 * CPU seconds (user + system) the lane's engine has spent so far: its own and that of every
 * process it ran and reaped (the execs of every session), from /proc.
 */
export function engineCpuSeconds(): number {
  // run.sh's engine is the process it forked into its namespaces (it writes the pid, then execs the engine)
  const pid = readFileSync(join(process.env.BAKERY_LAB_RUN ?? "", "ns", "pid"), "utf8").trim();
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  // after the command: state is field 3, utime 14, stime 15, cutime 16, cstime 17 (proc(5))
  const ticks = [11, 12, 13, 14].reduce((s, i) => s + Number(fields[i]), 0);
  const hz = Number(spawnSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).stdout.trim());
  return ticks / hz;
}


/** A cell of a fixture workspace as bakery resolves it (default settings), for its own command builders. */
export async function cellOf(workspace: string, axes: Partial<Axes>): Promise<Cell> {
  const ws = await readWorkspace(memoryReader(directoryFiles(workspace)), "");
  return resolveCell(validate(AxesSchema, { ...RAW_AXES, ...axes }), ws, validate(SettingsSchema, RAW_SETTINGS));
}

/** The lane's engine log (run.sh writes it). */
const engineLog = (): string => join(process.env.BAKERY_LAB_RUN ?? "", "engine.log");

/** Where the engine's log ends now: give it to processesStarted to read what the engine ran after. */
export function engineLogMark(): number {
  return statSync(engineLog()).size;
}

/**
 * The processes the engine started since a mark, each by its arguments, from its log ("starting
 * container"). This is what ran, once per run: a session that waited for an exec another session
 * was running reports it in its spans exactly as the one that ran it does (not cached).
 */
export function processesStarted(since: number): string[] {
  const text = readFileSync(engineLog()).subarray(since).toString("utf8");
  return [...text.matchAll(/msg="starting container" args="\[(.*?)\]" /g)].map((m) => m[1]!.replace(/^\/\.init /, ""));
}

/**
 * A copy of the pantry fixture whose manifests no earlier build has seen (a feature named after
 * the test and the time): its dependency passes and builds are cold whatever the lane built before.
 */
export function freshPantry(name: string): string {
  const dir = scratch(name);
  cpSync(join(REPO_ROOT, "tests/fixtures/pantry"), dir, { recursive: true });
  appendFileSync(join(dir, "src/larder/Cargo.toml"), `\n[features]\n${name}-${Date.now()} = []\n`);
  return dir;
}
