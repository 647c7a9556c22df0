/**
 * The module's API as `dagger functions` / `dagger call --help` present it, built from the SDK's
 * own scan of .dagger/src: objects, functions, arguments with types, defaults and docs, and
 * the check flag. Names are shown the way the CLI spells them (kebab-case).
 */
import { kebab } from "../../.dagger/src/names.js";
import { MAIN_OBJECT } from "./module.js";
import { MODULE_NAME, scanModule, type ScannedArgument, type ScannedFunction, type ScannedModule } from "./sdk.js";

export interface ApiArgument {
  name: string;
  cli: string;
  type: string;
  optional: boolean;
  default?: unknown;
  defaultPath?: string;
  ignore?: string[];
  description: string;
}

export interface ApiFunction {
  name: string;
  cli: string;
  returns: string;
  check: boolean;
  generate: boolean;
  cache?: string;
  description: string;
  args: ApiArgument[];
}

export interface ApiObject {
  name: string;
  description: string;
  /** Constructor arguments: the main object's are the module's (`dagger call --arg …`). */
  ctor?: ApiArgument[];
  functions: ApiFunction[];
}

export interface Api {
  module: string;
  description: string;
  objects: ApiObject[];
}


/* eslint-disable-next-line @typescript-eslint/no-explicit-any -- scanner typedefs */
function typeName(t: any): string {
  if (!t) return "?";
  switch (t.kind) {
    case "STRING_KIND":
      return "String";
    case "INTEGER_KIND":
      return "Int";
    case "FLOAT_KIND":
      return "Float";
    case "BOOLEAN_KIND":
      return "Boolean";
    case "VOID_KIND":
      return "Void";
    case "LIST_KIND":
      return `[${typeName(t.typeDef)}]`;
    default:
      return t.name ?? t.kind;
  }
}

function args(fn: ScannedFunction): ApiArgument[] {
  return fn.getArgsOrder().map((n) => {
    const a: ScannedArgument = fn.arguments[n]!;
    return {
      name: a.name,
      cli: `--${kebab(a.name)}`,
      type: typeName(a.type),
      optional: a.isOptional || a.defaultValue !== undefined || a.defaultPath !== undefined,
      ...(a.defaultValue !== undefined ? { default: a.defaultValue } : {}),
      ...(a.defaultPath !== undefined ? { defaultPath: a.defaultPath } : {}),
      ...(a.ignore ? { ignore: a.ignore } : {}),
      description: a.description,
    };
  });
}

export function apiOf(m: ScannedModule): Api {
  return {
    module: m.name,
    description: m.description,
    objects: Object.values(m.objects).map((o) => ({
      name: o.name,
      description: o.description,
      ...(o._constructor && o.name === MAIN_OBJECT ? { ctor: args(o._constructor) } : {}),
      functions: Object.values(o.methods).map((f) => ({
        name: f.name,
        cli: kebab(f.name),
        returns: typeName(f.returnType),
        check: Boolean(f.isCheck),
        generate: Boolean(f.isGenerator),
        ...(f.cache ? { cache: f.cache } : {}),
        description: f.description,
        args: args(f),
      })),
    })),
  };
}

export async function api(): Promise<Api> {
  return apiOf(await scanModule());
}

/** Plain-text rendering, close to `dagger functions` plus each function's `--help`. */
export function render(a: Api): string {
  const out: string[] = [`module ${MODULE_NAME}`, ...a.description.split("\n").map((l) => `  ${l}`.trimEnd()), ""];
  for (const o of a.objects) {
    out.push(`object ${o.name}${o.description ? ` — ${o.description.split("\n")[0]}` : ""}`);
    if (o.ctor) {
      out.push("  constructor arguments:");
      for (const arg of o.ctor) out.push(`    ${argLine(arg)}`);
    }
    if (o.functions.length === 0) {
      out.push("  (a data object: no functions)", "");
      continue;
    }
    const tag = (f: (typeof o.functions)[number]): string => (f.check ? " [check]" : f.generate ? " [generate]" : "");
    const width = Math.max(...o.functions.map((f) => f.cli.length + tag(f).length));
    out.push("  functions:");
    for (const f of o.functions) {
      const name = `${f.cli}${tag(f)}`.padEnd(width);
      out.push(`    ${name}  ${f.returns.padEnd(10)} ${f.description.split("\n")[0]}`);
      for (const arg of f.args) out.push(`      ${argLine(arg)}`);
    }
    out.push("");
  }
  return out.join("\n");
}

function argLine(a: ApiArgument): string {
  const dflt =
    a.defaultPath !== undefined
      ? ` (default path "${a.defaultPath}"${a.ignore?.length ? `, ignoring ${a.ignore.join(" ")}` : ""})`
      : a.default !== undefined
        ? ` (default ${JSON.stringify(a.default)})`
        : a.optional
          ? " (optional)"
          : " (required)";
  return `${a.cli} ${a.type}${dflt}  ${a.description}`;
}
