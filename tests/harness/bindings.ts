/**
 * Bindings of a module for the modules that depend on it, generated from the SDK scanner's view of
 * the module (its objects, functions, arguments and return types) in the shape the Dagger
 * TypeScript codegen gives them, as a TypeScript declaration that augments `@dagger.io/dagger`.
 *
 * No engine runs here, so the real codegen (engine introspection → cmd/codegen templates) cannot;
 * this is a model of it, written for the surface a dependent module's code sees:
 *
 *   - the constructor is a field of the root: `dag.<module>(…)` on `Client`, its optional
 *     arguments in `Client<Module>Opts` (templates/src/method.ts.gtpl: `Query` parent → `Client`);
 *   - every object of the module is a type named as the engine namespaces it: the main object
 *     keeps its name (`Bakery`), the others are prefixed with it (`Lints` → `BakeryLints`);
 *   - a function's arguments split where the first optional one starts: those before are
 *     positional, that one and every later one go in `<Parent><Function>Opts`
 *     (functions.go splitRequiredOptionalArgs; types.ts.gtpl writes the Opts type);
 *   - an argument is optional when its type is nullable, when it has a default value
 *     (introspection.InputValue.IsOptional) or a defaultPath (the engine's functionWithArg
 *     makes contextual arguments optional);
 *   - a function returning an object is lazy and returns the object (method.ts.gtpl); one
 *     returning a scalar or a list returns a Promise of it, `Void` a `Promise<void>`
 *     (functions.go `solve`, method_solve.ts.gtpl);
 *   - names that are JavaScript keywords get a trailing underscore (functions.go formatName:
 *     `static` → `static_`);
 *   - every object has `id(): Promise<ID>`, as every core object of SDK 0.21.8 does.
 *
 * The declaration declares types only (interfaces, type aliases); the real codegen emits classes
 * with the same members plus their query-building bodies.
 */
import type { ScannedArgument, ScannedFunction, ScannedModule } from "./sdk.js";

/** A type as the bindings model it. */
export type BindingType =
  | { kind: "string" | "int" | "float" | "boolean" | "void" }
  | { kind: "list"; of: BindingType }
  /** An object: a core one (Container, Directory, …) or one of the module's, by its declared name. */
  | { kind: "object"; name: string }
  /** A custom scalar of the core API (JSON, Platform, …). */
  | { kind: "scalar"; name: string };

export interface BindingArg {
  name: string;
  description: string;
  type: BindingType;
  /** The argument's type is nullable (`?` or `| null` in the module's source). */
  nullable: boolean;
  default?: unknown;
  defaultPath?: string;
}

export interface BindingFunction {
  name: string;
  description: string;
  args: BindingArg[];
  returns: BindingType;
}

export interface BindingObject {
  /** The name the module declares (`Lints`); its API name is namespaced (`BakeryLints`). */
  name: string;
  description: string;
  functions: BindingFunction[];
}

/** The part of a module's API its dependents are generated from: plain data, so a test can alter it. */
export interface BindingApi {
  /** The module's name, as dependents call it (`bakery` → `dag.bakery()`). */
  module: string;
  /** The main object's name (`Bakery`). */
  main: string;
  description: string;
  ctorArgs: BindingArg[];
  objects: BindingObject[];
}

/* eslint-disable-next-line @typescript-eslint/no-explicit-any -- the scanner's typedefs are untyped here */
function bindingType(t: any, where: string): BindingType {
  switch (t?.kind) {
    case "STRING_KIND":
      return { kind: "string" };
    case "INTEGER_KIND":
      return { kind: "int" };
    case "FLOAT_KIND":
      return { kind: "float" };
    case "BOOLEAN_KIND":
      return { kind: "boolean" };
    case "VOID_KIND":
      return { kind: "void" };
    case "LIST_KIND":
      return { kind: "list", of: bindingType(t.typeDef, where) };
    case "OBJECT_KIND":
      return { kind: "object", name: t.name as string };
    case "SCALAR_KIND":
      return { kind: "scalar", name: t.name as string };
    default:
      // Enums, interfaces and inputs are not modelled: refuse rather than approximate.
      throw new Error(`bindings: ${where}: type kind ${String(t?.kind)} is not modelled`);
  }
}

