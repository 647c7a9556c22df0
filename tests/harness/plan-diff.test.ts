import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { DOCKER, edit, fixtureCopy } from "../graph/helpers.js";
import { planDiff } from "./plan-diff.js";
import { REPO_ROOT } from "./module.js";

const git = (cwd: string, ...args: string[]) => {
  const r = spawnSync("git", ["-c", "user.name=bakery", "-c", "user.email=bakery@localhost", "-c", "commit.gpgsign=false", ...args], { cwd, encoding: "utf8" });
  if (r.status !== 0) throw new Error(r.stderr);
  return r.stdout;
};

/** The fixture workspace as a git repository with one commit. */
function repo(): string {
  const ws = fixtureCopy();
  git(ws, "init", "-q");
  git(ws, "add", "-A");
  git(ws, "commit", "-q", "-m", "fixture");
  return ws;
}

const TARGETS = [{ fn: "lints.clippy" }, { fn: "tests.unit" }, { fn: "lints.typos" }];
const diff = (ws: string) => planDiff("HEAD", { ctor: { source: ws, stages: DOCKER } }, TARGETS);

describe("plan --diff: what the working tree rebuilds against a git ref", () => {
  it("a .rs edit rebuilds the builds and the compiling checks, nothing below", async () => {
    const ws = repo();
    edit(ws, "src/core/text.rs", (t) => t.replace("a crumb", "a bigger crumb"));
    const d = await diff(ws);
    expect(d.rebuilds).toEqual(["build", "buildTests", "buildBins"]);
    expect(d.targets).toEqual([
      { target: "lints.clippy", rebuilds: true },
      { target: "tests.unit", rebuilds: true },
      { target: "lints.typos", rebuilds: true },
    ]);
  });

  it("a .md edit rebuilds no layer: only the checks that read documents", async () => {
    const ws = repo();
    edit(ws, "README.md", (t) => t + "\nMore words.\n");
    const d = await diff(ws);
    expect(d.rebuilds).toEqual([]);
    expect(d.targets.filter((t) => t.rebuilds).map((t) => t.target)).toEqual(["lints.typos"]);
  });

  it("a Cargo.lock edit rebuilds the recipe, the dependency passes and the builds; not RocksDB or the toolchain", async () => {
    const ws = repo();
    edit(ws, "Cargo.lock", (t) => t + '\n[[package]]\nname = "itoa"\nversion = "1.0.15"\nsource = "registry+https://github.com/rust-lang/crates.io-index"\n');
    const d = await diff(ws);
    expect(d.rebuilds).toEqual(["recipe", "depsMeta", "depsCode", "build", "buildTests", "buildBins"]);
  });

  it("an unchanged tree rebuilds nothing; a bad ref is an error naming it", async () => {
    const ws = repo();
    const d = await diff(ws);
    expect(d.rebuilds).toEqual([]);
    expect(d.targets.some((t) => t.rebuilds)).toBe(false);
    await expect(planDiff("no-such-ref", { ctor: { source: ws, stages: DOCKER } }, TARGETS)).rejects.toThrow(/no-such-ref/);
  });

  it("npm run plan -- --diff works from the command line", () => {
    const ws = repo();
    edit(ws, "src/core/text.rs", (t) => t.replace("a crumb", "a bigger crumb"));
    const r = spawnSync("npx", ["tsx", "tests/harness/plan-cli.ts", "--diff", "HEAD", "clippy", "--source", ws], { cwd: REPO_ROOT, encoding: "utf8" });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain("layers: build, buildTests, buildBins");
    expect(r.stdout).toContain("clippy: rebuilds");
  });
});
