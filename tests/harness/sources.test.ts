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
import { DOCKER, FIXTURE } from "../graph/helpers.js";
import { groupsSource, scannedGroups } from "./docs.js";
import { REPO_ROOT, runSession } from "./module.js";
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

/** A copy of the module's source (its `src`), whose imports resolve as the module's do: the SDK's library from the repository's packages, the rest from .dagger's. */
function sourceCopy(name: string): string {
  const root = scratch(name);
  const copy = join(root, "src");
  cpSync(join(REPO_ROOT, ".dagger/src"), copy, { recursive: true });
  cpSync(join(REPO_ROOT, ".dagger/tsconfig.json"), join(root, "tsconfig.json"));
  mkdirSync(join(root, "node_modules"));
  const packages = new Map<string, string>();
  for (const dir of ["node_modules", ".dagger/node_modules"]) for (const e of readdirSync(join(REPO_ROOT, dir))) if (!e.startsWith(".")) packages.set(e, join(REPO_ROOT, dir, e));
  for (const [name, path] of packages) symlinkSync(path, join(root, "node_modules", name), "dir");
  return copy;
}

/** The matrix's lists of one cell. */
const ONE_CELL = { cargoProfiles: ["test"], rustToolchains: ["nightly"], featSets: ["all"] };

/** Edit a file of a source copy: `change` must change it. */
function edit(copy: string, path: string, change: (text: string) => string): void {
  const file = join(copy, path);
  const before = readFileSync(file, "utf8");
  const after = change(before);
  if (after === before) throw new Error(`the edit of ${path} found nothing to change`);
  writeFileSync(file, after);
}

describe("adding from a table entry (CONTRIBUTING.md)", () => {
  it("an axis and a layer function, each one entry of its table, reach every place the SDK and bake.sh read", async () => {
    const t: Tables = {
      axes: { ...AXES, cpuFlavour: { bake: "cpu_flavour", default: "plain", matrix: ["plain", "fancy"], help: "A new axis.", many: "CPU flavours", rule: AXES.sysVersion.rule } },
      layerFunctions: [...TABLES.layerFunctions, { name: "newLayer", returns: "Directory", doc: "A new layer." }],
    };
    // a copy of the module's source with the regions written from the extended tables, nothing else edited
    const copy = sourceCopy("tables");
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

  it("a lint with its tool in 2 files, and a check group in 2: each a check, a target and a leaf on the graph", async () => {
    const copy = sourceCopy("lint-and-group");
    // 1. the tool: one entry of CARGO_TOOLS
    edit(copy, "defaults.ts", (t) => t.replace('  mdbook: { version: "0.5.4", bins: ["mdbook"] },\n', (m) => `${m}  "cargo-machete": { version: "0.9.1", bins: ["cargo-machete"] },\n`));
    // 2. the lint: one function of the lints group, on the tool
    edit(copy, "groups/lints.ts", (t) =>
      t
        .replace("import { advisoryDbFetchUrl,", "import { toolLintOn, advisoryDbFetchUrl,")
        .replace(/\n}\n$/, [
          "",
          "  /**",
          "   * Pinned cargo-machete: dependencies no code uses.",
          "   * @param rerun Any new value runs the check again although its inputs are unchanged.",
          "   */",
          "  @func()",
          "  @check()",
          '  async machete(rerun: string = ""): Promise<Container> {',
          '    return graphCheck(this, (g) => toolLintOn(g, { name: "machete", tool: "cargo-machete", source: g.source, command: ["cargo-machete"] }, rerun));',
          "  }",
          "}",
          "",
        ].join("\n")),
    );
    // a check group: its file, and the main object's function returning it
    writeFileSync(join(copy, "groups/extras.ts"), [
      'import { check, func, object, type Container, type Directory } from "@dagger.io/dagger";',
      'import { graphCheck } from "./check.js";',
      'import type { CellConfig } from "../config/cell-config.js";',
      "",
      "/** Extra checks. */",
      "@object()",
      "export class Extras {",
      "  source!: Directory;",
      "  stages!: Directory;",
      "  config!: CellConfig;",
      "",
      "  /** The workspace's tree, listed on the build system. */",
      "  @func()",
      "  @check()",
      "  async tree(): Promise<Container> {",
      '    return graphCheck(this, (g) => g.leaf("extras:tree", { system: g.system() }, ({ system }) => system.withDirectory("/w", g.source).withExec(["ls", "-R", "/w"])));',
      "  }",
      "}",
      "",
    ].join("\n"));
    edit(copy, "index.ts", (t) =>
      t
        .replace('import { Tests } from "./groups/tests.js";', (m) => `${m}\nimport { Extras } from "./groups/extras.js";`)
        .replace("  /** The binary and its images:", (m) => `  /** Extra checks. */\n  @func()\n  extras(): Extras {\n    return make(Extras, { source: this.source, stages: this.stages, config: this.config });\n  }\n\n${m}`),
    );
    // npm run docs: the groups table, from the copy as the SDK's scanner reads it
    const scanned = await scanSource(copy);
    const groups = await scannedGroups(scanned);
    writeFileSync(join(copy, "matrix/groups.ts"), groupsSource(groups));
    expect(groups.lints!.checks).toContain("machete");
    expect(groups.extras).toEqual({ checks: ["tree"], functions: [] });

    const { double, results } = await runSession({ moduleSrc: copy, ctor: { source: FIXTURE, stages: DOCKER } }, [
      { fn: "lints.machete" },
      { fn: "extras.tree" },
      { fn: "matrix.plan", args: { target: "lints:machete" }, groupArgs: { matrix: ONE_CELL } },
      { fn: "matrix.plan", args: { target: "extras" }, groupArgs: { matrix: ONE_CELL } },
    ]);
    for (const r of results) expect(r.error?.message).toBeUndefined();
    const closure = (i: number) => [...double.closure(double.vertexById(String(results[i]!.value))!.digest)].map((d) => double.vertices.get(d)!);
    const machete = closure(0);
    expect(machete.some((v) => JSON.stringify(v.args).includes("cargo-machete@0.9.1"))).toBe(true);
    expect(machete.some((v) => v.field === "withExec" && (v.args.args as string[]).join(" ") === "cargo-machete")).toBe(true);
    expect(closure(1).some((v) => v.field === "withExec" && (v.args.args as string[]).join(" ") === "ls -R /w")).toBe(true);
    const plan = (i: number) => JSON.parse(String(results[i]!.value)) as { cells: { layers: string[] }[]; layers: { id: string; layer: string }[] };
    const machetePlan = plan(2);
    expect(machetePlan.layers.map((l) => l.layer)).toContain("tool:cargo-machete");
    expect(plan(3).cells).toHaveLength(1);
  });
});
