/**
 * bakery on a real Dagger engine v0.21.8 (the engine lane, run.sh): the layers, checks and images
 * built for real on a Rust workspace with crates.io dependencies (tests/fixtures/pantry), the
 * toolchain through a rustup mirror, and what the engine reports of it (which execs ran, which it
 * answered from its cache). Each drive() is a session of its own, as a `dagger call` is.
 */
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "../harness/schema.js";
import { scratch } from "../harness/scratch.js";
import { buildArgNames } from "../../.dagger/src/layers/compose.js";
import { STAGE_FILES } from "../../.dagger/src/layers/stages.js";
import { calls, drive, execs, LAB, type Drove } from "./lab.js";

const PANTRY = join(REPO_ROOT, "tests/fixtures/pantry");
const DOCKER = join(REPO_ROOT, "docker");
/** The cell: the workspace's pinned release (the mirror serves it), its default features. */
const CTOR = { source: PANTRY, stages: DOCKER, rustToolchain: "stable", featSet: "default", rustupMirror: LAB.rustupMirror };

/** Every call succeeded; the failures, named, otherwise. */
function ok(d: Drove): Drove {
  expect(d.results.filter((r) => r.error).map((r) => `${r.fn}: ${r.error}`)).toEqual([]);
  return d;
}

/** A private copy of the fixture, to edit. */
function pantryCopy(): string {
  const dir = scratch("pantry");
  cpSync(PANTRY, dir, { recursive: true });
  return dir;
}

describe("bakery's layers and checks, built by a real engine", () => {
  it("the system, bakery's toolchain and a cargo tool compiled from crates.io, the cell's toolchain through the rustup mirror", () => {
    const d = ok(drive({ ctor: CTOR, calls: [{ fn: "system" }, { fn: "tools" }, { fn: "tool", args: { name: "cargo-chef" } }, { fn: "rust" }] }));
    expect(JSON.parse(d.results[2]!.value!)).toEqual(["cargo-chef"]);
  });

  it("the chain on the workspace: recipe, the two dependency passes, the builds", () => {
    const d = ok(drive({ ctor: CTOR, calls: [{ fn: "recipe" }, { fn: "depsMeta" }, { fn: "depsCode" }, { fn: "build" }, { fn: "buildTests" }, { fn: "buildBins" }] }));
    const recipe = JSON.parse(d.results[0]!.value!) as { skeleton: { manifests: { relative_path: string }[] } };
    expect(recipe.skeleton.manifests.map((m) => m.relative_path).sort()).toEqual(["Cargo.toml", "src/larder/Cargo.toml", "src/pantry/Cargo.toml"]);
  });

  it("the lints pass: check, clippy, fmt, typos and lychee (typos and lychee compiled from crates.io)", () => {
    ok(drive({ ctor: CTOR, calls: ["lints.check", "lints.clippy", "lints.fmt", "lints.typos", "lints.lychee"].map((fn) => ({ fn })) }));
  });

  it("the tests pass: unit, integ and doc, on the one test build", () => {
    const d = ok(drive({ ctor: CTOR, calls: ["tests.unit", "tests.integ", "tests.doc"].map((fn) => ({ fn })) }));
    const cargo = execs(d.spans).filter((e) => e.ran && / cargo (test|build|chef) /.test(` ${e.command} `));
    expect(cargo.every((e) => /--no-fail-fast/.test(e.command)), cargo.map((e) => e.command).join("\n")).toBe(true);
  });

  it("a failing check fails with bakery's message: the check, the cell, the command, the tool's own words", () => {
    const dir = pantryCopy();
    const main = join(dir, "src/pantry/main.rs");
    writeFileSync(main, readFileSync(main, "utf8").replace("fn main()", "fn unused_helper() -> u8 { let x = 1; x }\n\nfn main()"));
    const { results } = drive({ ctor: { ...CTOR, source: dir }, calls: [{ fn: "lints.clippy" }] });
    const error = results[0]!.error ?? "";
    expect(error).toContain("check lints:clippy failed in cell test--stable--x86_64-unknown-linux-gnu--default--debian--testing-slim--x86_64-v1-linux-gnu");
    expect(error).toMatch(/command: cargo clippy .*-D warnings \(exit code \d+\)/);
    expect(error).toMatch(/unused_helper|let_and_return|dead_code/);
  });

  it("installs install: the binary, linkage checked, runs on this machine, its C++ part too (a build script asks for the shared C++ runtime)", () => {
    const out = join(scratch("install"), "pantry");
    ok(drive({ ctor: CTOR, calls: [{ fn: "installs.install" }], exports: { 0: out } }));
    expect(existsSync(out)).toBe(true);
    const r = spawnSync(out, ["-V"], { encoding: "utf8" });
    expect(r.stdout.trim()).toBe("pantry 0.1.0");
    expect(spawnSync(out, ["--label-len", "oats"], { encoding: "utf8" }).stdout.trim()).toBe(String("shelf: oats".length));
    expect(spawnSync("sh", ["-c", `ldd ${out} 2>&1 || true`], { encoding: "utf8" }).stdout).toMatch(/not a dynamic executable|statically linked/);
  });

  it("the service image builds, and its environment holds nothing of the build: no build argument", () => {
    const d = ok(drive({ ctor: CTOR, calls: [{ fn: "installs.docker" }, { fn: "rust" }, { fn: "system" }] }));
    const stageArgs = buildArgNames(Object.values(STAGE_FILES).map((f) => readFileSync(join(DOCKER, f), "utf8")).join("\n"));
    const envs = d.results.map((r) => JSON.parse(r.value!) as { env: string[] });
    for (const [i, e] of envs.entries()) expect(e.env.filter((n) => stageArgs.includes(n)), d.results[i]!.fn).toEqual([]);
    expect(envs[0]!.env.sort()).toEqual(["PATH"]);
  });
});

