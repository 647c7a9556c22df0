/**
 * The engine's GraphQL schema for the double. The exact SDL of engine v0.21.8 lives beside the
 * project (`../shared/dagger/schema-v0.21.8.graphqls`, or `$BAKERY_DAGGER_SCHEMA`) and is
 * never committed. On a clone without it, the schema is derived from the pinned SDK's own
 * declarations (`client.gen.d.ts`): every class becomes an object type, every method a field,
 * every positional parameter a required argument and every `opts` member an optional one.
 * That derived schema is weaker (it cannot catch SDK/engine skew, and argument types are
 * approximations), so tests report which one they ran against.
 */
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { buildSchema, type GraphQLSchema } from "graphql";
import ts from "typescript";

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

/** The engine version the module targets, read from dagger.json (the one source of truth). */
export function engineVersion(): string {
  const cfg = JSON.parse(readFileSync(join(REPO_ROOT, "dagger.json"), "utf8")) as { engineVersion: string };
  return cfg.engineVersion;
}

/** `$BAKERY_DAGGER_SCHEMA` names the SDL; `derived` forces the derived schema (to test that path). */
export function exactSchemaPath(): string {
  return process.env.BAKERY_DAGGER_SCHEMA ?? resolve(REPO_ROOT, `../shared/dagger/schema-${engineVersion()}.graphqls`);
}

/** The schema derived from the pinned SDK, built anew. */
export function derivedSchema(): GraphQLSchema {
  const dts = sdkDeclarations();
  return buildSchema(deriveSdl(readFileSync(dts, "utf8"), readFileSync(dts.replace(/\.d\.ts$/, ".js"), "utf8")));
}

export interface LoadedSchema {
  schema: GraphQLSchema;
  kind: "exact" | "derived";
  source: string;
}

let cached: LoadedSchema | undefined;

export function loadSchema(): LoadedSchema {
  if (cached) return cached;
  const exact = exactSchemaPath();
  if (process.env.BAKERY_DAGGER_SCHEMA !== "derived" && existsSync(exact)) {
    cached = { schema: buildSchema(readFileSync(exact, "utf8")), kind: "exact", source: exact };
  } else {
    cached = { schema: derivedSchema(), kind: "derived", source: sdkDeclarations() };
  }
  return cached;
}

export function sdkDeclarations(): string {
  const req = createRequire(join(REPO_ROOT, "package.json"));
  const entry = req.resolve("@dagger.io/dagger");
  return join(dirname(entry), "api", "client.gen.d.ts");
}

const SCALARS: Record<string, string> = {
  string: "String",
  number: "Int",
  float: "Float",
  boolean: "Boolean",
  ID: "ID",
  JSON: "JSON",
  Platform: "Platform",
  Void: "Void",
};

/**
 * The names the SDK writes on the wire for each enum: its generated `<Enum>ValueToName`
 * functions in client.gen.js (e.g. TypeDefKind.StringKind goes out as STRING).
 */
function wireEnumNames(js: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const m of js.matchAll(/function (\w+)ValueToName\(value\) \{([\s\S]*?)\n\}/g)) {
    out.set(m[1]!, [...m[2]!.matchAll(/return "([A-Za-z0-9_]+)";/g)].map((r) => r[1]!));
  }
  return out;
}

