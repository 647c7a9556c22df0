/**
 * The resolved plan of a target over a matrix, like `bake --print`: for every cell, the layers
 * the target builds on, each keyed by exactly the inputs graph.ts gives it, so two cells that
 * would build the same layer name the same key. Nothing is built: the plan reads the
 * workspace's manifests and resolves the cells, no more. A test checks these edges against the
 * graph the engine double records for the same calls.
 */
import { createHash } from "node:crypto";
import type { Settings } from "../config/axes.js";
import type { Cell } from "../config/cell.js";
import type { Workspace } from "../workspace/manifest.js";
import { LAYER_KINDS, type LayerName } from "../graph.js";
import type { Target, TargetCall } from "./targets.js";

/** Kinds the plan counts distinct layers of. */
export const PLAN_KINDS = ["system", "toolchain", "rocksdb", "recipe", "deps-meta", "deps-code", "build", "runtime", "image", "package", "complement"] as const;
export type PlanKind = (typeof PLAN_KINDS)[number];

/** A layer of the plan: which function builds it, what from. */
export interface PlanLayer {
  readonly id: string;
  /** e.g. rust, tool:cargo-chef, install:valgrind */
  readonly layer: string;
  readonly kind: PlanKind;
  /** The layer's own inputs (scalars) — upstream layers are in `from`. */
  readonly inputs: Readonly<Record<string, unknown>>;
  readonly from: readonly string[];
}

export interface Plan {
  readonly target: string;
  readonly cells: { readonly cell: string; readonly layers: readonly string[] }[];
  readonly layers: readonly PlanLayer[];
  /** Distinct layers per kind, over all cells. */
  readonly distinct: Readonly<Record<PlanKind, number>>;
}

/** The kind of each layer: the graph's layer functions as graph.ts files them, and the rest. */
const KIND: Record<string, PlanKind> = {
  ...LAYER_KINDS,
  toolsToolchain: "toolchain",
  base: "system",
  runtime: "runtime",
  install: "runtime",
  image: "image",
  package: "package",
  complementTester: "complement",
  complementTestee: "complement",
};

