/**
 * `sources`: the external inputs of a cell, read from its Cargo.lock and settings, each with its
 * pin and the mirror it goes through; `--strict` names every input that floats.
 */
import { describe, expect, it } from "vitest";
import { lockSources, parseGitSource } from "../.dagger/src/workspace/lock-sources.js";
import type { SourceRow } from "../.dagger/src/sources.js";
import { EMBEDDED_SOURCE } from "../.dagger/src/defaults.js";
import { DEFAULT_COMPLEMENT_URL } from "../.dagger/src/complement/defaults.js";
import { runSession } from "./harness/module.js";
import { scratch } from "./harness/scratch.js";
import { DOCKER, edit, FIXTURE, fixtureCopy } from "./graph/helpers.js";

const ROCKSDB = "https://github.com/example/rust-rocksdb";

async function sources(ctor: Record<string, unknown>, args: Record<string, unknown> = {}, source = FIXTURE, gitFixtures?: Record<string, string>): Promise<{ value?: string; error?: Error; builds: number }> {
  const { double, results } = await runSession({ ctor: { source, stages: DOCKER, ...ctor }, double: { gitFixtures } }, [{ fn: "sources", args }]);
  return { value: results[0]!.value as string | undefined, error: results[0]!.error, builds: double.dockerBuilds.length };
}

describe("Cargo.lock's sources", () => {
  it("split a git source into its URL, what the manifest asked for and the commit cargo resolved", () => {
    expect(parseGitSource(`git+${ROCKSDB}?rev=abc#${"5".repeat(40)}`)).toEqual({ url: ROCKSDB, requested: "rev=abc", commit: "5".repeat(40) });
    expect(parseGitSource("git+https://example.org/a?branch=main#0123")).toEqual({ url: "https://example.org/a", requested: "branch=main", commit: "0123" });
    expect(parseGitSource("registry+https://github.com/rust-lang/crates.io-index")).toBeUndefined();
  });

  it("list each git repository once with its packages, and count registry crates and their checksums", () => {
    const s = lockSources({
      package: [
        { name: "a", source: `git+${ROCKSDB}?rev=x#${"1".repeat(40)}` },
        { name: "b", source: `git+${ROCKSDB}?rev=x#${"1".repeat(40)}` },
        { name: "c", source: "registry+https://github.com/rust-lang/crates.io-index", checksum: "00" },
        { name: "d", source: "registry+https://github.com/rust-lang/crates.io-index" },
        { name: "e" },
      ],
    });
    expect(s.git).toEqual([{ url: ROCKSDB, requested: "rev=x", commit: "1".repeat(40), packages: ["a", "b"] }]);
    expect(s.registries).toEqual({ "https://github.com/rust-lang/crates.io-index": { crates: 2, checksummed: 1 } });
  });
});

describe("dagger call sources", () => {
  it("lists the lockfile's git repositories and bakery's own fetches, each with its pin, building nothing", async () => {
    const { value, error, builds } = await sources({}, { format: "json" });
    expect(error).toBeUndefined();
    expect(builds).toBe(0);
    const rows = JSON.parse(value!) as SourceRow[];
    expect(rows.find((r) => r.url === ROCKSDB)).toMatchObject({ kind: "git", pin: "5f2c1d7e9a0b4c3d8e6f1a2b7c9d0e4f3a5b6c8d", pinned: true, via: "direct" });
    expect(rows.find((r) => r.url === DEFAULT_COMPLEMENT_URL)).toMatchObject({ kind: "git", pinned: true, usedBy: ["complementTester"] });
    expect(rows.map((r) => r.kind)).toEqual(expect.arrayContaining(["git", "crates", "rustup", "image", "apt", "go"]));
    expect(rows.some((r) => r.url === EMBEDDED_SOURCE.url)).toBe(false);
  });

  it("names the mirror each input goes through", async () => {
    // the fixture with one crate from crates.io in its lockfile
    const dir = fixtureCopy();
    edit(dir, "Cargo.lock", (t) => `${t}\n[[package]]\nname = "zstd"\nversion = "0.13.3"\nsource = "registry+https://github.com/rust-lang/crates.io-index"\nchecksum = "e91ee311a569c327171651566e07972200e76fcfe2242a4fa446149a3881c08a"\n`);
    const { value } = await sources({ gitMirrors: ["https://github.com/=https://git.example/gh/"], rustupMirror: "https://rust.example", cratesMirror: "sparse+https://crates.example/index/", aptMirrors: ["http://deb.debian.org/=http://apt.example/d/"] }, { format: "json" }, dir);
    const rows = JSON.parse(value!) as SourceRow[];
    expect(rows.find((r) => r.url === ROCKSDB)?.via).toBe("https://git.example/gh/example/rust-rocksdb");
    expect(rows.find((r) => r.kind === "rustup")?.via).toBe("https://rust.example");
    expect(rows.find((r) => r.kind === "crates" && r.usedBy.includes("depsCode"))).toMatchObject({ pin: "1 crate, each by checksum", pinned: true, via: "sparse+https://crates.example/index/" });
    expect(rows.find((r) => r.usedBy.includes("integration:rust-sdk-integ") && r.kind === "crates")?.via).toBe("sparse+https://crates.example/index/");
    expect(rows.find((r) => r.kind === "crates" && r.usedBy.includes("tool"))?.via).toBe("sparse+https://crates.example/index/");
    expect(rows.find((r) => r.kind === "apt")).toMatchObject({ url: "http://deb.debian.org/debian", via: "http://apt.example/d/debian" });
  });

  it("includes the embedded default by commit when it is the workspace", async () => {
    const { value } = await sources({}, { format: "json" }, scratch("empty"), { [`${EMBEDDED_SOURCE.url}@${EMBEDDED_SOURCE.commit}`]: FIXTURE });
    expect((JSON.parse(value!) as SourceRow[]).find((r) => r.url === EMBEDDED_SOURCE.url)).toMatchObject({ pin: EMBEDDED_SOURCE.commit, pinned: true });
  });

  it("as a table, one line per input; --strict fails naming each input that floats", async () => {
    const { value } = await sources({});
    expect(value!.split("\n")[0]).toMatch(/^kind +url +pin +used by +via$/);
    const { error } = await sources({}, { strict: true });
    expect(error?.message).toMatch(/inputs are not pinned:\n/);
    expect(error?.message).toContain("image docker.io/library/debian:testing-slim: tag testing-slim (floats)");
    expect(error?.message).not.toContain(ROCKSDB);
    expect((await sources({}, { format: "yaml" })).error?.message).toBe('format "yaml" is not valid; valid: table, json');
  });
});
