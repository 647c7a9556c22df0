/**
 * Type-check a dependent module's sources against generated bindings with the TypeScript
 * compiler API, under the repository's root compiler options (strict, experimentalDecorators,
 * NodeNext). The bindings are served from memory at a path inside the dependent module's
 * `.dagger/sdk/` (where the real codegen writes, gitignored, never written here), so that their
 * `@dagger.io/dagger` resolves to the same installed SDK as the module's own import and the
 * augmentation merges into it.
 *
 * The bindings file is a `.ts`, not a `.d.ts`: skipLibCheck would skip a declaration file, and an
 * error in the generated bindings must show.
 */
import { dirname, join, relative } from "node:path";
import ts from "typescript";
import { REPO_ROOT } from "./schema.js";

export interface TsError {
  /** Repository-relative path, or "(global)". */
  file: string;
  line: number;
  code: number;
  message: string;
}

export interface TypecheckResult {
  /** Where the bindings were served from. */
  bindingsPath: string;
  errors: TsError[];
}

function rootOptions(): ts.CompilerOptions {
  const path = join(REPO_ROOT, "tsconfig.json");
  const read = ts.readConfigFile(path, (p) => ts.sys.readFile(p));
  if (read.error) throw new Error(ts.flattenDiagnosticMessageText(read.error.messageText, "\n"));
  const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, REPO_ROOT, undefined, path);
  return { ...parsed.options, noEmit: true };
}

/**
 * Compile `files` (absolute paths of the module's sources) together with `bindings`, served as
 * `<moduleDir>/.dagger/sdk/<name>.bindings.ts`.
 */
export function typecheckWithBindings(moduleDir: string, files: string[], bindings: string, name = "dependency"): TypecheckResult {
  const bindingsPath = join(moduleDir, ".dagger", "sdk", `${name}.bindings.ts`);
  const options = rootOptions();
  const host = ts.createCompilerHost(options, true);
  const getSourceFile = host.getSourceFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  const readFile = host.readFile.bind(host);
  host.getSourceFile = (f, lang, onError, create) =>
    f === bindingsPath ? ts.createSourceFile(f, bindings, lang, true) : getSourceFile(f, lang, onError, create);
  host.fileExists = (f) => f === bindingsPath || fileExists(f);
  host.readFile = (f) => (f === bindingsPath ? bindings : readFile(f));
  host.directoryExists = (d) => dirname(bindingsPath).startsWith(d) || ts.sys.directoryExists(d);

  const program = ts.createProgram({ rootNames: [...files, bindingsPath], options, host });
  const errors = ts.getPreEmitDiagnostics(program).map((d): TsError => {
    const message = ts.flattenDiagnosticMessageText(d.messageText, "\n");
    if (!d.file || d.start === undefined) return { file: "(global)", line: 0, code: d.code, message };
    const { line } = d.file.getLineAndCharacterOfPosition(d.start);
    return { file: relative(REPO_ROOT, d.file.fileName), line: line + 1, code: d.code, message };
  });
  return { bindingsPath, errors };
}

/** One line per error, for assertion messages. */
export function formatErrors(errors: TsError[]): string {
  return errors.map((e) => `${e.file}:${e.line} TS${e.code} ${e.message}`).join("\n");
}

/** The members of each interface and the properties of each type alias a declaration text declares. */
export function declaredMembers(text: string): Map<string, Map<string, string>> {
  const sf = ts.createSourceFile("bindings.ts", text, ts.ScriptTarget.ES2022, true);
  const out = new Map<string, Map<string, string>>();
  const collect = (name: string, members: ts.NodeArray<ts.TypeElement>): void => {
    const m = out.get(name) ?? new Map<string, string>();
    for (const el of members) {
      if (el.name && ts.isIdentifier(el.name)) {
        const sig = ts.isPropertySignature(el) && el.type ? `${el.questionToken ? "?" : ""}${el.type.getText(sf)}` : el.getText(sf);
        m.set(el.name.text, sig);
      }
    }
    out.set(name, m);
  };
  const visit = (node: ts.Node): void => {
    if (ts.isInterfaceDeclaration(node)) collect(node.name.text, node.members);
    else if (ts.isTypeAliasDeclaration(node) && ts.isTypeLiteralNode(node.type)) collect(node.name.text, node.type.members);
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}
