/**
 * The project plugins meet the Rust pipeline through their tables alone (plugins.ts): the
 * pipeline's files import no plugin, a plugin's layer takes its kind from its own table, and
 * `plan` counts those kinds after the pipeline's.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { KINDS, PLUGIN_LAYERS, PLUGINS } from "../.dagger/src/plugins.js";
import { Graph, LAYER_KINDS, LAYERS, type GraphInputs, type PluginLayers } from "../.dagger/src/graph.js";
import { planMatrix } from "../.dagger/src/matrix/plan.js";
import { MODULE_SRC } from "./harness/sdk.js";

/** The module's files under `dir`, relative to its source root. */
function files(dir: string): string[] {
  return readdirSync(join(MODULE_SRC, dir), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : [],
  );
}

/** What a file imports, as written. */
function imports(file: string): string[] {
  return [...readFileSync(join(MODULE_SRC, file), "utf8").matchAll(/^import [^;]*? from "([^"]+)";/gms)].map((m) => m[1]!);
}

/** A graph of no inputs: enough to declare layers of plain inputs. */
const bare = (): Graph => new Graph({} as unknown as GraphInputs);

describe("the plugins' table", () => {
  it("is the only way in: no file of the Rust pipeline imports a plugin's folder or the table", () => {
    const folders = Object.keys(PLUGINS);
    const pipeline = files(".").filter((f) => !folders.some((d) => f.startsWith(`${d}/`)) && !["index.ts", "plugins.ts"].includes(f));
    expect(pipeline).toContain("graph.ts");
    const reaching = pipeline.flatMap((f) =>
      imports(f)
        .filter((i) => i.startsWith("."))
        .map((i) => relative(".", join(f, "..", i)))
        .filter((target) => target === "plugins.js" || folders.some((d) => target.startsWith(`${d}/`)))
        .map((target) => `${f} → ${target}`),
    );
    expect(reaching).toEqual([]);
  });

  it("gives a plugin's layer the kind its table gives, counted by plan after the pipeline's kinds", () => {
    expect(KINDS.slice(0, LAYER_KINDS.length)).toEqual([...LAYER_KINDS]);
    expect(KINDS).toContain("complement");
    for (const name of Object.keys(PLUGIN_LAYERS)) expect(name in LAYERS).toBe(false);

    const table = { extraLayer: { kind: "extra" } } as const satisfies PluginLayers;
    const node = bare().declareIn(table, "extraLayer:variant", { flavour: "x" }, {}, () => 1);
    expect(node.kind).toBe("extra");
    const plan = planMatrix("t", [{ cell: "c", tops: [node] }], [...KINDS, "extra"]);
    expect(plan.distinct).toMatchObject({ extra: 1, complement: 0, system: 0 });
    expect(Object.keys(plan.distinct).at(-1)).toBe("extra");
  });

  it("refuses a layer its table lacks, naming it and the table's layers", () => {
    const table: PluginLayers = { extraLayer: { kind: "extra" } };
    expect(() => bare().declareIn(table, "otherLayer", {}, {}, () => 1)).toThrow('layer "otherLayer" is not in its table; it has extraLayer');
  });
});
