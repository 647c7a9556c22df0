/**
 * What `npm run docs` writes, derived from the module itself so that no list is typed twice:
 *   .dagger/src/matrix/groups.ts   the groups' checks and functions, as the SDK's scanner reads
 *                                  their decorators (the names matrix, plan and the shim take)
 *   README.md, the graph           every layer and what each function builds on, from the
 *                                  graph's own dry run (the module's `plan`) of one cell
 *   README.md, the tools           the pinned cargo tools and what uses each
 *   README.md, the axes            the constructor's axis arguments (config/axes.ts AXES), with
 *                                  their defaults and docs
 *   .dagger/src/index.ts           the `tool --name` doc's list of crates
 *   the regions of sources.ts      the source the SDK must read spelled out: the axes' arguments,
 *                                  fields and bake.sh variables, the layer functions
 * A test (tests/harness/docs.test.ts) fails when a committed file differs from what this makes.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { AXES, AXIS_KEYS } from "../../.dagger/src/config/axes.js";
import { CARGO_TOOLS } from "../../.dagger/src/defaults.js";
import { PLUGIN_LAYERS } from "../../.dagger/src/plugins.js";
import { LAYERS } from "../../.dagger/src/graph.js";
import { kebab } from "../../.dagger/src/names.js";
import { MAIN_OBJECT, REPO_ROOT, runSession } from "./module.js";
import { scanModule, type ScannedModule } from "./sdk.js";
import { REGIONS } from "./sources.js";

/** A group of the main object: its checks, then its other functions. */
export type Groups = Record<string, { checks: string[]; functions: string[] }>;

/**
 * The groups as the scanner sees them: each function of the main object that returns an object
 * of one cell (it carries the cell's `config`; matrix's object carries many), with that
 * object's functions. Generators (they return a change to apply) and functions that take a
 * Secret (they publish) are not targets.
 */
export async function scannedGroups(scanned?: ScannedModule): Promise<Groups> {
  const m = scanned ?? (await scanModule());
  const groups: Groups = {};
  for (const fn of Object.values(m.objects[MAIN_OBJECT]!.methods)) {
    const group = m.objects[fn.returnType?.name ?? ""];
    if (!group || !("config" in group.properties)) continue;
    const methods = Object.values(group.methods).filter((g) => !g.isGenerator && !Object.values(g.arguments).some((a) => a.type?.name === "Secret"));
    if (methods.length === 0) continue;
    groups[fn.name] = { checks: methods.filter((g) => g.isCheck).map((g) => g.name), functions: methods.filter((g) => !g.isCheck).map((g) => g.name) };
  }
  return groups;
}

const list = (xs: readonly string[]): string => `[${xs.map((x) => JSON.stringify(x)).join(", ")}]`;

/** Where the groups are written. */
export const GROUPS_FILE = ".dagger/src/matrix/groups.ts";

/** The text of the groups file. */
export function groupsSource(groups: Groups): string {
  const rows = Object.entries(groups).map(([g, v]) => `  ${g}: { checks: ${list(v.checks)}, functions: ${list(v.functions)} },`);
  return [
    "/**",
    " * The groups of the main object, their checks, then their other functions: written by",
    " * `npm run docs` from the groups' decorators as the SDK's scanner reads them (a generator and a",
    " * function that publishes are not targets). Do not edit: declare a function in groups/ instead.",
    " */",
    "export const GROUPS = {",
    ...rows,
    "} as const satisfies Record<string, { readonly checks: readonly string[]; readonly functions: readonly string[] }>;",
    "",
  ].join("\n");
}

interface PlanJson {
  cells: { layers: string[] }[];
  layers: { id: string; layer: string; kind: string; inputs: Record<string, unknown>; from: string[] }[];
}

const code = (s: string): string => `\`${s}\``;

