/**
 * The resolved plan of a target over a matrix, like `bake --print`: for every cell, the layers
 * the target builds on, each with the inputs it keys on, so two cells that would build the same
 * layer name the same node. The plan is the graph's own dry run (graph.ts `dryRun`): the
 * target's functions are called as `matrix` calls them, and each stops where it would first
 * build, leaving the nodes it declared. Nothing is built: the manifests are read, no more.
 */
import type { Node } from "../graph.js";

/** A layer of the plan: which function builds it, what from. */
export interface PlanLayer {
  readonly id: string;
  /** e.g. rust, tool:cargo-chef, install:valgrind */
  readonly layer: string;
  readonly kind: string;
  /** The layer's own inputs (scalars); upstream layers are in `from`. */
  readonly inputs: Readonly<Record<string, unknown>>;
  readonly from: readonly string[];
}

/** The plan of a target over the cells of a matrix. */
export interface Plan {
  readonly target: string;
  readonly cells: { readonly cell: string; readonly layers: readonly string[] }[];
  readonly layers: readonly PlanLayer[];
  /** Distinct layers per kind, over all cells, in chain order. */
  readonly distinct: Readonly<Record<string, number>>;
}

/** What one cell's calls would build on: the layers they asked for first. */
export interface PlannedCell {
  readonly cell: string;
  readonly tops: readonly Node<unknown>[];
}

/** The layers reachable from `tops`, upstream first. */
function closure(tops: readonly Node<unknown>[]): Node<unknown>[] {
  const out: Node<unknown>[] = [];
  const seen = new Set<string>();
  const visit = (n: Node<unknown>): void => {
    if (seen.has(n.id)) return;
    seen.add(n.id);
    for (const f of n.from) visit(f);
    out.push(n);
  };
  for (const t of tops) visit(t);
  return out;
}

/** The plan of a target from what each cell's dry run declared; `kinds` in chain order (plugins.ts KINDS). */
export function planMatrix(target: string, cells: readonly PlannedCell[], kinds: readonly string[]): Plan {
  const all = new Map<string, PlanLayer>();
  const perCell = cells.map(({ cell, tops }) => {
    const nodes = closure(tops);
    for (const n of nodes) all.set(n.id, { id: n.id, layer: n.layer, kind: n.kind!, inputs: n.inputs, from: n.from.map((f) => f.id) });
    return { cell, layers: nodes.map((n) => n.id) };
  });
  const distinct = Object.fromEntries(kinds.map((k) => [k, [...all.values()].filter((l) => l.kind === k).length]));
  return { target, cells: perCell, layers: [...all.values()], distinct };
}

/** The plan as a Mermaid flowchart: one node per distinct layer, the target's node per cell. */
export function planMermaid(plan: Plan): string {
  const label = (l: PlanLayer): string => {
    const brief = Object.entries(l.inputs)
      .filter(([, v]) => typeof v === "string" || typeof v === "boolean")
      .map(([k, v]) => `${k}=${String(v)}`)
      .join(" ");
    return `${l.layer}${brief ? `<br/>${brief.replace(/"/g, "'")}` : ""}`;
  };
  const lines = ["flowchart LR"];
  for (const kind of Object.keys(plan.distinct)) {
    const ls = plan.layers.filter((l) => l.kind === kind);
    if (ls.length === 0) continue;
    lines.push(`  subgraph ${kind.replace("-", "_")}["${kind} (${ls.length})"]`);
    for (const l of ls) lines.push(`    ${l.id.replace(/-/g, "_")}["${label(l)}"]`);
    lines.push("  end");
  }
  for (const l of plan.layers) for (const f of l.from) lines.push(`  ${f.replace(/-/g, "_")} --> ${l.id.replace(/-/g, "_")}`);
  plan.cells.forEach((c, i) => {
    const node = `cell_${i}`;
    lines.push(`  ${node}(["${plan.target} @ ${c.cell}"])`);
    const used = new Set(plan.layers.filter((l) => c.layers.includes(l.id)).flatMap((l) => l.from));
    for (const id of c.layers.filter((id) => !used.has(id))) lines.push(`  ${id.replace(/-/g, "_")} --> ${node}`);
  });
  return lines.join("\n") + "\n";
}