function stable(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stable).join(",")}]`;
  if (v && typeof v === "object") return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${stable((v as Record<string, unknown>)[k])}`).join(",")}}`;
  return JSON.stringify(v);
}

/** One cell's layers, built on demand with their keys. */
class CellPlan {
  readonly layers = new Map<string, PlanLayer>();
  constructor(
    private readonly cell: Cell,
    private readonly ws: Workspace,
    private readonly settings: Settings,
  ) {}

  private add(layer: string, inputs: Record<string, unknown>, from: string[]): string {
    const id = `${layer.split(":")[0]}-${createHash("sha256").update(stable({ layer, inputs, from })).digest("hex").slice(0, 12)}`;
    this.layers.set(id, { id, layer, kind: KIND[layer.split(":")[0]!]!, inputs, from });
    return id;
  }

  private get sysInputs(): Record<string, unknown> {
    const { cell, settings } = this;
    return { sys: `${cell.sys.name}:${cell.sys.version}`, triple: cell.sys.target.triple, basePackages: settings.basePackages, buildPackages: settings.buildPackages };
  }

  system = (): string => this.add("system", this.sysInputs, []);
  base = (): string => this.add("base", { sys: this.sysInputs.sys, triple: this.sysInputs.triple, basePackages: this.settings.basePackages }, []);
  toolsToolchain = (): string => this.add("toolsToolchain", this.settings.rustupMirror ? { rustupMirror: this.settings.rustupMirror } : {}, [this.system()]);
  tool = (t: string): string => this.add(`tool:${t}`, { tool: t }, [this.toolsToolchain()]);
  tools = (): string => this.add("tools", {}, [this.toolsToolchain(), this.tool("cargo-chef")]);
  rust = (): string =>
    this.add("rust", { toolchain: this.cell.toolchain, rustTarget: this.cell.rustTarget, ...(this.settings.rustupMirror ? { rustupMirror: this.settings.rustupMirror } : {}) }, [this.system(), this.tool("cargo-chef")]);
  rocksdb = (): string | undefined =>
    this.ws.rocksdb
      ? this.add("rocksdb", { pin: this.ws.rocksdb, cpu: this.cell.sys.target, native: this.cell.profile === "release-native", with: this.settings.rocksdbWith }, [this.system()])
      : undefined;
  kitchen = (): string => {
    const rocksdb = this.rocksdb();
    return this.add("kitchen", { sysTarget: this.cell.sys.target, jemalloc: this.settings.buildPackages.includes("libjemalloc-dev") }, [this.rust(), ...(rocksdb ? [rocksdb] : [])]);
  };
  cellEnv = (): string => this.add("cellEnv", { rustflags: this.cell.rustflags.flags, profileEnv: this.cell.profileEnv }, [this.kitchen()]);
  recipe = (): string => this.add("recipe", { manifests: this.ws.manifests, targetRoots: this.ws.targetRoots }, [this.tools()]);
  /** The dependency passes and builds key on the whole cell (features, profile, target, flags). */
  private perCell = (layer: string, from: string[]): string => this.add(layer, { cell: this.cell.name }, from);
  depsMeta = (): string => this.perCell("depsMeta", [this.cellEnv(), this.recipe()]);
  depsCode = (): string => this.perCell("depsCode", [this.cellEnv(), this.recipe()]);
  build = (): string => this.perCell("build", [this.depsCode()]);
  buildTests = (): string => this.perCell("buildTests", [this.depsCode()]);
  buildBins = (): string => this.perCell("buildBins", [this.depsCode()]);
  runtime = (v: string): string => this.add(`runtime:${v}`, { linkage: this.cell.rustflags.linkage, variant: v, rocksdbWith: this.ws.rocksdb ? this.settings.rocksdbWith : [] }, [this.base()]);
  install = (v: string): string => this.perCell(`install:${v}`, [this.runtime(v), this.buildBins()]);
  image = (): string => this.perCell("image", [this.base(), this.install("plain")]);
  package = (k: string): string => this.perCell(`package:${k}`, [this.buildBins(), this.tool(k === "deb" ? "cargo-deb" : "cargo-generate-rpm")]);
  complementTester = (): string => this.add("complementTester", {}, [this.base()]);
  complementTestee = (valgrind: boolean): string => this.perCell(valgrind ? "complementTestee:valgrind" : "complementTestee", [this.base(), this.install("plain")]);

  layer = (l: Exclude<LayerName, "tool">): string | undefined => this[l]();

  /** The layers a call builds on directly (the leaf itself is not a layer). */
  top(c: TargetCall): (string | undefined)[] {
    if ("layer" in c) return [this.layer(c.layer)];
    const tops: Record<string, () => (string | undefined)[]> = {
      "lints.fmt": () => [this.rust()],
      "lints.typos": () => [this.system(), this.tool("typos-cli")],
      "lints.audit": () => [this.system(), this.tool("cargo-audit")],
      "lints.lychee": () => [this.system(), this.tool("lychee")],
      "lints.check": () => [this.depsMeta()],
      "lints.clippy": () => [this.depsMeta()],
      "smokes.smokeVersion": () => [this.install("plain")],
      "smokes.smokeStartup": () => [this.install("plain")],
      "smokes.smokeValgrind": () => [this.install("valgrind")],
      "smokes.smokePerf": () => [this.install("perf")],
      "integration.rustSdkInteg": () => [this.rust(), this.install("plain")],
      "integration.rustSdkValgrind": () => [this.rust(), this.install("valgrind")],
      "complement.complementTester": () => [this.complementTester()],
      "complement.complementTestee": () => [this.complementTestee(false)],
      "complement.complementValgrind": () => [this.complementTester(), this.complementTestee(true)],
      "installs.install": () => [this.install("plain")],
      "installs.static": () => [this.install("plain")],
      "installs.installValgrind": () => [this.install("valgrind")],
      "installs.installPerf": () => [this.install("perf")],
      "installs.docker": () => [this.image()],
      "installs.oci": () => [this.image()],
      "pkg.deb": () => [this.package("deb")],
      "pkg.rpm": () => [this.package("rpm")],
      "pkg.debInstall": () => [this.base(), this.package("deb")],
      "pkg.rpmInstall": () => [this.package("rpm")],
      "pkg.book": () => [this.system(), this.tool("mdbook")],
      "pkg.docs": () => [this.depsMeta()],
      "pkg.nix": () => [],
      "pkg.smokeNix": () => [],
    };
    const key = `${c.group}.${c.fn}`;
    if (c.group === "tests") return [this.buildTests()];
    if (c.group === "complement") return tops[key]?.() ?? [this.complementTester(), this.complementTestee(false)];
    const f = tops[key];
    if (!f) throw new Error(`bakery's plan does not know what ${c.group}:${c.fn} builds on`);
    return f();
  }
}

/** The layer ids reachable from `tops`, upstream first. */
function closure(layers: ReadonlyMap<string, PlanLayer>, tops: readonly string[]): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  const visit = (id: string): void => {
    if (seen.has(id)) return;
    seen.add(id);
    for (const f of layers.get(id)!.from) visit(f);
    out.push(id);
  };
  for (const t of tops) visit(t);
  return out;
}

/** The plan of a target over resolved cells. */
export function planMatrix(target: Target, cells: readonly Cell[], ws: Workspace, settings: Settings): Plan {
  const all = new Map<string, PlanLayer>();
  const perCell = cells.map((cell) => {
    const p = new CellPlan(cell, ws, settings);
    const tops = target.calls.flatMap((c) => p.top(c)).filter((t): t is string => t !== undefined);
    const ids = closure(p.layers, tops);
    for (const id of ids) all.set(id, p.layers.get(id)!);
    return { cell: cell.name, layers: ids };
  });
  const distinct = Object.fromEntries(PLAN_KINDS.map((k) => [k, [...all.values()].filter((l) => l.kind === k).length])) as Record<PlanKind, number>;
  return { target: target.name, cells: perCell, layers: [...all.values()], distinct };
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
  for (const kind of PLAN_KINDS) {
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
