/**
 * Tests that run on the compiled test binaries (the buildTests layer): nothing is recompiled,
 * cargo only runs what it built. The bench profile runs benches, as the seed does.
 */
import type { Container } from "@dagger.io/dagger";
import type { Cell } from "../config/cell.js";
import { cellFlags } from "../layers/cargo.js";

/** The unit test command: lib and bin tests (lib benches for the bench profile). */
export function unitCommand(cell: Cell): string[] {
  const flags = cellFlags(cell, "cargo");
  return cell.profile === "bench"
    ? ["cargo", "bench", ...flags, "--no-fail-fast", "--lib"]
    : ["cargo", "test", ...flags, "--no-fail-fast", "--lib", "--bins"];
}

/** What the test leaves are made from. */
export interface TestInputs {
  /** The buildTests layer. */
  readonly buildTests: Container;
  readonly cell: Cell;
}

/** Run the unit tests on the compiled test binaries. */
export function unitLeaf(i: TestInputs): Container {
  return i.buildTests.withExec(unitCommand(i.cell));
}
