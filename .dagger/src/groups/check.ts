/**
 * Running a check: evaluate its container and, when a command in it fails, fail with a message
 * that says which check, in which matrix cell, ran which command, and the last lines it
 * printed. A failed exec is not cached by the engine, so the next run tries again; a passing
 * one stays cached while its inputs are unchanged (a `rerun` token forces a new run: see
 * layers/rerun.ts).
 */
import type { Container } from "@dagger.io/dagger";
import type { Cell } from "../config/cell.js";
import type { Graph, Node } from "../graph.js";
import { resolveGraph, type CellInputs } from "../resolve.js";

/** How many lines of a failed command's output a check failure quotes. */
export const TAIL_LINES = 30;

/** A command that failed in the engine, as the SDK reports it. */
export interface FailedExec {
  readonly cmd: string[];
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * The failed command an error reports, if it is the SDK's ExecError. Told by its name: the
 * engine's `@dagger.io/dagger` does not export the class (tests/module/library-exports.test.ts).
 */
export function failedExec(e: unknown): FailedExec | undefined {
  return e instanceof Error && e.name === "ExecError" ? (e as Error & FailedExec) : undefined;
}

/** The message of a failed check. */
export function checkFailure(check: string, cell: Cell, e: FailedExec): string {
  const output = [e.stdout, e.stderr].map((s) => s.trimEnd()).filter(Boolean).join("\n").split("\n");
  const tail = output.slice(-TAIL_LINES);
  return [
    `check ${check} failed in cell ${cell.name}`,
    `command: ${e.cmd.join(" ")} (exit code ${e.exitCode})`,
    output.length > tail.length ? `last ${tail.length} lines of its output:` : "its output:",
    ...tail.map((l) => `  ${l}`),
  ].join("\n");
}

/** Evaluate a check's container; turn a failed command into a check failure. */
export async function runCheck(check: string, cell: Cell, container: Container): Promise<Container> {
  try {
    return await container.sync();
  } catch (e) {
    const failed = failedExec(e);
    if (failed) throw new Error(checkFailure(check, cell, failed));
    throw e;
  }
}

/** Resolve the cell's graph and build one of its nodes. */
export async function buildOn<T>(inputs: CellInputs, node: (g: Graph) => Node<T> | Promise<Node<T>>): Promise<T> {
  return (await node(await resolveGraph(inputs))).value();
}

/** Resolve the cell's graph, build the check's leaf and run it under the leaf's name (group:function). */
export async function graphCheck(inputs: CellInputs, leaf: (g: Graph) => Node<Container> | Promise<Node<Container>>): Promise<Container> {
  const g = await resolveGraph(inputs);
  const node = await leaf(g);
  return runCheck(node.layer, g.cell, await node.value());
}
