/**
 * bakery on tuwunel v1.9.0's tree, as far as its facts tell: the files typos, lychee and the
 * book read; where the packages install the binary; every key of its homeserver configurations;
 * where its Complement baseline is; and the plans of clippy, lints, pkg and complement on a
 * workspace carrying those facts (workspace.ts). Skipped, saying so, without the facts file.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "smol-toml";
import { beforeAll, describe, expect, it } from "vitest";
import * as D from "../../.dagger/src/defaults.js";
import { DEFAULT_COMPLEMENT_BASELINE } from "../../.dagger/src/complement/defaults.js";
import { DEFAULT_RUST_SDK_HOMESERVER_ARGS } from "../../.dagger/src/integration/defaults.js";
import { bookSources } from "../../.dagger/src/workspace/book.js";
import { readWorkspace } from "../../.dagger/src/workspace/manifest.js";
import { packagedBinaryPath, packagingAssetPaths } from "../../.dagger/src/workspace/packaging.js";
import type { EngineDouble, Vertex } from "../harness/engine-double.js";
import { REPO_ROOT, runSession } from "../harness/module.js";
import { DOCKER } from "../graph/helpers.js";
import { memoryReader } from "../workspace/memory-reader.js";
import { facts, FACTS_SKIP_REASON, factsPresent, type TuwunelFacts } from "./facts.js";
import { factsFiles, factsWorkspace } from "./workspace.js";

/** Run only where the facts are (a clean clone without ../shared skips them, saying why in the title). */
const suite = describe.skipIf(!factsPresent);
const title = (t: string) => (factsPresent ? t : `${t} (skipped: ${FACTS_SKIP_REASON})`);

/** The keys a -Okey=value argument list sets. */
const optionKeys = (args: readonly string[]): string[] => args.filter((a) => a.startsWith("-O")).map((a) => a.slice(2).split("=")[0]!);

/** The directory a container step copied to `path` last, as the double knows it. */
function copiedTree(double: EngineDouble, digest: string, path: string): string[] {
  const chain: Vertex[] = [];
  for (let v = double.vertices.get(digest); v; v = v.parent ? double.vertices.get(v.parent) : undefined) chain.unshift(v);
  const copy = chain.filter((v) => v.field === "withDirectory" && v.args.path === path).at(-1)!;
  return [...double.vertices.get((copy.args.source as { $ref: string }).$ref)!.tree!.files.keys()];
}

