import { describe, expect, it } from "vitest";
import { cpSync, writeFileSync } from "node:fs";
import { scratch } from "../harness/scratch.js";
import { changed, digests, DOCKER, edit, fixtureCopy } from "./helpers.js";

const BELOW_BUILD = ["system", "tools", "rust", "rocksdb", "kitchen", "recipe", "depsMeta", "depsCode"];
const COMPILE = [...BELOW_BUILD, "build", "buildTests", "buildBins", "check", "clippy", "unit"];

describe("what an edit rebuilds (fixture workspace edited on disk)", () => {
  it("editing a .rs file changes no vertex below build, and does reach the builds", async () => {
    const ws = fixtureCopy();
    const before = await digests(ws, COMPILE);
    edit(ws, "src/core/text.rs", (t) => t.replace("a crumb", "a bigger crumb"));
    const after = await digests(ws, COMPILE);
    expect(changed(before, after).sort()).toEqual(["build", "buildBins", "buildTests", "check", "clippy", "unit"]);
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
    expect(changed(before, after).sort()).toEqual(["build", "buildBins", "buildTests", "check", "clippy", "depsCode", "depsMeta", "recipe", "unit"].sort());
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

  it("a stage file edit rebuilds the images built from it, and nothing keyed elsewhere", async () => {
    const docker = scratch("docker");
    cpSync(DOCKER, docker, { recursive: true });
    const ws = fixtureCopy();
    const before = await digests(ws, ["system", "rust", "rocksdb", "recipe"], { docker });
    edit(docker, "Dockerfile.rocksdb", (t) => t.replace("ARG rocksdb_portable=1", "ARG rocksdb_portable=1\nENV ROCKSDB_EDITED=1"));
    const after = await digests(ws, ["system", "rust", "rocksdb", "recipe"], { docker });
    expect(changed(before, after)).toEqual(["rocksdb"]);
  });
});
