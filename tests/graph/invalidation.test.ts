import { describe, expect, it } from "vitest";
import { cpSync, mkdirSync, writeFileSync } from "node:fs";
import { scratch } from "../harness/scratch.js";
import { changed, digests, DOCKER, edit, FIXTURE, fixtureCopy } from "./helpers.js";

const BELOW_BUILD = ["system", "tools", "rust", "rocksdb", "kitchen", "recipe", "depsMeta", "depsCode"];
const COMPILE = [...BELOW_BUILD, "build", "buildTests", "buildBins", "lints.check", "lints.clippy", "tests.unit"];

describe("what an edit rebuilds (fixture workspace edited on disk)", () => {
  it("editing a .rs file changes no vertex below build, and does reach the builds", async () => {
    const ws = fixtureCopy();
    const before = await digests(ws, COMPILE);
    edit(ws, "src/core/text.rs", (t) => t.replace("a crumb", "a bigger crumb"));
    const after = await digests(ws, COMPILE);
    expect(changed(before, after).sort()).toEqual(["build", "buildBins", "buildTests", "lints.check", "lints.clippy", "tests.unit"]);
  });

  it("editing a .md file changes no compile vertex", async () => {
    const ws = fixtureCopy();
    const before = await digests(ws, COMPILE);
    edit(ws, "README.md", (t) => t + "\nMore words.\n");
    edit(ws, "docs/guide.md", (t) => t + "\nMore words.\n");
    const after = await digests(ws, COMPILE);
    expect(changed(before, after)).toEqual([]);
  });

  it("editing Cargo.lock changes recipe and dependency passes, not rocksdb or the toolchain", async () => {
    const ws = fixtureCopy();
    const before = await digests(ws, COMPILE);
    edit(ws, "Cargo.lock", (t) => t + '\n[[package]]\nname = "itoa"\nversion = "1.0.15"\nsource = "registry+https://github.com/rust-lang/crates.io-index"\n');
    const after = await digests(ws, COMPILE);
    expect(changed(before, after).sort()).toEqual(["build", "buildBins", "buildTests", "depsCode", "depsMeta", "lints.check", "lints.clippy", "recipe", "tests.unit"].sort());
  });

  it("changing the RocksDB revision in Cargo.lock rebuilds rocksdb too", async () => {
    const ws = fixtureCopy();
    const before = await digests(ws, COMPILE);
    edit(ws, "Cargo.lock", (t) => t.replaceAll("5f2c1d7e9a0b4c3d8e6f1a2b7c9d0e4f3a5b6c8d", "6a1b2c3d4e5f60718293a4b5c6d7e8f901234567"));
    const after = await digests(ws, COMPILE);
    const moved = changed(before, after);
    expect(moved).toContain("rocksdb");
    expect(moved).toContain("recipe");
    expect(moved).not.toContain("rust");
    expect(moved).not.toContain("system");
  });

  it("adding a test target changes the recipe (chef records targets), adding a module does not", async () => {
    const ws = fixtureCopy();
    const before = await digests(ws, ["recipe", "depsCode"]);
    edit(ws, "src/core/mod.rs", (t) => t.replace("mod text;", "mod text;\nmod more;"));
    edit(ws, "src/core/text.rs", (t) => t);
    writeFileSync(`${ws}/src/core/more.rs`, "pub const MORE: u8 = 1;\n");
    const module = await digests(ws, ["recipe", "depsCode"]);
    expect(changed(before, module)).toEqual([]);
    writeFileSync(`${ws}/src/core/tests/second.rs`, "#[test]\nfn t() {}\n");
    const test = await digests(ws, ["recipe", "depsCode"]);
    expect(changed(module, test).sort()).toEqual(["depsCode", "recipe"]);
  });

  it("a path dependency outside the members' globs (an implicit member, as cargo makes it) is an input: its sources of the builds, its manifest of the recipe", async () => {
    const ws = fixtureCopy();
    mkdirSync(`${ws}/deps/oven/src`, { recursive: true });
    writeFileSync(`${ws}/deps/oven/Cargo.toml`, '[package]\nname = "oven"\nversion = "0.1.0"\nedition = "2021"\n');
    writeFileSync(`${ws}/deps/oven/src/lib.rs`, "pub const HEAT: u8 = 1;\n");
    edit(ws, "src/core/Cargo.toml", (t) => t.replace("[dependencies]\n", '[dependencies]\noven = { path = "../../deps/oven" }\n'));
    const before = await digests(ws, COMPILE);
    edit(ws, "deps/oven/src/lib.rs", (t) => t.replace("1", "2"));
    const code = await digests(ws, COMPILE);
    expect(changed(before, code).sort()).toEqual(["build", "buildBins", "buildTests", "lints.check", "lints.clippy", "tests.unit"]);
    edit(ws, "deps/oven/Cargo.toml", (t) => t.replace("0.1.0", "0.1.1"));
    const manifest = await digests(ws, COMPILE);
    expect(changed(code, manifest)).toContain("recipe");
  });

  it("a root clippy.toml edit reaches clippy alone", async () => {
    const ws = fixtureCopy();
    const before = await digests(ws, COMPILE);
    edit(ws, "clippy.toml", (t) => t.replace("8", "9"));
    const after = await digests(ws, COMPILE);
    expect(changed(before, after)).toEqual(["lints.clippy"]);
  });

  it("a rust-toolchain.toml bump rebuilds the stable cells, not the nightly ones", async () => {
    const ws = fixtureCopy();
    const nightly = await digests(ws, COMPILE);
    const stable = await digests(ws, COMPILE, { rustToolchain: "stable" });
    edit(ws, "rust-toolchain.toml", (t) => t.replace("1.95.0", "1.96.0"));
    expect(changed(nightly, await digests(ws, COMPILE))).toEqual([]);
    const moved = changed(stable, await digests(ws, COMPILE, { rustToolchain: "stable" }));
    expect(moved).toContain("rust");
    expect(moved).not.toContain("system");
    expect(moved).not.toContain("rocksdb");
    expect(moved).not.toContain("recipe");
  });

  it("a profile override reaches the cells of that profile (and its heirs) only", async () => {
    const env = (overrides: string[]) => ({ cargoProfileEnv: ["CARGO_PROFILE_TEST_DEBUG=false", "CARGO_PROFILE_RELEASE_LTO=thin", ...overrides] });
    const test = await digests(FIXTURE, ["depsCode"], env([]));
    const release = await digests(FIXTURE, ["depsCode"], { ...env([]), cargoProfile: "release-debuginfo" });
    const bench = ["CARGO_PROFILE_BENCH_DEBUG=true"];
    expect(changed(test, await digests(FIXTURE, ["depsCode"], env(bench)))).toEqual([]);
    expect(changed(release, await digests(FIXTURE, ["depsCode"], { ...env(bench), cargoProfile: "release-debuginfo" }))).toEqual([]);
    const rel = ["CARGO_PROFILE_RELEASE_OPT_LEVEL=2"];
    expect(changed(test, await digests(FIXTURE, ["depsCode"], env(rel)))).toEqual([]);
    expect(changed(release, await digests(FIXTURE, ["depsCode"], { ...env(rel), cargoProfile: "release-debuginfo" }))).toEqual(["depsCode"]);
  });

  it("a stage file edit rebuilds the images built from it, and nothing keyed elsewhere", async () => {
    const docker = scratch("docker");
    cpSync(DOCKER, docker, { recursive: true });
    const ws = fixtureCopy();
    const before = await digests(ws, ["system", "rust", "rocksdb", "recipe"], { stages: docker });
    edit(docker, "Dockerfile.rocksdb", (t) => t.replace("ARG rocksdb_portable=1", "ARG rocksdb_portable=1\nENV ROCKSDB_EDITED=1"));
    const after = await digests(ws, ["system", "rust", "rocksdb", "recipe"], { stages: docker });
    expect(changed(before, after)).toEqual(["rocksdb"]);
  });

  it("a check-linkage.sh edit reaches the install checks, not the system or anything built on it", async () => {
    const docker = scratch("docker");
    cpSync(DOCKER, docker, { recursive: true });
    const fns = ["system", "rust", "rocksdb", "buildBins", "installs.install", "installs.docker"];
    const before = await digests(FIXTURE, fns, { stages: docker });
    edit(docker, "lib/check-linkage.sh", (t) => `${t}\n# edited\n`);
    const after = await digests(FIXTURE, fns, { stages: docker });
    expect(changed(before, after)).toEqual(["installs.install", "installs.docker"]);
  });

  it("a comment, or an edit of what a layer's target never reaches, re-keys no layer; a step it runs does", async () => {
    // the engine keys a stage build's result on its Dockerfile and context: a build gets only what it reaches
    const docker = scratch("docker");
    cpSync(DOCKER, docker, { recursive: true });
    const fns = ["system", "tools", "rust", "rocksdb", "kitchen", "cellEnv", "depsMeta", "buildBins", "installs.docker"];
    const before = await digests(FIXTURE, fns, { stages: docker });
    edit(docker, "Dockerfile.system", (t) => t.replace("FROM system AS builder", "# the build system\nFROM system AS builder"));
    edit(docker, "Dockerfile.rust", (t) => `# more words\n${t}`);
    edit(docker, "Dockerfile.complement", (t) => t.replace("ARG go_proxy=\"\"", "ARG go_proxy=\"\"\nENV COMPLEMENT_EDITED=1"));
    edit(docker, "lib/complement-run.sh", (t) => `${t}\n# edited\n`);
    expect(changed(before, await digests(FIXTURE, fns, { stages: docker }))).toEqual([]);
    edit(docker, "lib/apt-install.sh", (t) => `${t}\n# edited\n`);
    expect(changed(before, await digests(FIXTURE, fns, { stages: docker }))).toEqual(fns);
  });
});
