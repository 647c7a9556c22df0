/**
 * Plans: the recorded graph of one or more function calls, read off the engine double.
 *
 * Layers are identified by calling the module's layer functions in the same session: the
 * vertices of a target belong to the earliest layer (smallest closure) whose result they are
 * part of. So the statistics say what the target really shares with each layer function, not
 * what the code intends to share. Content-addressed sources (host directories, filters of
 * them) and named volumes are inputs; vertices in no layer are the target's own (leaf).
 */
import { LAYER_FUNCTIONS, LAYERS, type LayerName } from "../../.dagger/src/graph.js";
import { CARGO_TOOLS } from "../../.dagger/src/defaults.js";
import type { EngineDouble, Vertex } from "./engine-double.js";
import { runSession, type Call, type CallResult, type Session } from "./module.js";

export const LAYER_ORDER: readonly LayerName[] = LAYER_FUNCTIONS;

/** A layer function call, and the key its result is filed under (tool takes a name). */
const LAYER_CALLS: { key: string; layer: LayerName; call: Call }[] = LAYER_ORDER.flatMap((layer): { key: string; layer: LayerName; call: Call }[] =>
  layer === "tool"
    ? Object.keys(CARGO_TOOLS).map((name) => ({ key: `tool:${name}`, layer, call: { fn: "tool", args: { name } } }))
    : [{ key: layer, layer, call: { fn: layer } }],
);
export const KINDS = ["input", "system", "toolchain", "rocksdb", "recipe", "deps-meta", "deps-code", "build", "leaf"] as const;
export type Kind = (typeof KINDS)[number];

export interface TargetPlan {
  target: string;
  result?: string;
  /** A function that returns a value, not an object (matrix, plan): the value. */
  value?: string;
  error?: string;
  vertices: number;
  byKind: Record<Kind, number>;
  /** Dependency compile passes: `cargo chef cook` execs. */
  dependencyPasses: number;
  /** The layer functions whose results the target is built on (tool:<name> for tools). */
  layersUsed: string[];
  /** Every exec in build order: kind and command. */
  execs: { kind: Kind; command: string }[];
}

export interface Plan {
  schema: string;
  cell?: string;
  logs: string[];
  /** Layer (tool:<name> for each tool) → digest of its result. */
  layers: Record<string, string>;
  targets: TargetPlan[];
  /** For each pair of targets, the vertices both need. */
  shared: { targets: [string, string]; vertices: number; byKind: Record<Kind, number> }[];
  /** All targets together: what running them in one session builds. */
  union: { vertices: number; dependencyPasses: number; byKind: Record<Kind, number> };
  /**
   * The whole session, whatever the targets return (matrix returns a report, not a graph):
   * distinct Dockerfile stage builds by target stage, distinct runs of the system stages' package
   * installs (the system built), and distinct dependency compile passes.
   */
  session: { stageBuilds: Record<string, number>; systemBuilds: { base: number; build: number }; dependencyPasses: number };
  queries: { total: number; invalid: number };
}

function emptyKinds(): Record<Kind, number> {
  return Object.fromEntries(KINDS.map((k) => [k, 0])) as Record<Kind, number>;
}

function isInput(v: Vertex): boolean {
  return v.content !== undefined || ["host", "git", "cacheVolume", "commit", "tag", "tree"].includes(v.field) || v.type === "Host";
}

/**
 * What a layer's result is to the layers built on it: a stage build's result with its build
 * arguments cleared from the environment ends in withoutEnvVariable calls on the build's own
 * result (dockerBuild), while the stages composed on it continue from the steps the stage
 * converts to. So a layer is identified by those steps: its result with the trailing calls and
 * the build's own result taken off.
 */
export function layerCore(double: EngineDouble, v: Vertex): Vertex {
  let cur = v;
  while (cur.field === "withoutEnvVariable" && cur.parent) cur = double.vertices.get(cur.parent)!;
  if (cur.field === "dockerBuild" && cur.type === "Container" && cur.parent) cur = double.vertices.get(cur.parent)!;
  return cur;
}

export function isCook(v: Vertex): boolean {
  const a = (v.args.args as string[] | undefined) ?? [];
  return v.field === "withExec" && a[0] === "cargo" && a[1] === "chef" && a[2] === "cook";
}

/** An exec's command for display; a Dockerfile RUN shows its build args substituted. */
export function commandOf(v: Vertex): string {
  const cmd = ((v.args.args as string[] | undefined) ?? []).join(" ");
  const buildArgs = v.args.$buildArgs as Record<string, string> | undefined;
  if (!buildArgs) return cmd;
  return cmd
    .replace(/^\/bin\/sh -c /, "RUN ")
    .replace(/"?\$\{([A-Za-z_][A-Za-z0-9_]*)\}"?/g, (m, name: string) => (name in buildArgs ? buildArgs[name]! || '""' : m))
    .replace(/\s+/g, " ");
}

/**
 * The kind of each vertex of a closure: inputs are inputs; otherwise the kind of the smallest
 * layer (among those the closure contains) that includes the vertex; otherwise leaf.
 */
