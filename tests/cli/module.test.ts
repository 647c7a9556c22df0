/**
 * bakery as its users meet it: the real Dagger CLI v0.21.8 on the lab's engine, which loads the
 * module through its TypeScript SDK content and bakery's stand-in runtime (tests/engine/
 * ts-runtime): the install of .dagger's dependencies, the introspection of the decorators, the
 * decoding of arguments, `defaultPath` context directories. What the CLI shows is checked
 * against the module's API as the host-side scan reads it (tests/harness/functions.ts, the source
 * of tests/api/__snapshots__/functions.txt), and what it builds against the engine double.
 *
 * "A Rust repository of a user" is a scratch git repository: a fixture workspace with bakery's
 * module files copied next to it (dagger.json, .dagger/, docker/, complement/), as the README's
 * "From a Rust repository" says, and a `.env` of constructor defaults (the engine's user
 * defaults): the stable toolchain through the lab's rustup mirror, the default features, the
 * engine lane's cell, so the layers it built are reused.
 */
import { spawnSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { cpSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { api, type Api, type ApiArgument, type ApiObject } from "../harness/functions.js";
import { runSession } from "../harness/module.js";
import { REPO_ROOT } from "../harness/schema.js";
import { scratch } from "../harness/scratch.js";
import { cli, LAB, type CliRun } from "../engine/lab.js";

const PANTRY = join(REPO_ROOT, "tests/fixtures/pantry");
/** The constructor defaults of the user's repository (its .env): the engine lane's pantry cell. */
const USER_DEFAULTS = { rustToolchain: "stable", featSet: "default", rustupMirror: LAB.rustupMirror };
/** That cell's name. */
const CELL = "test--stable--x86_64-unknown-linux-gnu--default--debian--testing-slim--x86_64-v1-linux-gnu";

/** A run's status was 0; its stderr's tail otherwise. */
function ok(r: CliRun): CliRun {
  expect(r.status, r.stderr.slice(-6000)).toBe(0);
  return r;
}

/** The CLI in plain progress. */
const dagger = (cwd: string, ...args: string[]) => cli(["--progress=plain", ...args], cwd);

/**
 * A user's Rust repository: the fixture, bakery's module files beside it, constructor defaults
 * and `more` user defaults in .env; committed.
 */
function userRepo(edit?: (dir: string) => void, more: Readonly<Record<string, string>> = {}): string {
  const dir = scratch("user-repo");
  cpSync(PANTRY, dir, { recursive: true });
  for (const f of ["dagger.json", "docker", "complement"]) cpSync(join(REPO_ROOT, f), join(dir, f), { recursive: true });
  mkdirSync(join(dir, ".dagger"));
  for (const f of ["src", "package.json", "package-lock.json", "tsconfig.json"]) cpSync(join(REPO_ROOT, ".dagger", f), join(dir, ".dagger", f), { recursive: true });
  writeFileSync(join(dir, ".env"), Object.entries({ ...USER_DEFAULTS, ...more }).map(([k, v]) => `${k}=${v}\n`).join(""));
  edit?.(dir);
  commitAll(dir, "a Rust workspace");
  return dir;
}

/** Make `dir` a git repository with everything in it committed. */
function commitAll(dir: string, message: string): void {
  const git = (...args: string[]) => spawnSync("git", ["-c", "user.name=bakery", "-c", "user.email=bakery@localhost", ...args], { cwd: dir, encoding: "utf8" });
  for (const args of [["init", "-q"], ["add", "-A"], ["commit", "-qm", message]]) expect(git(...args).status).toBe(0);
}

/**
 * A comment no earlier run has seen, added to the workspace's main.rs: the engine caches a
 * function's result by its inputs, so only a source it has not seen makes bakery's code run (and
 * print its cell) rather than the cache answer for it.
 */
function fresh(dir: string): void {
  const main = join(dir, "src/pantry/main.rs");
  writeFileSync(main, `${readFileSync(main, "utf8")}\n// ${randomUUID()}\n`);
}

/**
 * A RustSec advisory database of our own, a git checkout in the layout cargo-audit reads
 * (crates/<package>/<id>.md, TOML front matter): one advisory, against a crate no lockfile of ours
 * holds, so an audit that reads it passes.
 */
function advisoryDb(): string {
  const dir = scratch("advisory-db");
  const advisory = [
    "```toml",
    "[advisory]",
    'id = "RUSTSEC-2026-9001"',
    'package = "bakery-lab-no-such-crate"',
    'date = "2026-01-01"',
    "",
    "[versions]",
    'patched = [">= 1.0.0"]',
    "```",
    "",
    "# A test advisory of bakery's engine lab",
    "",
    "It names a crate that no workspace of the lab depends on.",
    "",
  ].join("\n");
  mkdirSync(join(dir, "crates/bakery-lab-no-such-crate"), { recursive: true });
  writeFileSync(join(dir, "crates/bakery-lab-no-such-crate/RUSTSEC-2026-9001.md"), advisory);
  commitAll(dir, "an advisory database");
  return dir;
}

/** The names of a `dagger functions` table (its first column, from the header to the first blank line). */
function listed(stdout: string): string[] {
  const lines = stdout.split("\n").slice(1);
  const end = lines.findIndex((l) => l.trim() === "");
  return lines.slice(0, end < 0 ? undefined : end).map((l) => l.split(/\s+/)[0]!);
}

/** The ARGUMENTS section of a `--help`: each flag's text, whitespace collapsed. */
function helpArguments(stdout: string): Map<string, string> {
  const section = stdout.split(/\n(?=\S)/).find((s) => /^(\x1b\[1m)?ARGUMENTS/.test(s)) ?? "";
  const flags = new Map<string, string>();
  let current: string | undefined;
  for (const line of section.split("\n").slice(1)) {
    // `--name type   text`, the type absent for a boolean; cobra pads the usage column by 2+ spaces.
    const m = /^\s{4,8}--([a-z0-9-]+)(?: [A-Za-z][\w.\[\]]*)?(?:\s{2,}(.*))?$/.exec(line);
    if (m) flags.set((current = m[1]!), m[2] ?? "");
    else if (current) flags.set(current, `${flags.get(current)} ${line.trim()}`);
  }
  return new Map([...flags].map(([k, v]) => [k, v.replace(/\s+/g, " ").trim()]));
}

/** What `--help` must say of an argument: its documentation, and the CLI's own `(default …)` for a scalar. */
function expectArgument(help: Map<string, string>, a: ApiArgument, where: string): void {
  const text = help.get(a.cli.replace(/^--/, ""));
  expect(text, `${where}: ${a.cli} is not in --help`).toBeDefined();
  expect(text, `${where}: ${a.cli}`).toContain(a.description.replace(/\s+/g, " ").trim());
  const d = a.default;
  if (typeof d === "string" && d !== "") expect(text, `${where}: ${a.cli}`).toContain(`(default ${JSON.stringify(d)})`);
  if (typeof d === "number" || d === true) expect(text, `${where}: ${a.cli}`).toContain(`(default ${String(d)})`);
  // Lists: the CLI prints no default of its own; bakery's documentation says it ("Default: …"),
  // checked above with the rest of the description.
  if (Array.isArray(d)) expect(a.description, `${where}: ${a.cli}`).toMatch(/Default: /);
}

/** The object a function of the main object returns, when it is a group of bakery's. */
function groupOf(a: Api, returns: string): ApiObject | undefined {
  return a.objects.find((o) => o.name === returns && o.functions.length > 0);
}

describe("bakery through the Dagger CLI", () => {
  it("`dagger functions` lists every function of the module, and of each group", async () => {
    const a = await api();
    const main = a.objects.find((o) => o.name === "Bakery")!;
    expect(listed(ok(dagger(REPO_ROOT, "functions")).stdout).sort()).toEqual(main.functions.map((f) => f.cli).sort());
    for (const f of main.functions) {
      const group = groupOf(a, f.returns);
      if (!group) continue;
      expect(listed(ok(dagger(REPO_ROOT, "functions", f.cli)).stdout).sort(), f.cli).toEqual(group.functions.map((g) => g.cli).sort());
    }
  });

  it("`dagger call --help` and `dagger call <fn> --help` show every argument, documented, with its default", async () => {
    const a = await api();
    const main = a.objects.find((o) => o.name === "Bakery")!;
    const ctorHelp = helpArguments(ok(dagger(REPO_ROOT, "call", "--help")).stdout);
    for (const arg of main.ctor ?? []) expectArgument(ctorHelp, arg, "dagger call");
    for (const f of main.functions) {
      if (f.args.length > 0) {
        const help = helpArguments(ok(dagger(REPO_ROOT, "call", f.cli, "--help")).stdout);
        for (const arg of f.args) expectArgument(help, arg, `dagger call ${f.cli}`);
      }
      for (const g of groupOf(a, f.returns)?.functions ?? []) {
        if (g.args.length === 0) continue;
        const help = helpArguments(ok(dagger(REPO_ROOT, "call", f.cli, g.cli, "--help")).stdout);
        for (const arg of g.args) expectArgument(help, arg, `dagger call ${f.cli} ${g.cli}`);
      }
    }
  });

  it("`dagger check -l` lists the checks by group, and the generators apart", async () => {
    const a = await api();
    const main = a.objects.find((o) => o.name === "Bakery")!;
    const want = (kind: "check" | "generate") =>
      main.functions.flatMap((f) => (groupOf(a, f.returns)?.functions ?? []).filter((g) => g[kind]).map((g) => `bakery:${f.cli}:${g.cli}`)).sort();
    const out = ok(dagger(REPO_ROOT, "check", "-l")).stdout;
    const [checks, generators = ""] = out.split(/Generators/);
    const names = (s: string) => (s.match(/^bakery:\S+/gm) ?? []).sort();
    expect(names(checks!)).toEqual(want("check"));
    expect(names(generators)).toEqual(want("generate"));
  });

  it("`dagger call clippy` in a user's Rust repository builds that repository (its context directory)", () => {
    const repo = userRepo(fresh);
    const r = ok(dagger(repo, "call", "clippy"));
    expect(r.stderr).toContain(`bakery: cell ${CELL}`);
    expect(r.stderr).not.toContain("embedded default");
    expect(r.stderr).toMatch(/cargo clippy/);
  });

  it("a second identical `dagger call clippy` runs no exec: every one is answered from the cache", () => {
    const repo = userRepo();
    ok(dagger(repo, "call", "clippy"));
    const again = ok(dagger(repo, "call", "clippy")).stderr;
    const execs = again.split("\n").filter((l) => /Container\.withExec\b.*\b(DONE|CACHED|ERROR)\b/.test(l));
    expect(execs.filter((l) => !/CACHED/.test(l))).toEqual([]);
  });

  it("`dagger check lints` passes on the user's repository (the audit on the advisory database its .env names); fails with bakery's message on a clippy warning", () => {
    // The lab reaches no GitHub (and cargo-audit fetches over https only): the audit reads an
    // advisory database of our own, given in .env as the default of lints audit's db (a function
    // argument's default is namespaced by object and function).
    const passed = ok(dagger(userRepo(undefined, { lints_audit_db: advisoryDb() }), "check", "lints"));
    expect(passed.stderr).toMatch(/cargo-audit audit .*--no-fetch/);
    expect(passed.stderr).toContain("Loaded 1 security advisories");
    const warned = userRepo((dir) => {
      const main = join(dir, "src/pantry/main.rs");
      writeFileSync(main, readFileSync(main, "utf8").replace("fn main()", "fn unused_helper() -> u8 { let x = 1; x }\n\nfn main()"));
    });
    const r = dagger(warned, "check", "lints:clippy");
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain(`check lints:clippy failed in cell ${CELL}`);
    expect(r.stderr).toMatch(/command: cargo clippy .*-D warnings \(exit code \d+\)/);
    expect(r.stderr).toMatch(/unused_helper|let_and_return|dead_code/);
  });

  it("a mirror's token is a Secret the CLI reads from the caller's environment: refused without its mirror, carried into a group's object with it, never printed", () => {
    const token = `cli-token-${randomUUID()}`;
    process.env.BAKERY_CLI_GIT_TOKEN = token;
    const repo = userRepo(fresh);
    const refused = dagger(repo, "call", "--git-mirrors-token=env://BAKERY_CLI_GIT_TOKEN", "lints", "typos");
    expect(refused.status).not.toBe(0);
    expect(refused.stderr).toContain("gitMirrorsToken is given but gitMirrors names no mirror");
    // a rule no fetch of the pantry's typos matches: the token travels in the Lints object's state
    const r = ok(dagger(repo, "call", "--git-mirrors=https://git.upstream.invalid/=http://10.0.2.2:1/", "--git-mirrors-token=env://BAKERY_CLI_GIT_TOKEN", "lints", "typos"));
    expect(`${r.stdout}\n${r.stderr}`.includes(token)).toBe(false);
  });

  it("`dagger call matrix plan` prints what the engine double's matrix plan prints", async () => {
    const repo = userRepo();
    const real = ok(dagger(repo, "call", "matrix", "plan")).stdout;
    const saved = { ...process.env };
    try {
      const { results } = await runSession({ ctor: { ...USER_DEFAULTS, source: repo, stages: join(repo, "docker") } }, [{ fn: "matrix.plan" }]);
      if (results[0]!.error) throw results[0]!.error;
      expect(JSON.parse(real)).toEqual(JSON.parse(String(results[0]!.value)));
    } finally {
      process.env = saved;
    }
  });

  it("examples/consumer, a module depending on bakery: bakery's types generated for it, a bakery function called from it", () => {
    const consumer = join(REPO_ROOT, "examples/consumer");
    expect(listed(ok(dagger(consumer, "functions")).stdout).sort()).toEqual(["clippy", "image", "lints", "smoke"]);
    const source = scratch("consumer-source");
    cpSync(PANTRY, source, { recursive: true });
    fresh(source);
    const r = ok(dagger(consumer, "call", "clippy", `--source=${source}`, `--rustup-mirror=${LAB.rustupMirror}`, "stdout"));
    expect(r.stderr).toContain(`bakery: cell ${CELL}`);
    expect(r.stderr).toMatch(/Bakery\.clippy/);
  });
});

