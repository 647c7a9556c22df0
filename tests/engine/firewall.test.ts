/**
 * Behind a firewall, on the real engine: a workspace whose git dependencies live on a host the
 * lab cannot resolve (git.upstream.invalid) builds through `--git-mirrors` alone, every fetch
 * served by the lab's git server: a dependency on a branch, and one pinned by rev with a
 * submodule whose URL is on the same unreachable host. Each run makes new commits, so cargo
 * fetches them again (its git cache volume would otherwise answer) and the server's log shows
 * every repository fetched. crates.io (`--crates-mirror`) and Debian's archive (`--apt-mirrors`)
 * go through the lab's pass-through mirror, under a new URL each run for the same reason, and
 * its log shows what was fetched through it.
 */
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CARGO_TOOLS } from "../../.dagger/src/defaults.js";
import { REPO_ROOT } from "../harness/schema.js";
import { scratch } from "../harness/scratch.js";
import { drive, execs, LAB } from "./lab.js";

const UPSTREAM = "https://git.upstream.invalid/";
const PANTRY = join(REPO_ROOT, "tests/fixtures/pantry");

/** Run git (or cargo) with a fixed identity, failing loudly. */
function run(cmd: string, args: string[], cwd: string, env: Record<string, string> = {}): string {
  const r = spawnSync(cmd, args, {
    cwd,
    encoding: "utf8",
    env: { ...process.env, GIT_AUTHOR_NAME: "bakery", GIT_AUTHOR_EMAIL: "bakery@example.org", GIT_COMMITTER_NAME: "bakery", GIT_COMMITTER_EMAIL: "bakery@example.org", ...env },
  });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed: ${r.stderr}`);
  return r.stdout.trim();
}

/** A repository of the lab's git server, committed from files; its head commit. */
function repository(name: string, files: Record<string, string>, then?: (dir: string) => void): string {
  const dir = join(LAB.git.dir, name);
  mkdirSync(dir, { recursive: true });
  run("git", ["init", "-q", "-b", "main"], dir);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, ".."), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  then?.(dir);
  run("git", ["add", "-A"], dir);
  run("git", ["commit", "-q", "-m", name], dir);
  return run("git", ["rev-parse", "HEAD"], dir);
}

/** A library crate's files. */
const crate = (name: string, body: string) => ({
  "Cargo.toml": `[package]\nname = "${name}"\nversion = "0.1.0"\nedition = "2024"\n\n[lib]\npath = "lib.rs"\n`,
  "lib.rs": body,
});

/** git's rewrite of the upstream host to the server's directory, for this machine's cargo and git. */
const hostRewrite = { GIT_CONFIG_COUNT: "2", GIT_CONFIG_KEY_0: `url.file://${LAB.git.dir}/.insteadOf`, GIT_CONFIG_VALUE_0: UPSTREAM, GIT_CONFIG_KEY_1: "protocol.file.allow", GIT_CONFIG_VALUE_1: "always" };

/** The repositories the server's log says were fetched since `from` (its byte offset). */
function fetched(from: number): string[] {
  const log = readFileSync(LAB.git.log, "utf8").slice(from);
  return [...new Set([...log.matchAll(/Request upload-pack for '\/?([^']+)'/g)].map((m) => m[1]!.replace(/\.git$/, "")))].sort();
}

describe("behind a firewall: git dependencies through the git mirrors", () => {
  it("a workspace with a branch dependency and a rev-pinned one with a submodule builds with every fetch from the mirror", () => {
    expect(LAB.git.dir, "run under tests/engine/run.sh (the lab's git server)").not.toBe("");
    const stamp = `${Date.now()}`;
    repository("starter", { "STARTER.txt": `starter ${stamp}\n` });
    repository("crust", crate("crust", `/// A dependency on a branch.\npub fn crust() -> &'static str { "crust ${stamp}" }\n`));
    const leaven = repository("leaven", crate("leaven", `/// Needs its submodule's file to compile.\npub const STARTER: &str = include_str!("starter/STARTER.txt");\n`), (dir) => {
      run("git", ["submodule", "add", "-q", `${UPSTREAM}starter`, "starter"], dir, hostRewrite);
    });

    // the workspace: the pantry fixture with both, its lockfile resolved by this machine's cargo
    const ws = scratch("firewall");
    cpSync(PANTRY, ws, { recursive: true });
    const manifest = join(ws, "src/larder/Cargo.toml");
    writeFileSync(manifest, `${readFileSync(manifest, "utf8")}crust = { git = "${UPSTREAM}crust", branch = "main" }\nleaven = { git = "${UPSTREAM}leaven", rev = "${leaven}" }\n`);
    run("cargo", ["metadata", "--format-version", "1", "--quiet"], ws, { ...hostRewrite, CARGO_NET_GIT_FETCH_WITH_CLI: "true" });
    const lock = readFileSync(join(ws, "Cargo.lock"), "utf8");
    expect(lock).toContain(`source = "git+${UPSTREAM}leaven?rev=${leaven}#${leaven}"`);
    expect(lock).toContain(`source = "git+${UPSTREAM}crust?branch=main#`);

    const offset = readFileSync(LAB.git.log, "utf8").length;
    const ctor = { source: ws, stages: join(REPO_ROOT, "docker"), rustToolchain: "stable", featSet: "default", rustupMirror: LAB.rustupMirror, gitMirrors: [`${UPSTREAM}=${LAB.git.url}/`] };
    const d = drive({ ctor, calls: [{ fn: "sources", args: { format: "json" } }, { fn: "build" }] });
    expect(d.results.filter((r) => r.error).map((r) => `${r.fn}: ${r.error}`)).toEqual([]);
    // the host cannot be resolved from the lab: a build that fetched from it would have failed;
    // the server served the three repositories, the submodule among them
    expect(fetched(offset)).toEqual(["crust", "leaven", "starter"]);
    // cargo compiled both in the dependency pass, and the build ran on it
    const ran = execs(d.spans).filter((e) => e.ran).map((e) => e.command);
    expect(ran.some((c) => c.includes("chef") && c.includes("cook")), ran.join("\n")).toBe(true);
    expect(ran.some((c) => c.includes("cargo") && c.includes("build")), ran.join("\n")).toBe(true);
    const rows = JSON.parse(d.results[0]!.value!) as { url: string; pin: string; via: string }[];
    expect(rows.find((r) => r.url === `${UPSTREAM}leaven`)).toMatchObject({ pin: leaven, via: `${LAB.git.url}/leaven` });
  });
});

/** The pass-through mirror's log since `from` (its byte offset). */
function passLog(from: number): string {
  return existsSync(LAB.pass.log) ? readFileSync(LAB.pass.log, "utf8").slice(from) : "";
}
const passOffset = (): number => passLog(0).length;

/** A private mirror's prefix on the pass-through mirror: every request under it must give these credentials. */
const privatePrefix = (credentials: string): string => `auth-${createHash("sha256").update(credentials).digest("hex").slice(0, 16)}`;

/** Everything a session left that a secret must not be in: its results, its log, the engine's spans. */
const traces = (d: ReturnType<typeof drive>): string => [JSON.stringify(d.results), d.stderr, JSON.stringify(d.spans)].join("\n");

describe("behind a firewall: a private git mirror", () => {
  it("cargo fetches a git dependency from a mirror that asks for credentials, with the token a secret that no span or log holds", () => {
    expect(LAB.pass.url, "run under tests/engine/run.sh (the lab's pass-through mirror)").not.toBe("");
    const stamp = `${Date.now()}`;
    const token = `lab-git-token-${stamp}`;
    const prefix = privatePrefix(`bakery-lab:${token}`);
    repository("truffle", crate("truffle", `/// A dependency on a private mirror.\npub fn truffle() -> &'static str { "truffle ${stamp}" }\n`));
    const ws = scratch("private-git");
    cpSync(PANTRY, ws, { recursive: true });
    const manifest = join(ws, "src/larder/Cargo.toml");
    writeFileSync(manifest, `${readFileSync(manifest, "utf8")}truffle = { git = "${UPSTREAM}truffle", branch = "main" }\n`);
    run("cargo", ["metadata", "--format-version", "1", "--quiet"], ws, { ...hostRewrite, CARGO_NET_GIT_FETCH_WITH_CLI: "true" });

    const ctor = { source: ws, stages: join(REPO_ROOT, "docker"), rustToolchain: "stable", featSet: "default", rustupMirror: LAB.rustupMirror, gitMirrors: [`${UPSTREAM}=${LAB.pass.url}/${prefix}/git/`], gitMirrorsUser: "bakery-lab" };
    const refs = new RegExp(`^GET /${prefix}/git/truffle/info/refs\\?service=git-upload-pack (\\d+)$`, "gm");
    // without the token the mirror refuses the fetch, and the dependency pass fails
    let offset = passOffset();
    const denied = drive({ ctor, calls: [{ fn: "depsMeta" }] });
    // (a call whose value fails to build has a second result, with the error)
    expect(denied.results.filter((r) => r.error).map((r) => r.error).join("\n"), "the dependency pass without the token").toMatch(/truffle/);
    expect([...passLog(offset).matchAll(refs)].map((m) => m[1])).toContain("401");
    expect(passLog(offset)).not.toMatch(new RegExp(`^POST /${prefix}/git/truffle/git-upload-pack 200$`, "m"));
    // with it, from the caller's environment as the CLI takes it, git answers the mirror's challenge and cargo builds the dependency
    offset = passOffset();
    const d = drive({ ctor: { ...ctor, gitMirrorsToken: "env://BAKERY_LAB_GIT_TOKEN" }, calls: [{ fn: "depsMeta" }] }, { BAKERY_LAB_GIT_TOKEN: token });
    expect(d.results.filter((r) => r.error).map((r) => `${r.fn}: ${r.error}`)).toEqual([]);
    expect(passLog(offset)).toMatch(new RegExp(`^POST /${prefix}/git/truffle/git-upload-pack 200$`, "m"));
    expect(traces(d).includes(token), "the token in the session's results, log or spans").toBe(false);
  });
});

describe("behind a firewall: a private crates mirror", () => {
  it("the dependency pass and the tool stage download from a crates mirror that asks for cargo's token, a secret that no span or log holds", () => {
    expect(LAB.pass.url, "run under tests/engine/run.sh (the lab's pass-through mirror)").not.toBe("");
    const token = `lab-crates-token-${Date.now()}`;
    const prefix = privatePrefix(token);
    const offset = passOffset();
    const ctor = { source: PANTRY, stages: join(REPO_ROOT, "docker"), rustToolchain: "stable", featSet: "default", rustupMirror: LAB.rustupMirror, cratesMirror: `sparse+${LAB.pass.url}/${prefix}/crates/`, cratesMirrorToken: "env://BAKERY_LAB_CRATES_TOKEN" };
    const d = drive({ ctor, calls: [{ fn: "depsMeta" }] }, { BAKERY_LAB_CRATES_TOKEN: token });
    expect(d.results.filter((r) => r.error).map((r) => `${r.fn}: ${r.error}`)).toEqual([]);
    const log = passLog(offset);
    // cargo asks without the token first, is refused, and then sends it for everything
    expect(log).toMatch(new RegExp(`^GET /${prefix}/crates/config.json 401$`, "m"));
    expect(log).toMatch(new RegExp(`^GET /${prefix}/crates-dl/cargo-chef/cargo-chef-${CARGO_TOOLS["cargo-chef"].version.replace(/\./g, "\\.")}\\.crate 200$`, "m"));
    const lock = readFileSync(join(PANTRY, "Cargo.lock"), "utf8");
    const first = /name = "([^"]+)"\nversion = "([^"]+)"\nsource = "registry\+/.exec(lock)!;
    expect(log).toMatch(new RegExp(`^GET /${prefix}/crates-dl/${first[1]}/${first[1]}-${first[2]!.replace(/\./g, "\\.")}\\.crate 200$`, "m"));
    expect(log).not.toMatch(/crates-dl\S* 401$/m);
    expect(traces(d).includes(token), "the token in the session's results, log or spans").toBe(false);
  });
});

describe("behind a firewall: crates through the crates mirror", () => {
  it("the dependency pass and the tool stage download every crate from the mirror, Cargo.lock as it is", () => {
    expect(LAB.pass.url, "run under tests/engine/run.sh (the lab's pass-through mirror)").not.toBe("");
    // a new mirror URL each run, so the pass and cargo-chef's stage run again and the log shows what they fetched
    const prefix = `crates-${Date.now()}`;
    const lock = readFileSync(join(PANTRY, "Cargo.lock"), "utf8");
    const locked = [...lock.matchAll(/name = "([^"]+)"\nversion = "([^"]+)"\nsource = "registry\+https:\/\/github.com\/rust-lang\/crates.io-index"/g)].map((m) => `${m[1]}@${m[2]}`);
    expect(locked.length).toBeGreaterThan(5);
    const offset = passOffset();
    const ctor = { source: PANTRY, stages: join(REPO_ROOT, "docker"), rustToolchain: "stable", featSet: "default", rustupMirror: LAB.rustupMirror, cratesMirror: `sparse+${LAB.pass.url}/${prefix}/crates/` };
    const d = drive({ ctor, calls: [{ fn: "depsMeta" }] });
    expect(d.results.filter((r) => r.error).map((r) => `${r.fn}: ${r.error}`)).toEqual([]);
    const log = passLog(offset);
    const downloaded = new Set([...log.matchAll(new RegExp(`^GET /${prefix}/crates-dl/([^/]+)/\\1-(\\S+)\\.crate 200$`, "gm"))].map((m) => `${m[1]}@${m[2]}`));
    // every crate the pantry locks, and cargo-chef (bakery's tool, compiled in the tool stage) among the tools' crates
    expect(locked.filter((c) => !downloaded.has(c))).toEqual([]);
    expect(downloaded.has(`cargo-chef@${CARGO_TOOLS["cargo-chef"].version}`)).toBe(true);
    expect(log).not.toMatch(/ ([45]\d\d| error .*)$/m);
  });
});

describe("behind a firewall: Debian's archive through the apt mirrors", () => {
  it("the build system is built with apt fetching through the mirror, from the sources the image names, rewritten", () => {
    expect(LAB.pass.url, "run under tests/engine/run.sh (the lab's pass-through mirror)").not.toBe("");
    // a new mirror URL each run, so the system stage runs again and the mirror's log shows what apt fetched
    const prefix = `apt-${Date.now()}`;
    const mirror = `${LAB.pass.url}/${prefix}/apt/`;
    const offset = passOffset();
    const ctor = { source: PANTRY, stages: join(REPO_ROOT, "docker"), rustToolchain: "stable", featSet: "default", rustupMirror: LAB.rustupMirror, aptMirrors: [`${LAB.pass.aptUpstream}=${mirror}`] };
    const d = drive({ ctor, calls: [{ fn: "system" }], probeExec: { on: 0, source: PANTRY, env: {}, args: ["sh", "-c", "cat /etc/apt/sources.list.d/*.sources >&2"] } });
    expect(d.results.filter((r) => r.error).map((r) => `${r.fn}: ${r.error}`)).toEqual([]);
    const log = passLog(offset);
    // apt's update: the release file and a package index, through the mirror
    expect(log, log).toMatch(new RegExp(`^GET /${prefix}/\\S+/InRelease 200$`, "m"));
    expect(log, log).toMatch(new RegExp(`^GET /${prefix}/\\S+/binary-amd64/\\S+ 200$`, "m"));
    expect(log).not.toMatch(/ ([45]\d\d| error .*)$/m);
    // the build system's sources name the mirror where the image named the archive
    const sources = d.results.find((r) => r.fn === "probe:exec")!.value!;
    expect(sources).toContain(`URIs: ${mirror}`);
    expect(sources).not.toContain(`URIs: ${LAB.pass.aptUpstream}`);
  });
});

