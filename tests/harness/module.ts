/**
 * Invoking the module's functions in-process, the way the runtime's entrypoint does after it
 * reads the function call: the SDK's scanner, executor and `invoke`, connected to the engine
 * double. What the engine does before that is emulated here and only here:
 *   - a Directory argument with `defaultPath` and no value becomes the host directory at that
 *     path of the context (the repository root, or a fixture standing in for one), with the
 *     argument's `ignore` patterns as excludes; a Directory argument given as a host path
 *     gets the same treatment;
 *   - the constructor runs first and its returned state is the parent of the function call.
 */
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { EngineDouble, type DoubleOptions } from "./engine-double.js";
import { MODULE_NAME, moduleFiles, scanModule, scanSource, sdkRuntime, type ScannedFunction, type ScannedModule } from "./sdk.js";
import { REPO_ROOT } from "./schema.js";

export const MAIN_OBJECT = "Bakery";

let shared: Promise<EngineDouble> | undefined;

/** The process's engine double (the SDK's connection is process-global, so there is one). */
export function sharedDouble(): Promise<EngineDouble> {
  shared ??= (async () => {
    const d = new EngineDouble();
    await d.listen();
    return d;
  })();
  return shared;
}

export interface Call {
  /** A function of the main object, or a path through group objects: "lints.clippy". */
  fn: string;
  /** Arguments of the last function of the path. */
  args?: Record<string, unknown>;
  /** Arguments of the group functions on the way, by segment: { lints: { typosExclude: [] } }. */
  groupArgs?: Record<string, Record<string, unknown>>;
}

export interface CallResult {
  fn: string;
  /** What the function returned, as the entrypoint would send it (IDs for core objects). */
  value?: unknown;
  error?: Error;
  /** Lines the module logged while this call ran. */
  logs: string[];
}

export interface Session {
  /** Constructor arguments; Directory arguments as host paths, Secret arguments as "$name" of `before` or an address (env://NAME). */
  ctor?: Record<string, unknown>;
  /**
   * What the caller does in the session before the module runs (as the CLI does, e.g. turning
   * env:… into a Secret). Its named results replace "$name" argument values.
   */
  before?: (double: EngineDouble) => Promise<Record<string, string>>;
  /** What "/" in a defaultPath means (default: this repository). */
  contextRoot?: string;
  double?: DoubleOptions;
  /** The module's source directory (default: .dagger/src; a test's edited copy). */
  moduleSrc?: string;
}

function isDirectoryArg(fn: ScannedFunction, name: string): boolean {
  const t = fn.arguments[name]?.type;
  return t?.kind === "OBJECT_KIND" && t.name === "Directory";
}

function isSecretArg(fn: ScannedFunction, name: string): boolean {
  const t = fn.arguments[name]?.type;
  return t?.kind === "OBJECT_KIND" && t.name === "Secret";
}

/**
 * Where the engine finds a defaultPath (core/modulesource.go, loadContextFromSource, v0.21.8):
 * an absolute path from the context root (the git root), a relative one from the directory that
 * holds dagger.json (the module's root, not its `source` directory .dagger/). bakery's
 * dagger.json sits at the context root, so both start there; `moduleRoot` is its path inside.
 */
export function defaultPathDir(defaultPath: string, contextRoot: string, moduleRoot = ""): string {
  return defaultPath.startsWith("/") ? join(contextRoot, defaultPath) : join(contextRoot, moduleRoot, defaultPath);
}