/** The graph's tables (layers, what each target builds on, the tools), from the module's plan of one cell. */
export async function graphTables(groups: Groups, layerTargets: readonly string[]): Promise<{ graph: string; tools: string }> {
  const targets = [...layerTargets, ...Object.entries(groups).flatMap(([g, v]) => [...v.checks, ...v.functions].map((f) => `${g}:${kebab(f)}`))];
  // a release cell: every function builds in it (installs:static refuses dynamically linked cells)
  const one = { cargoProfiles: ["release"], featSets: ["all"], rustToolchains: ["nightly"] };
  const { results } = await runSession({ ctor: { source: join(REPO_ROOT, "tests/fixtures/workspace"), stages: join(REPO_ROOT, "docker") } }, targets.map((target) => ({ fn: "matrix.plan", args: { target }, groupArgs: { matrix: one } })));
  const layers = new Map<string, PlanJson["layers"][number]>();
  const byId = new Map<string, string>();
  const tops = new Map<string, string[]>();
  targets.forEach((t, i) => {
    const r = results[i]!;
    if (r.error) throw new Error(`plan ${t}: ${r.error.message}`);
    const p = JSON.parse(String(r.value)) as PlanJson;
    for (const l of p.layers) {
      byId.set(l.id, l.layer);
      if (!layers.has(l.layer)) layers.set(l.layer, l);
    }
    const cell = p.cells[0]!.layers;
    const used = new Set(p.layers.filter((l) => cell.includes(l.id)).flatMap((l) => l.from));
    tops.set(t, cell.filter((id) => !used.has(id)).map((id) => byId.get(id)!));
  });
  // the Rust pipeline's layers in the table's order, then the plugins' in theirs
  const order = [...Object.keys(LAYERS), ...Object.keys(PLUGIN_LAYERS)];
  const rank = (name: string): number => order.indexOf(name.split(":")[0]!);
  const rows = [...layers.values()].sort((a, b) => rank(a.layer) - rank(b.layer) || a.layer.localeCompare(b.layer));
  const graph = [
    "| layer | kind | built on | keyed by |",
    "|---|---|---|---|",
    ...rows.map((l) => `| ${code(l.layer)} | ${l.kind} | ${l.from.map((f) => code(byId.get(f)!)).join(", ") || "—"} | ${Object.keys(l.inputs).join(", ") || "—"} |`),
    "",
    "| target | on top of (the layers of its closure nothing else of it is built on) |",
    "|---|---|",
    ...targets.filter((t) => t.includes(":")).map((t) => `| ${code(t)} | ${tops.get(t)!.map(code).join(", ") || "no layer of the chain"} |`),
  ].join("\n");
  const usedBy = (tool: string): string[] => [
    ...rows.filter((l) => l.from.some((f) => byId.get(f) === `tool:${tool}`)).map((l) => code(l.layer)),
    ...targets.filter((t) => t.includes(":") && tops.get(t)!.includes(`tool:${tool}`)).map(code),
  ];
  const tools = [
    "| crate | version | binaries | used by |",
    "|---|---|---|---|",
    ...Object.entries(CARGO_TOOLS).map(([t, v]) => `| ${code(t)} | ${v.version} | ${v.bins.map(code).join(", ")} | ${usedBy(t).join(", ") || (t === "cargo-nextest" ? "`tests` with `--nextest`" : "—")} |`),
  ].join("\n");
  return { graph, tools };
}

/** Replace what lies between `<!-- docs:name -->` and `<!-- /docs:name -->`. */
export function replaceBlock(text: string, name: string, body: string): string {
  const open = `<!-- docs:${name} (written by npm run docs) -->`;
  const close = `<!-- /docs:${name} -->`;
  const a = text.indexOf(open);
  const b = text.indexOf(close);
  if (a < 0 || b < a) throw new Error(`README.md lacks the ${open} … ${close} block`);
  return `${text.slice(0, a + open.length)}\n${body}\n${text.slice(b)}`;
}

/** The axes' table: each axis's constructor flag, its default and its doc, as the scanner reads them. */
export async function axesTable(): Promise<string> {
  const ctor = (await scanModule()).objects[MAIN_OBJECT]!._constructor!;
  return [
    "| axis | bake.sh variable | default | values |",
    "|---|---|---|---|",
    ...AXIS_KEYS.map((a) => {
      const arg = ctor.arguments[a];
      if (!arg) throw new Error(`the constructor has no argument for the axis ${a}`);
      return `| ${code(`--${kebab(a)}`)} | ${code(AXES[a].bake)} | ${code(String(arg.defaultValue))} | ${arg.description.replace(/\|/g, "\\|")} |`;
    }),
  ].join("\n");
}

/** The `tool --name` doc line, listing the pinned crates. */
export function toolDoc(): string {
  const names = Object.keys(CARGO_TOOLS);
  return `   * @param name The crate: ${names.slice(0, -1).join(", ")} or ${names.at(-1)}.`;
}

/** Every file `npm run docs` writes, by path from the repository root, with its new text. */
export async function renderDocs(layerTargets: readonly string[]): Promise<Map<string, string>> {
  const groups = await scannedGroups();
  const { graph, tools } = await graphTables(groups, layerTargets);
  const read = (p: string) => readFileSync(join(REPO_ROOT, p), "utf8");
  const readme = replaceBlock(replaceBlock(replaceBlock(read("README.md"), "graph", graph), "tools", tools), "axes", await axesTable());
  const files = new Map(Object.entries(REGIONS).map(([path, write]) => [path, write(read(path))]));
  files.set(".dagger/src/index.ts", files.get(".dagger/src/index.ts")!.replace(/^ {3}\* @param name The crate: .*$/m, toolDoc()));
  return new Map([[GROUPS_FILE, groupsSource(groups)], ["README.md", readme], ...files]);
}
