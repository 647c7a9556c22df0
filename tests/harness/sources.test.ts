/**
 * The source regions `npm run docs` writes: only what lies between a region's markers changes,
 * indented as its marker; a file without the region is refused; and what each region holds is
 * made from the tables alone (docs.test.ts checks that the committed files hold it).
 */
import { cpSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { AXES, AXIS_KEYS } from "../../.dagger/src/config/axes.js";
import { TARGET_LAYERS } from "../../.dagger/src/graph.js";
import { REPO_ROOT } from "./module.js";
import { scratch } from "./scratch.js";
import { scanSource } from "./sdk.js";
import { bakeAxes, constructorAxes, layerFunctions, matrixLists, REGIONS, replaceRegion, TABLES, type Tables } from "./sources.js";

describe("the generated source regions", () => {
  it("replace only what lies between their markers, indented as the opening one", () => {
    const text = "a(\n    // generated:x (written)\n    old,\n    // /generated:x\n  b,\n)";
    expect(replaceRegion(text, "f.ts", "x", ["one,", "", "two,"])).toBe("a(\n    // generated:x (written)\n    one,\n\n    two,\n    // /generated:x\n  b,\n)");
    expect(replaceRegion("# generated:y (w)\nold\n# /generated:y\n", "f.sh", "y", ["new"], "#")).toBe("# generated:y (w)\nnew\n# /generated:y\n");
  });

  it("refuse a file that lacks the region, naming the file and the markers", () => {
    expect(() => replaceRegion("a\n", "index.ts", "x", [])).toThrow("index.ts lacks the region // generated:x … // /generated:x");
    expect(() => replaceRegion("// /generated:x\n// generated:x (w)\n", "index.ts", "x", [])).toThrow(/lacks the region/);
  });

  it("hold one argument per axis and one function per layer function, from the tables", () => {
    const ctor = constructorAxes().join("\n");
    for (const a of AXIS_KEYS) {
      expect(ctor).toContain(`/** ${AXES[a].help} */\n${a}: string = ${JSON.stringify(AXES[a].default)},`);
      expect(matrixLists().join("\n")).toContain(`${a}s: string[] = [${AXES[a].matrix.map((v) => JSON.stringify(v)).join(", ")}],`);
      expect(bakeAxes().join("\n")).toContain(`${AXES[a].bake}:${AXES[a].bake.replace(/_/g, "-")}:${AXES[a].bake}s:`);
    }
    const fns = layerFunctions().join("\n");
    for (const l of TARGET_LAYERS) expect(fns).toContain(`async ${l}(): Promise<`);
    expect(fns.match(/@func\(\)/g)).toHaveLength(TARGET_LAYERS.length);
  });
});

describe("adding from a table entry (CONTRIBUTING.md)", () => {
  it("an axis and a layer function, each one entry of its table, reach every place the SDK and bake.sh read", async () => {
    const t: Tables = {
      axes: { ...AXES, cpuFlavour: { bake: "cpu_flavour", default: "plain", matrix: ["plain", "fancy"], help: "A new axis.", many: "CPU flavours", rule: AXES.sysVersion.rule } },
      layerFunctions: [...TABLES.layerFunctions, { name: "newLayer", returns: "Directory", doc: "A new layer." }],
    };
    // a copy of the module's source with the regions written from the extended tables, nothing else edited
    const root = scratch("tables");
    const copy = join(root, "src");
    cpSync(join(REPO_ROOT, ".dagger/src"), copy, { recursive: true });
    // its imports resolve as the module's do: the SDK's library from the repository's packages, the rest from .dagger's
    mkdirSync(join(root, "node_modules"));
    const packages = new Map<string, string>();
    for (const dir of ["node_modules", ".dagger/node_modules"]) for (const e of readdirSync(join(REPO_ROOT, dir))) if (!e.startsWith(".")) packages.set(e, join(REPO_ROOT, dir, e));
    for (const [name, path] of packages) symlinkSync(path, join(root, "node_modules", name), "dir");
    for (const [path, write] of Object.entries(REGIONS)) {
      if (!path.startsWith(".dagger/src/")) continue;
      const file = join(copy, path.slice(".dagger/src/".length));
      writeFileSync(file, write(readFileSync(file, "utf8"), t));
    }
    const bakery = (await scanSource(copy)).objects.Bakery!;
    const ctor = bakery._constructor!.arguments;
    expect(ctor.cpuFlavour).toMatchObject({ description: "A new axis.", defaultValue: "plain" });
    expect(bakery.methods.matrix!.arguments.cpuFlavours?.description).toBe("Its CPU flavours (cpu_flavours). Default: plain, fancy.");
    expect(bakery.methods.newLayer).toMatchObject({ description: "A new layer.", returnType: { name: "Directory" } });
    expect(readFileSync(join(copy, "config/cell-config.ts"), "utf8")).toContain('  cpuFlavour = "";');
    expect(REGIONS["docker/bake.sh"]!(readFileSync(join(REPO_ROOT, "docker/bake.sh"), "utf8"), t)).toContain("\ncpu_flavour:cpu-flavour:cpu_flavours:cpu-flavours:plain\"\n");
  });
});