/** Build SDL text from the SDK's `client.gen.d.ts` (types) and `client.gen.js` (enum wire names). */
export function deriveSdl(dts: string, js = ""): string {
  const wire = wireEnumNames(js);
  const sf = ts.createSourceFile("client.gen.d.ts", dts, ts.ScriptTarget.ES2022, true);
  const classes = new Map<string, ts.ClassDeclaration>();
  const enums = new Map<string, string[]>();
  const aliases = new Map<string, ts.TypeNode>();
  for (const st of sf.statements) {
    if (ts.isClassDeclaration(st) && st.name && st.heritageClauses?.length) classes.set(st.name.text, st);
    else if (ts.isEnumDeclaration(st)) {
      const values = st.members.map((m) => (m.initializer && ts.isStringLiteral(m.initializer) ? m.initializer.text : m.name.getText(sf)));
      enums.set(st.name.text, [...new Set(values)]);
    } else if (ts.isTypeAliasDeclaration(st)) aliases.set(st.name.text, st.type);
  }
  const gqlName = (tsName: string): string => (tsName === "Client" ? "Query" : tsName.replace(/_$/, ""));
  const inputs = new Set<string>();

  const named = (t: ts.TypeNode, asArg: boolean): string | undefined => {
    if (t.kind === ts.SyntaxKind.StringKeyword) return "String";
    if (t.kind === ts.SyntaxKind.NumberKeyword) return "Int";
    if (t.kind === ts.SyntaxKind.BooleanKeyword) return "Boolean";
    if (t.kind === ts.SyntaxKind.VoidKeyword) return "Void";
    if (!ts.isTypeReferenceNode(t)) return undefined;
    const n = t.typeName.getText(sf);
    if (SCALARS[n]) return SCALARS[n];
    if (enums.has(n)) return n;
    if (classes.has(n)) return asArg ? "ID" : gqlName(n);
    if (/ID$/.test(n)) return "ID";
    const alias = aliases.get(n);
    if (alias && ts.isTypeLiteralNode(alias) && asArg) {
      inputs.add(n);
      return n;
    }
    return undefined;
  };
  const typeOf = (t: ts.TypeNode, asArg: boolean, required: boolean): string | undefined => {
    const bang = required ? "!" : "";
    if (ts.isArrayTypeNode(t)) {
      const inner = typeOf(t.elementType, asArg, true);
      return inner ? `[${inner}]${bang}` : undefined;
    }
    if (ts.isTypeReferenceNode(t) && t.typeName.getText(sf) === "Promise" && t.typeArguments?.[0]) {
      const inner = t.typeArguments[0];
      // An awaited object (sync, start, stop) comes back over the wire as its ID.
      if (ts.isTypeReferenceNode(inner) && classes.has(inner.typeName.getText(sf))) return "ID!";
      if (inner.kind === ts.SyntaxKind.VoidKeyword) return "Void";
      return typeOf(inner, false, true);
    }
    const n = named(t, asArg);
    return n ? `${n}${n === "Void" ? "" : bang}` : undefined;
  };

  const lines: string[] = [
    "scalar JSON",
    "scalar Platform",
    "scalar Void",
    "interface Node { id: ID! }",
  ];
  for (const [name, values] of enums) lines.push(`enum ${name} { ${[...new Set([...values, ...(wire.get(name) ?? [])])].join(" ")} }`);
  const objectLines: string[] = [];
  for (const [name, cls] of classes) {
    // Client-side helper classes of the SDK, not API types.
    if (name.startsWith("_")) continue;
    const fields: string[] = [];
    let hasId = false;
    for (const m of cls.members) {
      if (!ts.isPropertyDeclaration(m) && !ts.isMethodDeclaration(m)) continue;
      if (m.modifiers?.some((x) => x.kind === ts.SyntaxKind.PrivateKeyword || x.kind === ts.SyntaxKind.ProtectedKeyword)) continue;
      const fname = m.name.getText(sf).replace(/_$/, "");
      if (fname === "with" || fname.startsWith("_")) continue;
      // The SDK still declares the pre-0.21.1 loaders; engines since then answer node(id:) only.
      if (/^load[A-Za-z]+FromID$/.test(fname)) continue;
      let params: readonly ts.ParameterDeclaration[];
      let ret: ts.TypeNode | undefined;
      if (ts.isPropertyDeclaration(m) && m.type && ts.isFunctionTypeNode(m.type)) {
        params = m.type.parameters;
        ret = m.type.type;
      } else if (ts.isMethodDeclaration(m)) {
        params = m.parameters;
        ret = m.type;
      } else continue;
      if (!ret) continue;
      const args: string[] = [];
      let ok = true;
      for (const p of params) {
        // Reserved words get a trailing underscore in the SDK (function_, module_, number_).
        const pname = p.name.getText(sf).replace(/_$/, "");
        if (!p.type) continue;
        const optsAlias = ts.isTypeReferenceNode(p.type) ? aliases.get(p.type.typeName.getText(sf)) : undefined;
        if (pname === "opts" && optsAlias && ts.isTypeLiteralNode(optsAlias)) {
          for (const om of optsAlias.members) {
            if (!ts.isPropertySignature(om) || !om.type) continue;
            const at = typeOf(om.type, true, false);
            if (at) args.push(`${om.name.getText(sf)}: ${at}`);
          }
          continue;
        }
        const at = typeOf(p.type, true, !p.questionToken);
        if (!at) ok = false;
        else args.push(`${pname}: ${at}`);
      }
      const rt = typeOf(ret, false, true);
      if (!ok || !rt) continue;
      if (fname === "id") hasId = true;
      fields.push(`  ${fname}${args.length ? `(${args.join(", ")})` : ""}: ${rt}`);
    }
    if (name === "Client") fields.push("  node(id: ID!): Node");
    if (fields.length === 0) continue;
    objectLines.push(`type ${gqlName(name)}${hasId ? " implements Node" : ""} {\n${fields.join("\n")}\n}`);
  }
  for (const n of inputs) {
    const lit = aliases.get(n) as ts.TypeLiteralNode;
    const fields = lit.members
      .filter(ts.isPropertySignature)
      .map((m) => `  ${m.name.getText(sf)}: ${typeOf(m.type!, true, !m.questionToken) ?? "String"}`);
    lines.push(`input ${n} {\n${fields.join("\n")}\n}`);
  }
  return [...lines, ...objectLines].join("\n\n") + "\n";
}
