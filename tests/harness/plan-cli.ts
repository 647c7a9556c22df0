/**
 * npm run plan -- <target> [<target> …] [--<argument> <value> …] [--json]
 * npm run plan -- --diff <git-ref> <target> … [--source <dir>]    what a change rebuilds
 *
 * A target is what the module's matrix run and plan take (a layer, clippy, a group, group:function,
 * or a group's function named alone, e.g. docker), or any other function of the main object or
 * of a group (matrix:run, publish:ghcr-io). The plan is the
 * recorded graph of calling them in one session against the engine double: vertices per layer,
 * dependency compile passes, execs in build order, what each pair shares, and the union. Arguments are the constructor's and the functions' (kebab-case, lists
 * comma-separated), e.g. `--source ../tuwunel --rust-toolchain stable`.
 *
 * Without --source the module's default path applies (this repository, which has no
 * Cargo.toml, so the embedded tuwunel release); the double cannot fetch it and serves the
 * fixture workspace (or --embedded-fixture <dir>) in its place, and says so.
 */
import { writeSync } from "node:fs";
import { resolve } from "node:path";
import { EMBEDDED_SOURCE } from "../../.dagger/src/defaults.js";
import { kebab } from "../../.dagger/src/names.js";
import { MAIN_OBJECT, REPO_ROOT, type Call } from "./module.js";
import { plan, type Plan } from "./plan.js";
import { planDiff, type PlanDiff } from "./plan-diff.js";
import { resolveTarget } from "../../.dagger/src/matrix/targets.js";
import { scanModule } from "./sdk.js";
import { exitWith } from "./exit.js";

/** A short message, written synchronously (so it is drained), and exit 2. */
function usage(message: string): never {
  writeSync(2, `plan: ${message}\nusage: npm run plan -- [--diff <git-ref>] <function> [<function> …] [--<argument> <value> …] [--json]\n`);
  process.exit(2);
}

/** The run failed: its message on stderr, exit 1. */
const failed = (e: unknown): Promise<never> => exitWith(1, "", `plan: ${(e as Error).message}\n`);

const argv = process.argv.slice(2);
const json = argv.includes("--json");
const diffAt = argv.indexOf("--diff");
const diffRef = diffAt >= 0 ? argv[diffAt + 1] : undefined;
if (diffAt >= 0 && (!diffRef || diffRef.startsWith("--"))) usage("--diff needs a git ref, e.g. --diff HEAD~1");
const words = argv.filter((a, i) => a !== "--json" && (diffAt < 0 || (i !== diffAt && i !== diffAt + 1)));
const main = (await scanModule()).objects[MAIN_OBJECT]!;
const isGroupArg = (flag: string) => Object.values(main.methods).some((m) => Object.keys(m.arguments).map(kebab).includes(flag));
const ctorArgs = new Map(main._constructor!.getArgsOrder().map((n) => [kebab(n), { name: n, arg: main._constructor!.arguments[n]! }]));

const fns: string[] = [];
const flags = new Map<string, string>();
for (let i = 0; i < words.length; i++) {
  const w = words[i]!;
  if (w.startsWith("--")) {
    const value = words[++i];
    if (value === undefined) usage(`${w} needs a value`);
    flags.set(w.slice(2), value);
  } else fns.push(w);
}
if (fns.length === 0) usage("name at least one function");
const module = await scanModule();
const byCli = (o: string) => new Map(Object.values(module.objects[o]?.methods ?? {}).map((m) => [kebab(m.name), m]));
const known = (o: string) => [...byCli(o).keys()].join(", ");
// The module's own target names (matrix run and plan take the same), then any other function of the
// main object or of a group (matrix:run, matrix:plan, publish:ghcr-io, complement:update-baseline).
const targets: Call[] = fns.flatMap((word) => {
  try {
    return resolveTarget(word.replace(".", ":")).calls.map((c) => ({ fn: "layer" in c ? c.layer : `${c.group}.${c.fn}`, args: {} }));
  } catch (e) {
    const [head, sub] = word.split(/[:.]/, 2) as [string, string | undefined];
    const m = byCli(MAIN_OBJECT).get(head) ?? main.methods[head];
    const group = module.objects[m?.returnType?.name ?? ""];
    const g = group && sub ? (byCli(group.name).get(sub) ?? group.methods[sub]) : undefined;
    if (m && !sub && !group) return [{ fn: m.name, args: {} }];
    if (m && g) return [{ fn: `${m.name}.${g.name}`, args: {} }];
    return usage(`${(e as Error).message}; or a function of the main object (${known(MAIN_OBJECT)}) or of a group`);
  }
});

