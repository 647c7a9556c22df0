/**
 * What `npm run docs` writes is committed as it would write it: the groups the matrix and plan
 * take, the README's graph and tool tables, the `tool --name` doc.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CARGO_TOOLS } from "../../.dagger/src/defaults.js";
import { TARGET_LAYERS } from "../../.dagger/src/graph.js";
import { kebab } from "../../.dagger/src/names.js";
import { REPO_ROOT } from "./module.js";
import { renderDocs, replaceBlock, toolDoc } from "./docs.js";


describe("npm run docs", () => {
  it("has written every file it derives, as it would write it now (run npm run docs when this fails)", async () => {
    const docs = await renderDocs(TARGET_LAYERS.map(kebab));
    for (const [path, text] of docs) expect(readFileSync(join(REPO_ROOT, path), "utf8"), path).toBe(text);
    const readme = docs.get("README.md")!;
    // the tables name every layer the graph declares and every pinned tool
    for (const layer of ["system", "tool:cargo-chef", "depsMeta", "install:valgrind", "package:rpm", "complementTestee:valgrind"]) expect(readme).toContain(`| \`${layer}\` |`);
    expect(readme).toMatch(/\| `lints:clippy` \| `depsMeta` \|/);
  });

  it("README's table of files names every file and folder of the module's source", () => {
    const row = readFileSync(join(REPO_ROOT, "README.md"), "utf8").split("\n").find((l) => l.startsWith("| `dagger.json`, `.dagger/` |"))!;
    const entries = readdirSync(join(REPO_ROOT, ".dagger/src"), { withFileTypes: true }).map((e) => `src/${e.name}${e.isDirectory() ? "/" : ""}`);
    expect(entries.filter((e) => !row.includes(`\`${e}\``))).toEqual([]);
  });

  it("the module's code and stage library say what they do, not what came before: no \"seed\" (MIGRATION.md tells it)", () => {
    const files = (dir: string): string[] =>
      readdirSync(join(REPO_ROOT, dir), { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)]));
    const hits = [...files(".dagger/src"), ...files("docker")].filter((f) => /\bseed/i.test(readFileSync(join(REPO_ROOT, f), "utf8")));
    // the system stage copies this script into the build system: editing its comment would rebuild every layer of every user
    expect(hits).toEqual(["docker/lib/link-static-cxx.sh"]);
    expect(readFileSync(join(REPO_ROOT, "MIGRATION.md"), "utf8")).toMatch(/^# Migrating from tuwunel's Docker Bake builder/);
  });

  it("replaces only what lies between its markers, and refuses a README without them", () => {
    const text = "a\n<!-- docs:graph (written by npm run docs) -->\nold\n<!-- /docs:graph -->\nb\n";
    expect(replaceBlock(text, "graph", "new")).toBe("a\n<!-- docs:graph (written by npm run docs) -->\nnew\n<!-- /docs:graph -->\nb\n");
    expect(() => replaceBlock("a\n", "tools", "x")).toThrow(/lacks the <!-- docs:tools/);
    for (const tool of Object.keys(CARGO_TOOLS)) expect(toolDoc()).toContain(tool);
  });
});
