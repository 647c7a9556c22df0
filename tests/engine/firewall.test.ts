/**
 * Behind a firewall, on the real engine: a workspace whose git dependencies live on a host the
 * lab cannot resolve (git.upstream.invalid) builds through `--git-mirrors` alone, every fetch
 * served by the lab's git server: a dependency on a branch, and one pinned by rev with a
 * submodule whose URL is on the same unreachable host. Each run makes new commits, so cargo
 * fetches them again (its git cache volume would otherwise answer) and the server's log shows
 * every repository fetched.
 */
import { cpSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
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
    const crate = (name: string, body: string) => ({
      "Cargo.toml": `[package]\nname = "${name}"\nversion = "0.1.0"\nedition = "2024"\n\n[lib]\npath = "lib.rs"\n`,
      "lib.rs": body,
    });
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

/** Where a crate's file lies in a sparse index (cargo's layout by name length). */
function indexPath(name: string): string {
  const n = name.toLowerCase();
  return n.length <= 2 ? `${n.length}/${n}` : n.length === 3 ? `3/${n[0]}/${n}` : `${n.slice(0, 2)}/${n.slice(2, 4)}/${n}`;
}

describe("behind a firewall: crates through the crates mirror", () => {
  it("the dependency pass downloads every locked crate from a sparse index of the lab's, Cargo.lock as it is", async () => {
    expect(LAB.www.dir, "run under tests/engine/run.sh (the lab's web server)").not.toBe("");
    // a mirror of the pantry's locked crates, made from crates.io's sparse index and downloads;
    // a new path each run, so the pass runs again and the server's log shows what it fetched
    const lock = readFileSync(join(PANTRY, "Cargo.lock"), "utf8");
    const locked = [...lock.matchAll(/name = "([^"]+)"\nversion = "([^"]+)"\nsource = "registry\+https:\/\/github.com\/rust-lang\/crates.io-index"/g)].map((m) => ({ name: m[1]!, version: m[2]! }));
    expect(locked.length).toBeGreaterThan(5);
    const path = `crates-${Date.now()}`;
    const root = join(LAB.www.dir, path);
    mkdirSync(join(root, "index"), { recursive: true });
    writeFileSync(join(root, "index/config.json"), JSON.stringify({ dl: `${LAB.www.url}/${path}/dl/{crate}/{version}/download` }));
    for (const { name, version } of locked) {
      const lines = (await (await fetch(`https://index.crates.io/${indexPath(name)}`)).text()).split("\n").filter((l) => l && (JSON.parse(l) as { vers: string }).vers === version);
      expect(lines, `${name} ${version} in crates.io's index`).toHaveLength(1);
      mkdirSync(join(root, "index", indexPath(name), ".."), { recursive: true });
      writeFileSync(join(root, "index", indexPath(name)), `${lines[0]}\n`);
      const crate = Buffer.from(await (await fetch(`https://static.crates.io/crates/${name}/${name}-${version}.crate`)).arrayBuffer());
      mkdirSync(join(root, "dl", name, version), { recursive: true });
      writeFileSync(join(root, "dl", name, version, "download"), crate);
    }
    const offset = readFileSync(LAB.www.log, "utf8").length;
    const ctor = { source: PANTRY, stages: join(REPO_ROOT, "docker"), rustToolchain: "stable", featSet: "default", rustupMirror: LAB.rustupMirror, cratesMirror: `sparse+${LAB.www.url}/${path}/index/` };
    const d = drive({ ctor, calls: [{ fn: "depsMeta" }] });
    expect(d.results.filter((r) => r.error).map((r) => `${r.fn}: ${r.error}`)).toEqual([]);
    const log = readFileSync(LAB.www.log, "utf8").slice(offset);
    const downloaded = [...log.matchAll(new RegExp(`GET /${path}/dl/([^/]+)/([^/]+)/download`, "g"))].map((m) => `${m[1]}@${m[2]}`).sort();
    expect(downloaded).toEqual(locked.map((c) => `${c.name}@${c.version}`).sort());
  });
});