/** Turn host paths and defaultPaths into Directory IDs, as the engine would. */
async function resolveArgs(fn: ScannedFunction, given: Record<string, unknown>, contextRoot: string): Promise<Record<string, unknown>> {
  const { dag } = await sdkRuntime();
  const out: Record<string, unknown> = {};
  for (const name of fn.getArgsOrder()) {
    const arg = fn.arguments[name]!;
    const ignore = arg.ignore ?? [];
    if (name in given) {
      const v = given[name];
      if (isDirectoryArg(fn, name) && typeof v === "string") out[name] = await dag.host().directory(resolve(v), { exclude: ignore }).id();
      // a secret's address (env://NAME, file://…), as the CLI takes it: the caller's session resolves it
      else if (isSecretArg(fn, name) && typeof v === "string" && /^[a-z]+:\/\//.test(v)) out[name] = await dag.address(v).secret().id();
      else out[name] = v;
    } else if (arg.defaultPath !== undefined && isDirectoryArg(fn, name)) {
      const path = defaultPathDir(arg.defaultPath, contextRoot);
      out[name] = await dag.host().directory(path, { exclude: ignore }).id();
    }
  }
  for (const k of Object.keys(given)) {
    if (!(k in fn.arguments)) throw new Error(`${fn.name || "constructor"} has no argument ${k}; it has ${Object.keys(fn.arguments).join(", ")}`);
  }
  return out;
}

/** What a session's calls return, whichever engine answered them. */
export interface Invoked {
  results: CallResult[];
  module: ScannedModule;
  /** What each call returned, evaluated in the same session (only when asked; see invoke). */
  evaluated: (string | undefined)[];
}

/**
 * Run the constructor, then each call on its result, in the session the SDK connects to (the
 * double's, or a real engine's: DAGGER_SESSION_PORT and DAGGER_SESSION_TOKEN). `evaluate`, when
 * given, runs in the same connection on each call's value (to build what a call returned: the
 * SDK's objects are lazy) and its answer (or error) is kept.
 */
async function invoke(
  session: Session,
  calls: Call[],
  named: Record<string, string>,
  evaluate?: (value: unknown, returns: string, index: number) => Promise<string>,
): Promise<Invoked> {
  const module = session.moduleSrc ? await scanSource(session.moduleSrc) : await scanModule();
  const rt = await sdkRuntime();
  const main = module.objects[MAIN_OBJECT];
  if (!main?._constructor) throw new Error(`the module has no ${MAIN_OBJECT} constructor`);
  // Import the module's files here rather than through the SDK's `load`: the test runner's and
  // tsx's module loaders understand TypeScript, Node's native import does not.
  const loaded = await Promise.all(moduleFiles(session.moduleSrc).map((f) => import(/* @vite-ignore */ pathToFileURL(f).href)));
  const executor = new rt.Executor(loaded, module);
  const contextRoot = session.contextRoot ?? REPO_ROOT;
  const substitute = (args: Record<string, unknown> = {}): Record<string, unknown> =>
    Object.fromEntries(Object.entries(args).map(([k, v]) => [k, typeof v === "string" && v.startsWith("$") && v.slice(1) in named ? named[v.slice(1)] : v]));

  const results: CallResult[] = [];
  const evaluated: (string | undefined)[] = [];
  const logs: string[] = [];
  const log = console.error;
  console.error = (...a: unknown[]) => void logs.push(a.map(String).join(" "));
  try {
    await rt.connection(async () => {
      let state: unknown;
      try {
        const ctorArgs = await resolveArgs(main._constructor!, substitute(session.ctor), contextRoot);
        state = await rt.invoke(executor, module, { parentName: MAIN_OBJECT, fnName: "", parentArgs: {}, fnArgs: ctorArgs });
      } catch (e) {
        results.push({ fn: "", error: e as Error, logs: logs.splice(0) });
        return;
      }
      for (const call of calls) {
        try {
          const segments = call.fn.split(".");
          let object = MAIN_OBJECT;
          let parent = state as Record<string, unknown>;
          let value: unknown;
          let returns = "";
          for (const [i, name] of segments.entries()) {
            const method = module.objects[object]?.methods[name];
            if (!method) throw new Error(`could not find method ${name} of ${object}`);
            const last = i === segments.length - 1;
            const given = substitute(last ? call.args : call.groupArgs?.[name]);
            const fnArgs = await resolveArgs(method, given, contextRoot);
            value = await rt.invoke(executor, module, { parentName: object, fnName: name, parentArgs: parent, fnArgs });
            returns = method.returnType?.name ?? method.returnType?.kind ?? "";
            if (!last) {
              object = returns;
              parent = value as Record<string, unknown>;
            }
          }
          results.push({ fn: call.fn, value, logs: logs.splice(0) });
          if (evaluate) evaluated.push(await evaluate(value, returns, results.length - 1));
        } catch (e) {
          results.push({ fn: call.fn, error: e as Error, logs: logs.splice(0) });
          if (evaluate) evaluated.push(undefined);
        }
      }
    });
  } finally {
    console.error = log;
  }
  return { results, module, evaluated };
}

/**
 * Run the constructor, then each call on its result, in one session of the engine double.
 * Returns the double (with every vertex and query) and one result per call; a failing call
 * records its error and the others still run.
 */
export async function runSession(session: Session, calls: Call[]): Promise<{ double: EngineDouble; results: CallResult[]; module: ScannedModule }> {
  const double = await sharedDouble();
  double.reset(session.double ?? {});
  Object.assign(process.env, double.sessionEnv());
  const named = session.before ? await session.before(double) : {};
  const { results, module } = await invoke(session, calls, named);
  return { double, results, module };
}

/**
 * The same calls in the session of a real engine this process was started in (`bakery-session
 * run`, or `dagger run`), each call's value then evaluated there by `evaluate`.
 */
export async function runRealSession(
  session: Omit<Session, "double" | "before">,
  calls: Call[],
  evaluate: (value: unknown, returns: string, index: number) => Promise<string>,
): Promise<Invoked> {
  if (!process.env.DAGGER_SESSION_PORT) throw new Error("not in an engine session: run this under bakery-session run (or dagger run)");
  return invoke(session, calls, {}, evaluate);
}

export { MODULE_NAME, REPO_ROOT };
