/**
 * The freshness oracle: what cargo compiled in a step, read from its own output. Cargo prints a
 * line for every unit it compiles (`Compiling`, `Checking`, `Documenting` name vX.Y.Z) and none
 * for a unit it finds fresh; so a step on a cooked dependency layer must print such lines for the
 * workspace's own packages only.
 */

/** A unit cargo compiled. */
export interface Unit {
  readonly verb: string;
  readonly name: string;
  readonly version: string;
}

/** The units cargo's output says it compiled (colour codes and all). */
export function compiledUnits(output: string): Unit[] {
  const plain = output.replace(/\x1b\[[0-9;]*m/g, "");
  return [...plain.matchAll(/^\s*(Compiling|Checking|Documenting) ([A-Za-z0-9_-]+) v(\S+)/gm)].map((m) => ({ verb: m[1]!, name: m[2]!, version: m[3]! }));
}

/** The units of dependencies (not of the given workspace packages) cargo compiled. */
export function dependencyUnits(output: string, members: readonly string[]): Unit[] {
  return compiledUnits(output).filter((u) => !members.includes(u.name));
}
