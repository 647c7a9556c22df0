/**
 * Tests on the compiled test binaries (the buildTests layer): cargo runs what it built, nothing
 * is recompiled. The bench profile runs benches where other profiles run tests.
 *   unit, integ  library and binary tests; integration tests (tests/*.rs)
 *   doc          doctests, with the cell's flags in RUSTDOCFLAGS (rustdoc links each doctest
 *                itself); with --deny-warnings, -D warnings (MIGRATION.md: warnings in docs).
 *                rustdoc links doctests against the
 *                dependencies' rlibs, so this leaf needs the code-generation pass.
 *   bench        every bench target, for the bench profile, whose test build compiled them
 *   valgrind     unit and integ with valgrind as cargo's runner: the same binaries, run under
 *                valgrind (a runner is not part of cargo's fingerprints)
 *   nextest      unit and integ run by a pinned cargo-nextest instead of libtest's runner
 */
import type { Container } from "@dagger.io/dagger";
import type { Cell } from "../config/cell.js";
import { cellFlags } from "../layers/cargo.js";
import { withRerun } from "../layers/rerun.js";
import { withTools } from "../layers/rust.js";
import type { Graph, Node } from "../graph.js";

/** The test leaves. */
export type TestKind = "unit" | "integ" | "doc" | "bench";
/** How the test binaries run. */
export type TestRunner = "cargo" | "nextest" | "valgrind";

/**
 * Doctests' RUSTDOCFLAGS. rustdoc compiles and links each doctest itself and reads RUSTDOCFLAGS,
 * not the cell's rustflags, so they get the cell's flags too: else a doctest is linked as a PIE
 * against dependencies compiled with -Crelocation-model=static, and the link fails (seen on a
 * real engine). `denyWarnings` adds -D warnings.
 */
export function doctestFlags(cell: Cell, denyWarnings: boolean): string {
  return [...cell.rustflags.flags, ...(denyWarnings ? ["-D", "warnings"] : [])].join(" ");
}

/** valgrind's flags for test and smoke runs (tuwunel's): fail on the first error, no leak or undefined-value noise. */
export const VALGRIND_FLAGS = ["--error-exitcode=1", "--exit-on-first-error=yes", "--undef-value-errors=no", "--leak-check=no"];

/** Cargo's runner variable for a target triple. */
export function runnerVariable(rustTarget: string): string {
  return `CARGO_TARGET_${rustTarget.toUpperCase().replace(/-/g, "_")}_RUNNER`;
}

/** The command of a test leaf. */
export function testCommand(cell: Cell, kind: TestKind, runner: TestRunner = "cargo"): string[] {
  const flags = cellFlags(cell, "cargo");
  const bench = cell.cargoProfile === "bench";
  if (runner === "nextest") {
    if (kind === "doc" || kind === "bench") throw new Error(`nextest does not run ${kind === "doc" ? "doctests" : "benches"}`);
    // nextest names the cargo profile --cargo-profile (its own --profile is nextest's)
    const nextestFlags = flags.map((f) => (f === "--profile" ? "--cargo-profile" : f));
    return ["cargo", "nextest", "run", ...nextestFlags, "--no-fail-fast", ...(kind === "unit" ? ["--lib", "--bins"] : ["--test", "*"])];
  }
  switch (kind) {
    case "unit":
      return bench ? ["cargo", "bench", ...flags, "--no-fail-fast", "--lib"] : ["cargo", "test", ...flags, "--no-fail-fast", "--lib", "--bins"];
    case "integ":
      return bench ? ["cargo", "bench", ...flags, "--no-fail-fast", "--bench", "*"] : ["cargo", "test", ...flags, "--no-fail-fast", "--test", "*"];
    case "doc":
      return ["cargo", "test", ...flags, "--no-fail-fast", "--doc"];
    case "bench":
      if (!bench) throw new Error(`bench runs the bench targets the bench profile's test build compiled; this cell's profile is ${cell.cargoProfile} (use --cargo-profile=bench)`);
      return ["cargo", "bench", ...flags, "--no-fail-fast", "--benches"];
  }
}

/** What a test leaf is made from. */
export interface TestInputs {
  /** The buildTests layer; for nextest, with cargo-nextest on PATH. */
  readonly buildTests: Container;
  readonly cell: Cell;
  readonly kind: TestKind;
  readonly runner: TestRunner;
  /** Doctests only: warnings in examples fail. */
  readonly denyWarnings?: boolean;
  readonly rerun: string;
}

export function testLeaf(i: TestInputs): Container {
  let c = i.buildTests;
  if (i.kind === "doc") c = c.withEnvVariable("RUSTDOCFLAGS", doctestFlags(i.cell, i.denyWarnings ?? false));
  if (i.runner === "valgrind") c = c.withEnvVariable(runnerVariable(i.cell.rustTarget), ["valgrind", ...VALGRIND_FLAGS].join(" "));
  return withRerun(c, i.rerun).withExec(testCommand(i.cell, i.kind, i.runner));
}

/** A test leaf on the graph: the test build (with cargo-nextest for its runner). */
export function testOn(g: Graph, kind: TestKind, runner: TestRunner, rerun: string, denyWarnings = false): Node<Container> {
  return g.leaf(`tests:${kind}${runner === "valgrind" ? "-valgrind" : ""}`, { buildTests: g.buildTests(), nextest: runner === "nextest" ? g.tool("cargo-nextest") : undefined }, ({ buildTests, nextest }) =>
    testLeaf({ buildTests: nextest ? withTools(buildTests, [nextest]) : buildTests, cell: g.cell, kind, runner, denyWarnings, rerun }),
  );
}
