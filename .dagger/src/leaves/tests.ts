/**
 * Tests that run on the compiled test binaries (the buildTests layer): nothing is recompiled,
 * cargo only runs what it built. The bench profile runs benches, as the seed does.
 */
import type { Container } from "@dagger.io/dagger";
import type { Cell } from "../config/cell.js";
import { cellFlags } from "../layers/cargo.js";

export function unitCommand(cell: Cell): string[] {
  const flags = cellFlags(cell, "cargo");
  return cell.profile === "bench"
    ? ["cargo", "bench", ...flags, "--no-fail-fast", "--lib"]
    : ["cargo", "test", ...flags, "--no-fail-fast", "--lib", "--bins"];
}

export interface TestInputs {
  /** The buildTests layer. */
  readonly buildTests: Container;
  readonly cell: Cell;
}

export function unitLeaf(i: TestInputs): Container {
  return i.buildTests.withExec(unitCommand(i.cell));
}
