/**
 * A Complement run on the graph: the tester and the testee layers, and the run's options with
 * the inputs' default skip list (skip.txt) applied.
 */
import type { Container, Directory } from "@dagger.io/dagger";
import { complementRunLayer, type ComplementSettings } from "../layers/complement.js";
import { parseSkipList, runSettings, type RunOptions } from "../complement/options.js";
import type { Graph, Node } from "../graph.js";

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

/** The testee layer of the complement inputs and settings, plain or under valgrind. */
export async function complementTesteeOn(g: Graph, inputs: Directory, settings: ComplementSettings, imageUser: string, valgrind: boolean): Promise<Node<Container>> {
  return g.complementTestee(await complementTemplate(inputs), imageUser, settings.serverArgs, valgrind ? settings.valgrindArgs : undefined);
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
    { tester: g.complementTester(settings), testee: await complementTesteeOn(g, inputs, settings, imageUser, valgrind) },
    async ({ tester, testee }) => {
      const skip = (await inputs.exists("skip.txt")) ? parseSkipList(await inputs.file("skip.txt").contents()) : [];
      const { settings: run, narrowed } = runSettings(options, skip, g.cell.cargoProfile);
      return { out: complementRunLayer({ tester, testee, run, rerun }), narrowed };
    },
  );
}
