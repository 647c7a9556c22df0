/**
 * A Complement run on the graph: the tester and the testee layers, and the run's options with
 * the inputs' default skip list (skip.txt) applied.
 */
import type { Directory } from "@dagger.io/dagger";
import { complementRunLayer, type ComplementSettings } from "../layers/complement.js";
import { parseSkipList, runSettings, type RunOptions } from "../complement/options.js";
import type { Graph, Node } from "../graph.js";

/** A run's output directory, and whether --run or --skip narrowed it. */
export interface ComplementRun {
  readonly out: Directory;
  readonly narrowed: boolean;
}

/** The run leaf on the graph (see complementRunLayer). */
export function complementRunOn(
  g: Graph,
  inputs: Directory,
  settings: ComplementSettings,
  imageUser: string,
  options: RunOptions,
  valgrind: boolean,
  rerun: string,
): Node<ComplementRun> {
  return g.leaf(
    valgrind ? "complement:run-valgrind" : "complement:run",
    { tester: g.complementTester(settings), testee: g.complementTestee(inputs, settings, imageUser, valgrind) },
    async ({ tester, testee }) => {
      const skip = (await inputs.exists("skip.txt")) ? parseSkipList(await inputs.file("skip.txt").contents()) : [];
      const { settings: run, narrowed } = runSettings(options, skip, g.cell.cargoProfile);
      return { out: complementRunLayer({ tester, testee, run, rerun }), narrowed };
    },
  );
}