describe("engine facts", () => {
  it("a second identical run re-runs no exec", () => {
    const calls = [{ fn: "lints.clippy" }, { fn: "tests.unit" }, { fn: "installs.install" }];
    ok(drive({ ctor: CTOR, calls }));
    const again = ok(drive({ ctor: CTOR, calls }));
    expect(execs(again.spans).filter((e) => e.ran).map((e) => e.command)).toEqual([]);
  });

  it("a .rs edit re-runs the builds and leaves on it, and nothing below: no dependency pass, no toolchain, no system", () => {
    const dir = pantryCopy();
    const calls = [{ fn: "lints.clippy" }, { fn: "tests.unit" }, { fn: "buildBins" }];
    ok(drive({ ctor: { ...CTOR, source: dir }, calls }));
    const lib = join(dir, "src/larder/lib.rs");
    writeFileSync(lib, readFileSync(lib, "utf8").replace("What the pantry holds.", `What the pantry holds (edit ${Date.now()}).`));
    const after = ok(drive({ ctor: { ...CTOR, source: dir }, calls }));
    const ran = execs(after.spans).filter((e) => e.ran).map((e) => e.command);
    expect(ran.length).toBeGreaterThan(0);
    for (const c of ran) expect(c, c).toMatch(/^.*\bcargo (clippy|test|build) /);
    expect(ran.some((c) => /chef cook|apt-install|rustup-install|cargo-tools-install/.test(c))).toBe(false);
  });

  it("an edit of the stage library that no step of a layer reads re-runs nothing built on it; a script a step runs re-runs that step", () => {
    // a copy of the library, so the edits are the test's own (the same content: the first drive is answered from cache)
    const docker = scratch("docker");
    cpSync(DOCKER, docker, { recursive: true });
    const calls = [{ fn: "depsMeta" }, { fn: "buildBins" }, { fn: "installs.install" }];
    ok(drive({ ctor: { ...CTOR, stages: docker }, calls }));
    const edit = (path: string, change: (t: string) => string) => writeFileSync(join(docker, path), change(readFileSync(join(docker, path), "utf8")));
    edit("Dockerfile.system", (t) => t.replace("FROM system AS builder", `# the build system (${Date.now()})\nFROM system AS builder`));
    edit("Dockerfile.rust", (t) => `# more words\n${t}`);
    edit("lib/complement-run.sh", (t) => `${t}\n# ${Date.now()}\n`);
    const quiet = ok(drive({ ctor: { ...CTOR, stages: docker }, calls }));
    expect(execs(quiet.spans).filter((e) => e.ran).map((e) => e.command)).toEqual([]);
    edit("lib/check-linkage.sh", (t) => `${t}\n# ${Date.now()}\n`);
    const linkage = ok(drive({ ctor: { ...CTOR, stages: docker }, calls }));
    expect(execs(linkage.spans).filter((e) => e.ran).map((e) => e.command)).toEqual([expect.stringContaining("/usr/local/lib/bakery/check-linkage.sh static /usr/bin/pantry")]);
  });

  it("a two-cell matrix shares the system and toolchain layers: each is one build of the session, whichever cell asked", () => {
    const { results, spans } = drive({
      ctor: CTOR,
      calls: [{ fn: "matrix.run", args: { target: "build-bins" }, groupArgs: { matrix: { cargoProfiles: ["test", "release"], featSets: ["default"], rustToolchains: ["stable"] } } }],
    });
    expect(results[0]!.error).toBeUndefined();
    expect(results[0]!.value).toMatch(/build-bins over 2 cells: 2 passed/);
    const builds = calls(spans, "Directory.dockerBuild");
    // the stage a build targets: its call's last "target" argument (build args come first)
    const target = (text: string) => [...text.matchAll(/target ([a-z][a-z-]*)/g)].at(-1)?.[1];
    const byTarget = (t: string) => builds.filter((b) => target(b.text) === t);
    const targets = [...new Set(builds.map((b) => target(b.text)))];
    expect(targets).toEqual(expect.arrayContaining(["tools-toolchain", "cargo-tool", "rust"]));
    // every stage the two cells build on is one build: the toolchains, cargo-chef and the system under them
    for (const t of targets) expect(byTarget(t!).length, t).toBe(1);
    // one code-generation pass per cell: the cells differ in their profile
    expect(execs(spans).filter((e) => / chef cook /.test(` ${e.command} `)).length).toBe(2);
  });

  it("cargo's download cache is one volume: what the tool stage (a Dockerfile) downloaded, the TypeScript layers' mount sees", () => {
    const { results } = drive({ ctor: CTOR, calls: [{ fn: "tool", args: { name: "cargo-chef" } }], probeCargoRegistry: true });
    const listing = results.find((r) => r.fn === "probe:cargo-registry")!.value!;
    // cargo-chef is no dependency of the workspace: only the Dockerfile stage fetched it.
    expect(listing).toMatch(/^cargo-chef-0\.1\.\d+\.crate$/m);
  });

  it("update-baseline's change is empty when the run matches the baseline, and names the file when it does not (so dagger check passes an up-to-date baseline)", () => {
    const dir = pantryCopy();
    const path = "tests/complement/results.jsonl";
    const text = '{"Action":"pass","Test":"TestLogin"}\n';
    mkdirSync(join(dir, "tests/complement"), { recursive: true });
    writeFileSync(join(dir, path), text);
    const probe = (results: string) =>
      JSON.parse(drive({ ctor: CTOR, calls: [], probeBaseline: { source: dir, path, results } }).results.find((r) => r.fn === "probe:baseline")!.value!) as { empty: boolean; modified: string[] };
    expect(probe(text)).toEqual({ empty: true, modified: [] });
    expect(probe(`${text}{"Action":"fail","Test":"TestSync"}\n`)).toEqual({ empty: false, modified: [path] });
  });
});
