/**
 * The shape of the module's plan, held against a file: for every target name, in a one-cell matrix
 * and in the 12-cell default, the layers it builds on with their kinds and edges (by layer name,
 * not id) and the distinct layers per kind. Ids and inputs are left out: a change of how a layer
 * is keyed may change them, while what is built from what must stay as it is. Run on the fixture
 * and, where ../shared holds them, on tuwunel's facts. Update the files with `vitest -u` only for
 * a change of the graph meant as one.
 */
import { describe, expect, it } from "vitest";
import { targetNames } from "../../.dagger/src/matrix/targets.js";
import { runSession } from "../harness/module.js";
import { facts, FACTS_SKIP_REASON, factsPresent } from "../real-tree/facts.js";
import { factsWorkspace } from "../real-tree/workspace.js";
import { DOCKER, FIXTURE } from "./helpers.js";

interface ModulePlan {
  cells: { cell: string; layers: string[] }[];
  layers: { id: string; layer: string; kind: string; from: string[] }[];
  distinct: Record<string, number>;
}

const ONE_CELL = { cargoProfiles: ["test"], featSets: ["all"], rustToolchains: ["nightly"] };

/** One cell's layers as `layer (kind) <- upstream layers`, sorted: the plan without its ids. */
function shape(p: ModulePlan, cell = 0): string[] {
  const byId = new Map(p.layers.map((l) => [l.id, l]));
  const name = (id: string) => byId.get(id)!.layer;
  return (p.cells[cell]?.layers ?? [])
    .map((id) => byId.get(id)!)
    .map((l) => `${l.layer} (${l.kind}) <- ${l.from.map(name).sort().join(", ")}`)
    .sort();
}

/** Every target's shape in one cell, and its distinct layers per kind over the default matrix. */
async function shapes(source: string): Promise<string> {
  const targets = targetNames();
  const one = await runSession({ ctor: { source, stages: DOCKER } }, targets.map((target) => ({ fn: "matrix.plan", args: { target }, groupArgs: { matrix: ONE_CELL } })));
  const all = await runSession({ ctor: { source, stages: DOCKER } }, targets.map((target) => ({ fn: "matrix.plan", args: { target } })));
  const out: string[] = [];
  targets.forEach((t, i) => {
    const r = one.results[i]!;
    const d = all.results[i]!;
    out.push(`== ${t}`);
    if (r.error) out.push(`  error: ${r.error.message}`);
    else out.push(...shape(JSON.parse(String(r.value)) as ModulePlan).map((l) => `  ${l}`));
    if (d.error) out.push(`  default matrix error: ${d.error.message}`);
    else {
      const p = JSON.parse(String(d.value)) as ModulePlan;
      const counts = Object.entries(p.distinct).filter(([, n]) => n > 0);
      out.push(`  default matrix: ${p.cells.length} cells; ${counts.map(([k, n]) => `${k} ${n}`).join(", ")}`);
    }
  });
  return out.join("\n") + "\n";
}

describe("the plan's shape", () => {
  it("on the fixture: every target's layers, kinds and edges as the file holds them", async () => {
    await expect(await shapes(FIXTURE)).toMatchFileSnapshot("__snapshots__/plan-shape.fixture.txt");
  });

  it.skipIf(!factsPresent)(`on tuwunel's facts${factsPresent ? "" : ` (skipped: ${FACTS_SKIP_REASON})`}`, async () => {
    await expect(await shapes(factsWorkspace(facts()))).toMatchFileSnapshot("__snapshots__/plan-shape.tuwunel.txt");
  });
});
