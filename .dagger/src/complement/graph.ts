/**
 * Complement on a cell's graph: its two layers (COMPLEMENT_LAYERS, its entry of plugins.ts),
 * declared with Graph.declareIn as the Rust pipeline's own are with declare, and the run, a leaf on them with the run's
 * options and the inputs' default skip list (skip.txt) applied.
 */
import type { Container, Directory } from "@dagger.io/dagger";
import { complementRunLayer, complementTesteeLayer, complementTesterLayer, type ComplementSettings, type TesterSettings } from "./layers.js";
import { parseSkipList, runSettings, type RunOptions } from "./options.js";
import type { PluginLayers, Graph, Node } from "../graph.js";
import { gitSource, type SourceRow } from "../sources.js";
import { DEFAULT_COMPLEMENT_COMMIT, DEFAULT_COMPLEMENT_URL } from "./defaults.js";

/** Complement's layers of the graph's table: the tester and the testee, of their own kind. */
export const COMPLEMENT_LAYERS = {
  complementTester: { kind: "complement" },
  complementTestee: { kind: "complement" },
} as const satisfies PluginLayers;

/** The tester: Complement's test binaries, built once per base system and settings. */
export function complementTester(g: Graph, settings: TesterSettings): Node<Container> {
  const { url, commit, goVersion, tags, packages, goProxy } = settings;
  // fetched through the git rewrites: the URL its key shows is the one fetched, with the
  // mirrors' credentials when a rewrite sent it to one
  return g.declareIn(COMPLEMENT_LAYERS, "complementTester", { ...g.baseInputs, settings: { url: g.gitUrl(url), commit, goVersion, tags, packages, goProxy }, ...g.gitFetchAuthInput(url) }, {}, complementTesterLayer, g.base());
}

/** A run's output directory, and whether --run or --skip narrowed it. */
export interface ComplementRun {
  readonly out: Directory;
  readonly narrowed: boolean;
}

/** The homeserver's configuration template of the complement inputs (homeserver.toml), read; a clear error without it. */
export async function complementTemplate(inputs: Directory): Promise<string> {
  if (!(await inputs.exists("homeserver.toml"))) {
    throw new Error("the complement inputs lack homeserver.toml (the testee's configuration template); pass --inputs=<a directory like bakery's complement/>");
  }
  return inputs.file("homeserver.toml").contents();
}

/**
 * The testee: the service image's base with the homeserver's configuration template (the
 * complement inputs' homeserver.toml) and the checked binary; under valgrind with its extra arguments.
 */
export async function complementTestee(g: Graph, inputs: Directory, settings: ComplementSettings, imageUser: string, valgrind: boolean): Promise<Node<Container>> {
  const template = await complementTemplate(inputs);
  return g.declareIn(
    COMPLEMENT_LAYERS,
    valgrind ? "complementTestee:valgrind" : "complementTestee",
    { ...g.servedInputs, imageUser, template, serverArgs: settings.serverArgs, ...(valgrind ? { valgrindArgs: settings.valgrindArgs } : {}) },
    { install: g.install("plain") },
    complementTesteeLayer,
    g.base(),
  );
}

/** The run leaf on the graph (see complementRunLayer). */
export async function complementRunOn(
  g: Graph,
  inputs: Directory,
  settings: ComplementSettings,
  imageUser: string,
  options: RunOptions,
  valgrind: boolean,
  rerun: string,
): Promise<Node<ComplementRun>> {
  return g.leaf(
    valgrind ? "complement:run-valgrind" : "complement:run",
    { tester: complementTester(g, settings), testee: await complementTestee(g, inputs, settings, imageUser, valgrind) },
    async ({ tester, testee }) => {
      const skip = (await inputs.exists("skip.txt")) ? parseSkipList(await inputs.file("skip.txt").contents()) : [];
      const { settings: run, narrowed } = runSettings(options, skip, g.cell.cargoProfile);
      return { out: complementRunLayer({ tester, testee, run, rerun }), narrowed };
    },
  );
}

/** Complement's external inputs with its defaults: its repository by commit, and its Go modules (go.sum) from Go's default proxy. */
export function complementSources(g: Graph): SourceRow[] {
  return [
    gitSource(g, DEFAULT_COMPLEMENT_URL, DEFAULT_COMPLEMENT_COMMIT, ["complementTester"]),
    { kind: "go", url: "https://proxy.golang.org", pin: "Complement's go.sum", pinned: true, usedBy: ["complementTester"], via: "direct, or complement --go-proxy" },
  ];
}