function bindingArgs(fn: ScannedFunction, where: string): BindingArg[] {
  return fn.getArgsOrder().map((n) => {
    const a: ScannedArgument = fn.arguments[n]!;
    return {
      name: a.name,
      description: a.description,
      type: bindingType(a.type, `${where}(${a.name})`),
      nullable: a.isOptional || a.isNullable,
      ...(a.defaultValue !== undefined ? { default: a.defaultValue } : {}),
      ...(a.defaultPath !== undefined ? { defaultPath: a.defaultPath } : {}),
    };
  });
}

/**
 * The scanner's view of a module, reduced to what its bindings are generated from. `name` is the
 * module's name in its dagger.json (the scanner keeps its own spelling of it).
 */
export function bindingApi(m: ScannedModule, name: string): BindingApi {
  const main = pascal(name);
  const mainObj = m.objects[main];
  if (!mainObj) throw new Error(`bindings: module ${name} has no main object ${main}`);
  if (Object.keys(m.enums).length > 0) throw new Error(`bindings: enums are not modelled (${Object.keys(m.enums).join(", ")})`);
  return {
    module: name,
    main,
    description: m.description,
    ctorArgs: mainObj._constructor ? bindingArgs(mainObj._constructor, `${main} constructor`) : [],
    objects: Object.values(m.objects).map((o) => ({
      name: o.name,
      description: o.description,
      functions: [
        // exposed fields are functions without arguments in the API
        ...Object.values(o.properties)
          .filter((p) => p.isExposed)
          .map((p) => ({ name: p.name, description: p.description, args: [], returns: bindingType(p.type, `${o.name}.${p.name}`) })),
        ...Object.values(o.methods).map((f) => ({
          name: (f as ScannedFunction & { alias?: string }).alias ?? f.name,
          description: f.description,
          args: bindingArgs(f, `${o.name}.${f.name}`),
          returns: bindingType(f.returnType, `${o.name}.${f.name}`),
        })),
      ],
    })),
  };
}

// ---- naming -------------------------------------------------------------------------------

/** Words the codegen suffixes with `_` (functions.go jsKeywords, compared case-insensitively). */
const JS_KEYWORDS = new Set(
  (
    "await break case catch class const continue debugger default delete do else enum extends false finally for " +
    "function if implements import in instanceof interface new null package private protected public return super " +
    "switch this throw true try typeof var void while yield as let static any boolean constructor declare module " +
    "require number set string symbol type async namespace"
  ).split(" "),
);

/** A GraphQL name as a TypeScript identifier (the codegen's FormatName). */
export function formatName(name: string): string {
  return JS_KEYWORDS.has(name.toLowerCase()) ? `${name}_` : name;
}

/** PascalCase, as strcase.ToCamel: word boundaries at separators, inner capitals kept. */
export function pascal(name: string): string {
  return name
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join("");
}

/** The API name of an object the module declares: the engine prefixes all but the main object with the module's. */
export function apiTypeName(api: BindingApi, declared: string): string {
  return declared === api.main || declared.startsWith(api.main) ? declared : `${api.main}${declared}`;
}

/** The name of a function's options type: `<Parent><Function>Opts` (`Client` for the root). */
export function optsTypeName(parent: string, fn: string): string {
  return `${pascal(parent)}${pascal(fn)}Opts`;
}

// ---- rendering ----------------------------------------------------------------------------

/** An argument is optional in the API when it is nullable, has a default, or has a defaultPath. */
export function isOptionalArg(a: BindingArg): boolean {
  return a.nullable || a.default !== undefined || a.defaultPath !== undefined;
}

/** Positional arguments, then the optional rest: the split starts at the first optional argument. */
export function splitArgs(args: BindingArg[]): { required: BindingArg[]; optionals: BindingArg[] } {
  const i = args.findIndex(isOptionalArg);
  return i < 0 ? { required: args, optionals: [] } : { required: args.slice(0, i), optionals: args.slice(i) };
}

function isModuleObject(api: BindingApi, name: string): boolean {
  return api.objects.some((o) => o.name === name);
}

function tsType(api: BindingApi, t: BindingType): string {
  switch (t.kind) {
    case "string":
      return "string";
    case "int":
    case "float":
      return "number";
    case "boolean":
      return "boolean";
    case "void":
      return "void";
    case "list": {
      const inner = tsType(api, t.of);
      return `${inner}[]`;
    }
    case "object":
      return isModuleObject(api, t.name) ? apiTypeName(api, t.name) : t.name;
    case "scalar":
      return t.name;
  }
}