const embeddedFixture = resolve(flags.get("embedded-fixture") ?? `${REPO_ROOT}/tests/fixtures/workspace`);
flags.delete("embedded-fixture");
const ctor: Record<string, unknown> = {};
for (const [flag, value] of flags) {
  const c = ctorArgs.get(flag);
  const parse = (t: { kind: string } | undefined): unknown => (t?.kind === "LIST_KIND" ? value.split(",").filter(Boolean) : value);
  if (c) {
    ctor[c.name] = parse(c.arg.type);
    continue;
  }
  // an argument of a target's last function, or of the group function on its way
  let placed = false;
  for (const t of targets) {
    const [first, last] = t.fn.includes(".") ? (t.fn.split(".") as [string, string]) : [undefined, t.fn];
    const lastFn = first ? module.objects[main.methods[first]!.returnType!.name!]!.methods[last]! : main.methods[last]!;
    const onLast = Object.keys(lastFn.arguments).find((n) => kebab(n) === flag);
    if (onLast) {
      t.args![onLast] = parse(lastFn.arguments[onLast]!.type);
      placed = true;
      continue;
    }
    const onGroup = first ? Object.keys(main.methods[first]!.arguments).find((n) => kebab(n) === flag) : undefined;
    if (onGroup) {
      t.groupArgs = { ...t.groupArgs, [first!]: { ...t.groupArgs?.[first!], [onGroup]: parse(main.methods[first!]!.arguments[onGroup]!.type) } };
      placed = true;
    }
  }
  if (!placed) usage(`unknown argument --${flag}; constructor arguments: ${[...ctorArgs.keys()].map((k) => `--${k}`).join(" ")}${isGroupArg(flag) ? " (that argument belongs to a group the targets do not use)" : ""}`);
}
if (typeof ctor.source === "string") ctor.source = resolve(ctor.source);
if (typeof ctor.stages === "string") ctor.stages = resolve(ctor.stages);

const gitFixtures = { [`${EMBEDDED_SOURCE.url}@${EMBEDDED_SOURCE.commit}`]: embeddedFixture };
if (diffRef) {
  const d: PlanDiff = await planDiff(diffRef, { ctor, double: { gitFixtures } }, targets).catch(failed);
  await exitWith(
    0,
    json
      ? JSON.stringify(d, null, 2) + "\n"
      : [
          `against ${d.ref}, ${fns.join(", ")} would rebuild:`,
          `  layers: ${d.rebuilds.join(", ") || "none"}`,
          ...d.targets.map((t) => `  ${t.target}: ${t.rebuilds ? "rebuilds" : "cached"}`),
          `unchanged: ${d.unchanged.join(", ") || "none"}`,
        ].join("\n") + "\n",
  );
}
const p: Plan = await plan({ ctor, double: { gitFixtures } }, targets).catch(failed);
const embedded = p.logs.some((l) => l.includes("embedded default"));
const note = embedded
  ? `the source has no Cargo.toml, so bakery builds its embedded default (${EMBEDDED_SOURCE.name} ${EMBEDDED_SOURCE.tag}); the double cannot fetch it and serves ${embeddedFixture} in its place`
  : undefined;

let text: string;
if (json) {
  text = JSON.stringify({ ...(note ? { note } : {}), ...p }, null, 2) + "\n";
} else {
  const out: string[] = [];
  out.push(`plan of ${fns.join(", ")} — cell ${p.cell ?? "?"} (engine schema: ${p.schema})`);
  if (note) out.push(`note: ${note}`);
  for (const t of p.targets) {
    if (t.value !== undefined) {
      out.push("", `${t.target} returned:`, ...t.value.split("\n").slice(0, 40).map((l) => `  ${l}`));
      continue;
    }
    out.push("", t.error ? `${t.target}: failed: ${t.error}` : `${t.target}: ${t.vertices} vertices, ${t.dependencyPasses} dependency compile pass(es)`);
    if (t.error) continue;
    out.push("  " + Object.entries(t.byKind).map(([k, n]) => `${k} ${n}`).join(" · "));
    out.push(`  built on: ${t.layersUsed.join(", ") || "(no layer function)"}`);
    for (const e of t.execs) out.push(`  ${e.kind.padEnd(9)} ${e.command.length > 140 ? e.command.slice(0, 137) + "…" : e.command}`);
  }
  for (const s of p.shared) {
    out.push("", `shared by ${s.targets.join(" and ")}: ${s.vertices} vertices (` + Object.entries(s.byKind).filter(([, n]) => n).map(([k, n]) => `${k} ${n}`).join(", ") + ")");
  }
  if (p.targets.length > 1) {
    out.push("", `all together: ${p.union.vertices} vertices, ${p.union.dependencyPasses} dependency compile pass(es) (` + Object.entries(p.union.byKind).filter(([, n]) => n).map(([k, n]) => `${k} ${n}`).join(", ") + ")");
  }
  const s = p.session;
  out.push(
    "",
    `the session built: the system ${s.systemBuilds.build} time(s) (base ${s.systemBuilds.base}), ${s.dependencyPasses} dependency compile pass(es); stage builds: ` +
      Object.entries(s.stageBuilds).map(([k, n]) => `${k} ${n}`).join(", "),
  );
  out.push("", `queries: ${p.queries.total} sent, ${p.queries.invalid} invalid against the ${p.schema} schema`);
  text = out.join("\n") + "\n";
}
await exitWith(p.targets.some((t) => t.error) || p.queries.invalid > 0 ? 1 : 0, text);
