/**
 * The pinned SDK's own machinery, used as the engine's runtime uses it: the introspector
 * (`scan`), the executor and `invoke`, and `Register`. None of these is exported from the
 * package root, so they are imported by file from the same realpath the module's own
 * `@dagger.io/dagger` import resolves to (one module instance, one `dag`).
 */
import { copyFileSync, readdirSync, realpathSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { REPO_ROOT, sdkDeclarations } from "./schema.js";
import { scratch } from "./scratch.js";

const require = createRequire(join(REPO_ROOT, "package.json"));
/** dist/src of the installed SDK. */
export const SDK_DIST = dirname(realpathSync(require.resolve("@dagger.io/dagger")));
export const MODULE_SRC = join(REPO_ROOT, ".dagger", "src");
export const MODULE_NAME = "bakery";

async function internal<T>(rel: string): Promise<T> {
  return (await import(pathToFileURL(join(SDK_DIST, rel)).href)) as T;
}

/* eslint-disable @typescript-eslint/no-explicit-any -- SDK internals are untyped here */
export interface ScannedArgument {
  name: string;
  description: string;
  defaultValue?: unknown;
  defaultPath?: string;
  ignore?: string[];
  isOptional: boolean;
  isNullable: boolean;
  type?: { kind: string; name?: string; typeDef?: any };
}
export interface ScannedFunction {
  name: string;
  description: string;
  arguments: Record<string, ScannedArgument>;
  returnType?: { kind: string; name?: string; typeDef?: any };
  isCheck?: boolean;
  isGenerator?: boolean;
  cache?: string;
  getArgsOrder(): string[];
}
export interface ScannedObject {
  name: string;
  description: string;
  _constructor?: ScannedFunction;
  methods: Record<string, ScannedFunction>;
  properties: Record<string, { name: string; isExposed: boolean; description: string; type?: any }>;
}
export interface ScannedModule {
  name: string;
  description: string;
  objects: Record<string, ScannedObject>;
  enums: Record<string, any>;
}
/* eslint-enable @typescript-eslint/no-explicit-any */

/** The module's .ts files, as the runtime lists them (src/**). */
export function moduleFiles(dir = MODULE_SRC): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...moduleFiles(p));
    else if (/\.m?ts$/.test(e.name) && !e.name.endsWith(".d.ts")) out.push(p);
  }
  return out.sort();
}

/** The scanner recognises core types only from a file named client.gen.ts: stage the declarations under that name. */
export function stagedClientGen(): string {
  const target = join(scratch("sdk"), "client.gen.ts");
  copyFileSync(sdkDeclarations(), target);
  return target;
}

let scanned: Promise<ScannedModule> | undefined;

/** Run the SDK's introspector over .dagger/src (what the engine does to register the module). */
export function scanModule(): Promise<ScannedModule> {
  return (scanned ??= scanSource(MODULE_SRC));
}

/** Run the SDK's introspector over a copy of the module's source in `dir` (a test's edited copy). */
export async function scanSource(dir: string): Promise<ScannedModule> {
  const { scan } = await internal<{ scan: (files: string[], name: string, load: boolean) => Promise<ScannedModule> }>("module/introspector/index.js");
  return scan([...moduleFiles(dir), stagedClientGen()], MODULE_NAME, false);
}

export interface InvokeContext {
  parentName: string;
  fnName: string;
  parentArgs: Record<string, unknown>;
  fnArgs: Record<string, unknown>;
}

export interface SdkRuntime {
  connection: (fn: () => Promise<void>, cfg?: Record<string, unknown>) => Promise<void>;
  invoke: (executor: unknown, module: ScannedModule, ctx: InvokeContext) => Promise<unknown>;
  Executor: new (modules: unknown[], module: ScannedModule) => unknown;
  Register: new (module: ScannedModule) => { run(): Promise<string> };
  dag: typeof import("@dagger.io/dagger").dag;
}

let runtime: Promise<SdkRuntime> | undefined;

export function sdkRuntime(): Promise<SdkRuntime> {
  runtime ??= (async () => {
    const root = await internal<{ connection: SdkRuntime["connection"]; dag: SdkRuntime["dag"] }>("index.js");
    const { invoke } = await internal<{ invoke: SdkRuntime["invoke"] }>("module/entrypoint/invoke.js");
    const { Executor } = await internal<{ Executor: SdkRuntime["Executor"] }>("module/executor.js");
    const { Register } = await internal<{ Register: SdkRuntime["Register"] }>("module/entrypoint/register.js");
    return { connection: root.connection, dag: root.dag, invoke, Executor, Register };
  })();
  return runtime;
}