export function classifier(double: EngineDouble, layers: Record<string, string>, closure: ReadonlySet<string>): (d: string) => Kind {
  const present = LAYER_CALLS.filter((l) => layers[l.key] && closure.has(layers[l.key]!)).map((l) => ({ layer: l.layer, closure: double.closure(layers[l.key]!) }));
  return (d) => {
    if (isInput(double.vertices.get(d)!)) return "input";
    let best: { layer: LayerName; size: number } | undefined;
    for (const p of present) if (p.closure.has(d) && (!best || p.closure.size < best.size)) best = { layer: p.layer, size: p.closure.size };
    return best ? LAYERS[best.layer].kind : "leaf";
  };
}

function inBuildOrder(double: EngineDouble, digests: Iterable<string>): string[] {
  return [...digests].sort((a, b) => double.vertices.get(a)!.seq - double.vertices.get(b)!.seq);
}

/** Classify and count the vertices of one call's result. */
export function analyse(double: EngineDouble, layers: Record<string, string>, target: string, result: CallResult): TargetPlan {
  const id = typeof result.value === "string" ? result.value : undefined;
  const v = id ? double.vertexById(id) : undefined;
  if (!v && !result.error && typeof result.value === "string") {
    return { target, value: result.value, vertices: 0, byKind: emptyKinds(), dependencyPasses: 0, layersUsed: [], execs: [] };
  }
  if (!v) {
    return { target, error: result.error?.message ?? "no graph (not an object result)", vertices: 0, byKind: emptyKinds(), dependencyPasses: 0, layersUsed: [], execs: [] };
  }
  const closure = double.closure(v.digest);
  const kindOf = classifier(double, layers, closure);
  const byKind = emptyKinds();
  const execs: TargetPlan["execs"] = [];
  let passes = 0;
  for (const d of inBuildOrder(double, closure)) {
    const k = kindOf(d);
    byKind[k]++;
    const x = double.vertices.get(d)!;
    if (x.field === "withExec") execs.push({ kind: k, command: commandOf(x) });
    if (isCook(x)) passes++;
  }
  const layersUsed = LAYER_CALLS.filter((l) => layers[l.key] && closure.has(layers[l.key]!)).map((l) => l.key);
  return { target, result: id, vertices: closure.size, byKind, dependencyPasses: passes, layersUsed, execs };
}

/** What the targets alone build in a session of their own (see Plan.session). */
async function sessionStats(session: Session, targets: Call[]): Promise<Plan["session"]> {
  const { double } = await runSession(session, targets);
  const stageBuilds: Record<string, Set<string>> = {};
  for (const b of double.dockerBuilds) (stageBuilds[b.target] ??= new Set()).add(b.result);
  const runsOf = (arg: string) =>
    [...double.vertices.values()].filter((v) => v.field === "withExec" && ((v.args.args as string[] | undefined) ?? []).join(" ").includes(`\${${arg}}`)).length;
  return {
    stageBuilds: Object.fromEntries(Object.entries(stageBuilds).map(([k, v]) => [k, v.size] as const).sort(([a], [b]) => (a < b ? -1 : 1))),
    systemBuilds: { base: runsOf("base_packages"), build: runsOf("build_packages") },
    dependencyPasses: [...double.vertices.values()].filter(isCook).length,
  };
}

/** Layer functions, then the targets, in one session; the plan of each target. */
export async function plan(session: Session, targets: Call[]): Promise<Plan> {
  const { double, results } = await runSession(session, [...LAYER_CALLS.map((l) => l.call), ...targets]);
  if (results[0]?.fn === "") throw results[0].error!;
  const layers: Record<string, string> = {};
  const logs = new Set<string>();
  results.forEach((r, i) => {
    r.logs.forEach((l) => logs.add(l));
    const v = i < LAYER_CALLS.length && typeof r.value === "string" ? double.vertexById(r.value) : undefined;
    if (v) layers[LAYER_CALLS[i]!.key] = layerCore(double, v).digest;
  });
  const plans = results.slice(LAYER_CALLS.length).map((r, i) => analyse(double, layers, targets[i]!.fn, r));
  const closures = plans.map((p) => (p.result ? double.closure(double.vertexById(p.result)!.digest) : new Set<string>()));
  const shared: Plan["shared"] = [];
  for (let a = 0; a < plans.length; a++) {
    for (let b = a + 1; b < plans.length; b++) {
      const both = [...closures[a]!].filter((d) => closures[b]!.has(d));
      const kindOf = classifier(double, layers, closures[a]!);
      const byKind = emptyKinds();
      for (const d of both) byKind[kindOf(d)]++;
      shared.push({ targets: [plans[a]!.target, plans[b]!.target], vertices: both.length, byKind });
    }
  }
  const all = new Set<string>();
  for (const c of closures) for (const d of c) all.add(d);
  const unionKind = classifier(double, layers, all);
  const union = { vertices: all.size, dependencyPasses: 0, byKind: emptyKinds() };
  for (const d of all) {
    union.byKind[unionKind(d)]++;
    if (isCook(double.vertices.get(d)!)) union.dependencyPasses++;
  }
  const cell = [...logs].map((l) => /^bakery: cell (\S+):/.exec(l)?.[1]).find(Boolean);

  const queries = { total: double.queries.length, invalid: double.queries.filter((q) => q.invalid.length > 0).length };
  const schema = double.schemaInfo.kind;
  // a second session: the double is reset, so everything of the first is read above
  return { schema, cell, logs: [...logs], layers, targets: plans, shared, union, session: await sessionStats(session, targets), queries };
}