suite(title("tuwunel v1.9.0's tree: what bakery reads of it"), () => {
  let f: TuwunelFacts;
  beforeAll(() => {
    f = facts();
  });

  it("the Complement homeserver configuration carries every key of tuwunel's", () => {
    const t = parse(readFileSync(join(REPO_ROOT, "complement/homeserver.toml"), "utf8")) as { global: Record<string, unknown> & { tls: Record<string, unknown> } };
    const keys = new Set([...Object.keys(t.global), ...Object.keys(t.global.tls)]);
    expect(f.complement_config_keys.filter((k) => !keys.has(k))).toEqual([]);
  });

  it("the matrix-rust-sdk homeserver arguments carry every key of tuwunel's configuration for it", () => {
    const keys = new Set(optionKeys(DEFAULT_RUST_SDK_HOMESERVER_ARGS));
    expect(f.matrix_rust_sdk_config_keys.filter((k) => !keys.has(k))).toEqual([]);
  });

  it("typos skips exactly the seed's paths", () => {
    const seed = f.typos_args.filter((a) => a.startsWith("--exclude ")).map((a) => a.slice("--exclude ".length).replace(/^'(.*)'$/, "$1"));
    expect([...D.DEFAULT_TYPOS_EXCLUDE].sort()).toEqual(seed.sort());
  });

  it("lychee reads the seed's inputs, skips development.md as the seed does, and stays offline", () => {
    const seed = f.lychee_args_default.split(/\s+/).map((p) => p.replace(/^\/usr\/src\/tuwunel\//, ""));
    expect(D.DEFAULT_LYCHEE_PATHS).toEqual(seed);
    const excluded = f.lychee_flags.find((x) => x.startsWith("--exclude-path"))!;
    expect(excluded).toContain("/development");
    for (const re of D.DEFAULT_LYCHEE_EXCLUDE) {
      expect(f.files.filter((p) => /^[^/]+\.md$/.test(p) && new RegExp(re).test(p))).toEqual(["development.md"]);
    }
    expect(f.lychee_flags).toContain("--offline");
  });

  it("the book reads book.toml, docs/ and every file its pages include, all in the tree", async () => {
    const sources = await bookSources(memoryReader(factsFiles(f)));
    const tree = new Set(f.files);
    const included = f.book_includes.map((i) => i.replace(/:.*$/, "").replace(/^(\.\.\/)+/, ""));
    expect(sources).toEqual(expect.arrayContaining(["book.toml", "docs", ...included]));
    expect(included.filter((p) => !tree.has(p))).toEqual([]);
  });

  it("deb and rpm install the binary in /usr/sbin, and every file their assets name is in the tree", async () => {
    const ws = await readWorkspace(memoryReader(factsFiles(f)), "");
    expect(ws.mainPackage.name).toBe(f.main_package.name);
    expect(packagedBinaryPath(ws.mainPackage, "deb", "tuwunel")).toBe("/usr/sbin/tuwunel");
    expect(packagedBinaryPath(ws.mainPackage, "rpm", "tuwunel")).toBe("/usr/sbin/tuwunel");
    const tree = new Set(f.files);
    expect(packagingAssetPaths(ws.mainPackage, "deb").filter((p) => !tree.has(p))).toEqual([]);
    expect(packagingAssetPaths(ws.mainPackage, "deb")).toEqual(expect.arrayContaining(["tuwunel-example.toml", "debian/README.md", "debian/units/tuwunel.socket"]));
    for (const a of f.rpm_assets.filter((a) => !a.source.startsWith("target/"))) {
      expect([a.source, `${f.main_package.path}/${a.source}`].some((p) => tree.has(p)), a.source).toBe(true);
    }
  });

  it("the Complement baseline is where tuwunel keeps it", () => {
    expect(DEFAULT_COMPLEMENT_BASELINE).toBe(f.complement_baseline.path);
    expect(f.files).toContain(DEFAULT_COMPLEMENT_BASELINE);
  });
});

suite(title("bakery on a workspace carrying tuwunel v1.9.0's facts"), () => {
  let root: string;
  beforeAll(() => {
    root = factsWorkspace(facts());
  });

  it.each(["clippy", "lints", "pkg", "complement"])("plans %s over the 12-cell default matrix", async (target) => {
    const { results } = await runSession({ ctor: { source: root, stages: DOCKER } }, [{ fn: "matrix.plan", args: { target } }]);
    expect(results[0]!.error).toBeUndefined();
    const plan = JSON.parse(String(results[0]!.value)) as { cells: { cell: string; layers: string[] }[] };
    expect(plan.cells).toHaveLength(12);
    for (const c of plan.cells) expect(c.layers.length, c.cell).toBeGreaterThan(0);
  });

  it("the lints, pkg and complement functions run on it, with the file sets the tree needs", async () => {
    const outcomes = JSON.stringify({ Action: "pass", Test: "TestLogin" });
    const calls = ["lints.fmt", "lints.typos", "lints.audit", "lints.lychee", "lints.check", "lints.clippy", "pkg.deb", "pkg.rpm", "pkg.debInstall", "pkg.book", "pkg.docs", "complement.complementTestee"];
    const { double, results } = await runSession(
      { ctor: { source: root, stages: DOCKER, cargoProfile: "release", rustToolchain: "stable" }, double: { overrides: { "File.contents": () => outcomes } } },
      calls.map((fn) => ({ fn })),
    );
    expect(results.filter((r) => r.error).map((r) => `${r.fn}: ${r.error!.message}`)).toEqual([]);
    const of = Object.fromEntries(results.map((r) => [r.fn, double.vertexById(String(r.value))!.digest]));
    // lychee sees every file a link may point at (SECURITY.md links SECURITY.md.asc)
    expect(copiedTree(double, of["lints.lychee"]!, D.PATHS.workspace)).toEqual(expect.arrayContaining(["SECURITY.md", "SECURITY.md.asc", "development.md"]));
    // the book gets what its pages include
    expect(copiedTree(double, of["pkg.book"]!, D.PATHS.workspace)).toEqual(expect.arrayContaining(["tuwunel-example.toml", "debian/README.md", "quadlet/tuwunel.env", "arch/tuwunel.service", "rpm/README.md"]));
    // the deb gets what its assets name, and the install check runs the binary where it lands
    expect(copiedTree(double, of["pkg.deb"]!, D.PATHS.workspace)).toEqual(expect.arrayContaining(["tuwunel-example.toml", "debian/README.md", "debian/units/tuwunel.socket"]));
    expect((double.vertices.get(of["pkg.debInstall"]!)!.args.args as string[])[4]).toBe("/usr/sbin/tuwunel");
  });
});