/** What a call returns: an object lazily, anything else (scalar, list, void) as a Promise. */
function returnType(api: BindingApi, t: BindingType): string {
  return t.kind === "object" ? tsType(api, t) : `Promise<${tsType(api, t)}>`;
}

function doc(text: string, indent: string): string[] {
  const lines = text.trim().split("\n").map((l) => l.replaceAll("*/", "*\\/").trimEnd());
  if (lines.length === 0 || (lines.length === 1 && lines[0] === "")) return [];
  return [`${indent}/**`, ...lines.map((l) => (l ? `${indent} * ${l}` : `${indent} *`)), `${indent} */`];
}

function signature(api: BindingApi, parent: string, fn: BindingFunction): { params: string; opts?: string[] } {
  const { required, optionals } = splitArgs(fn.args);
  const params = required.map((a) => `${formatName(a.name)}: ${tsType(api, a.type)}`);
  let opts: string[] | undefined;
  if (optionals.length > 0) {
    const name = optsTypeName(parent, fn.name);
    params.push(`opts?: ${name}`);
    opts = [`  export type ${name} = {`];
    for (const a of optionals) {
      opts.push(...doc(a.description, "    "));
      // A required argument after an optional one lands in the Opts type, still required.
      opts.push(`    ${formatName(a.name)}${isOptionalArg(a) ? "?" : ""}: ${tsType(api, a.type)};`);
    }
    opts.push("  };");
  }
  return { params: params.join(", "), ...(opts ? { opts } : {}) };
}

/** Core types the bindings refer to, imported from the SDK. */
function coreTypes(api: BindingApi): string[] {
  const out = new Set<string>(["ID"]);
  const visit = (t: BindingType): void => {
    if (t.kind === "list") visit(t.of);
    else if ((t.kind === "object" || t.kind === "scalar") && !isModuleObject(api, t.name)) out.add(t.name);
  };
  for (const a of api.ctorArgs) visit(a.type);
  for (const o of api.objects) for (const f of o.functions) {
    visit(f.returns);
    for (const a of f.args) visit(a.type);
  }
  return [...out].sort();
}

/**
 * The declaration a dependent module compiles against: `declare module "@dagger.io/dagger"`
 * adding the constructor to `Client` and the module's types to the SDK's exports.
 */
export function renderBindings(api: BindingApi): string {
  const out: string[] = [
    `// Bindings of the ${api.module} module as its dependents see them, generated from its scanned API`,
    "// by tests/harness/bindings.ts in the shape of the Dagger TypeScript codegen. Do not edit.",
    `import type { ${coreTypes(api).join(", ")} } from "@dagger.io/dagger";`,
    "",
    `declare module "@dagger.io/dagger" {`,
  ];
  const ctor: BindingFunction = {
    name: api.module,
    description: api.description,
    args: api.ctorArgs,
    returns: { kind: "object", name: api.main },
  };
  const root = signature(api, "Client", ctor);
  out.push("  interface Client {", ...doc(api.description, "    "));
  out.push(`    ${formatName(lowerCamel(api.module))}: (${root.params}) => ${returnType(api, ctor.returns)};`, "  }");
  if (root.opts) out.push(...root.opts);
  for (const o of api.objects) {
    const type = apiTypeName(api, o.name);
    const members: string[] = ["    /** A unique identifier for this object. */", "    id: () => Promise<ID>;"];
    const optsTypes: string[] = [];
    for (const f of o.functions) {
      const s = signature(api, type, f);
      members.push(...doc(f.description, "    "), `    ${formatName(f.name)}: (${s.params}) => ${returnType(api, f.returns)};`);
      if (s.opts) optsTypes.push(...s.opts);
    }
    out.push(...optsTypes, ...doc(o.description, "  "), `  export interface ${type} {`, ...members, "  }");
  }
  out.push("}", "");
  return out.join("\n");
}

/** lowerCamelCase, as strcase.ToLowerCamel for the names modules use. */
export function lowerCamel(name: string): string {
  const p = pascal(name);
  return p ? p[0]!.toLowerCase() + p.slice(1) : p;
}
