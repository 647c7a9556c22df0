/**
 * What `@dagger.io/dagger` is inside the engine. The TypeScript runtime (v0.21.8, node, the
 * bundled library: sdk/typescript/runtime lib_generator.go) does not install the npm package
 * the host tooling uses: it resolves `@dagger.io/dagger` to a small index of its own, which
 * re-exports the module decorators and a few connection names from the bundled core, and the
 * generated client (client.gen.ts: `dag`, the API's classes and enums). Anything else the npm
 * package exports (its error classes among them: `ExecError`, `GraphQLRequestError`, …) is not
 * there, and a module importing it fails at load, in every call: "The requested module
 * '@dagger.io/dagger' does not provide an export named …". The host's tests cannot see that, since
 * they run the module against the npm package; this test reads every value import of the
 * module's source against what the engine's index exports. The index's names are read from
 * bakery's stand-in for the runtime (tests/engine/ts-runtime/files/index.ts, the same list as
 * v0.21.8's), the client's from the npm package's generated client (the same codegen, the same
 * schema).
 */
import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "../harness/schema.js";

const LIBRARY = "@dagger.io/dagger";
const require = createRequire(join(REPO_ROOT, "package.json"));

/** The TypeScript files under a directory. */
function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? tsFiles(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : []);
}

function parse(path: string): ts.SourceFile {
  return ts.createSourceFile(path, readFileSync(path, "utf8"), ts.ScriptTarget.Latest, true);
}

/** The names a file exports as values (not `export type`), by declaration or export list. */
export function valueExports(file: ts.SourceFile): string[] {
  const names: string[] = [];
  for (const s of file.statements) {
    if (ts.isExportDeclaration(s) && !s.isTypeOnly && s.exportClause && ts.isNamedExports(s.exportClause)) {
      names.push(...s.exportClause.elements.filter((e) => !e.isTypeOnly).map((e) => e.name.text));
      continue;
    }
    const exported = ts.canHaveModifiers(s) && ts.getModifiers(s)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
    if (!exported) continue;
    if ((ts.isClassDeclaration(s) || ts.isFunctionDeclaration(s) || ts.isEnumDeclaration(s)) && s.name) names.push(s.name.text);
    if (ts.isVariableStatement(s)) names.push(...s.declarationList.declarations.map((d) => d.name.getText(file)));
  }
  return names;
}

/** The value imports of `@dagger.io/dagger` in a file (type-only imports are erased: they load). */
export function valueImports(file: ts.SourceFile): string[] {
  return file.statements.flatMap((s) => {
    if (!ts.isImportDeclaration(s) || (s.moduleSpecifier as ts.StringLiteral).text !== LIBRARY) return [];
    const clause = s.importClause;
    if (!clause || clause.isTypeOnly) return [];
    const named = clause.namedBindings && ts.isNamedImports(clause.namedBindings) ? clause.namedBindings.elements : [];
    return [...(clause.name ? ["default"] : []), ...named.filter((e) => !e.isTypeOnly).map((e) => (e.propertyName ?? e.name).text)];
  });
}

/** What the engine's `@dagger.io/dagger` exports to a module without dependencies. */
function engineLibrary(): Set<string> {
  const index = parse(join(REPO_ROOT, "tests/engine/ts-runtime/files/index.ts"));
  const clientGen = parse(join(dirname(require.resolve(LIBRARY)), "api", "client.gen.d.ts"));
  return new Set([...valueExports(index), ...valueExports(clientGen)]);
}

describe("the module's imports of @dagger.io/dagger, against the engine's library", () => {
  it("reads the library: the decorators and the client, and not the npm package's errors", () => {
    const lib = engineLibrary();
    for (const name of ["func", "object", "argument", "check", "generate", "dag", "CacheSharingMode", "Container"]) expect(lib).toContain(name);
    expect(lib).not.toContain("ExecError");
  });

  it("every value the module's source imports is one the engine's library exports", () => {
    const lib = engineLibrary();
    const missing = tsFiles(join(REPO_ROOT, ".dagger/src")).flatMap((path) =>
      valueImports(parse(path)).filter((n) => !lib.has(n)).map((n) => `${relative(REPO_ROOT, path)}: ${n}`));
    expect(missing).toEqual([]);
  });
});
