/**
 * npm run plan -- <function> [<function> …] [--<argument> <value> …] [--json]
 *
 * The recorded graph of calling bakery's functions in one session against the engine double:
 * vertices per layer, dependency compile passes, execs in build order, and what each pair of
 * functions shares. Arguments are the constructor's and the functions' (kebab-case, lists
 * comma-separated), e.g. `--source ../tuwunel --rust-toolchain stable`.
 *
 * Without --source the module's default path applies (this repository, which has no
 * Cargo.toml, so the embedded tuwunel release); the double cannot fetch it and serves the
 * fixture workspace (or --embedded-fixture <dir>) in its place, and says so.
 */
import { resolve } from "node:path";
import { EMBEDDED_SOURCE } from "../../.dagger/src/defaults.js";
import { kebab } from "./functions.js";
import { MAIN_OBJECT, REPO_ROOT, type Call } from "./module.js";
import { plan, type Plan } from "./plan.js";
import { scanModule } from "./sdk.js";

function usage(message: string): never {
  process.stderr.write(`plan: ${message}\nusage: npm run plan -- <function> [<function> …] [--<argument> <value> …] [--json]\n`);
  process.exit(2);
}

const argv = process.argv.slice(2);
const json = argv.includes("--json");
const words = argv.filter((a) => a !== "--json");
const main = (await scanModule()).objects[MAIN_OBJECT]!;
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
const byCli = new Map(Object.values(main.methods).map((m) => [kebab(m.name), m]));
const targets: Call[] = fns.map((f) => {
  const m = byCli.get(f) ?? main.methods[f];
  if (!m) usage(`unknown function ${f}; functions: ${[...byCli.keys()].join(", ")}`);
  return { fn: m.name, args: {} };
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
  const owner = targets.find((t) => main.methods[t.fn]!.arguments[flag] !== undefined || Object.keys(main.methods[t.fn]!.arguments).map(kebab).includes(flag));
  if (!owner) usage(`unknown argument --${flag}; constructor arguments: ${[...ctorArgs.keys()].map((k) => `--${k}`).join(" ")}`);
  const name = Object.keys(main.methods[owner.fn]!.arguments).find((n) => kebab(n) === flag)!;
  owner.args![name] = parse(main.methods[owner.fn]!.arguments[name]!.type);
}
if (typeof ctor.source === "string") ctor.source = resolve(ctor.source);
if (typeof ctor.docker === "string") ctor.docker = resolve(ctor.docker);

const gitFixtures = { [`${EMBEDDED_SOURCE.url}@${EMBEDDED_SOURCE.commit}`]: embeddedFixture };
let p: Plan;
try {
  p = await plan({ ctor, double: { gitFixtures } }, targets);
} catch (e) {
  process.stderr.write(`plan: ${(e as Error).message}\n`);
  process.exit(1);
}
const embedded = p.logs.some((l) => l.includes("embedded default"));
const note = embedded
  ? `the source has no Cargo.toml, so bakery builds its embedded default (${EMBEDDED_SOURCE.name} ${EMBEDDED_SOURCE.tag}); the double cannot fetch it and serves ${embeddedFixture} in its place`
  : undefined;

if (json) {
  process.stdout.write(JSON.stringify({ ...(note ? { note } : {}), ...p }, null, 2) + "\n");
} else {
  const out: string[] = [];
  out.push(`plan of ${fns.join(", ")} — cell ${p.cell ?? "?"} (engine schema: ${p.schema})`);
  if (note) out.push(`note: ${note}`);
  for (const t of p.targets) {
    out.push("", t.error ? `${t.target}: failed: ${t.error}` : `${t.target}: ${t.vertices} vertices, ${t.dependencyPasses} dependency compile pass(es)`);
    if (t.error) continue;
    out.push("  " + Object.entries(t.byKind).map(([k, n]) => `${k} ${n}`).join(" · "));
    for (const e of t.execs) out.push(`  ${e.kind.padEnd(9)} ${e.command.length > 140 ? e.command.slice(0, 137) + "…" : e.command}`);
  }
  for (const s of p.shared) {
    out.push("", `shared by ${s.targets.join(" and ")}: ${s.vertices} vertices (` + Object.entries(s.byKind).filter(([, n]) => n).map(([k, n]) => `${k} ${n}`).join(", ") + ")");
  }
  out.push("", `queries: ${p.queries.total} sent, ${p.queries.invalid} invalid against the ${p.schema} schema`);
  process.stdout.write(out.join("\n") + "\n");
}
process.exit(p.targets.some((t) => t.error) || p.queries.invalid > 0 ? 1 : 0);
