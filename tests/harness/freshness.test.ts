import { describe, expect, it } from "vitest";
import { compiledUnits, dependencyUnits } from "./freshness.js";

// cargo 1.95's output as a leaf prints it (CARGO_TERM_COLOR=always), recorded on the engine lane.
const LEAF = [
  "\x1b[1m\x1b[92m   Compiling\x1b[0m bakehouse-core v0.2.0 (/usr/src/workspace/src/core)",
  "\x1b[1m\x1b[92m    Checking\x1b[0m bakehouse v0.2.0 (/usr/src/workspace/src/main)",
  "\x1b[1m\x1b[92m    Finished\x1b[0m `test` profile [unoptimized] target(s) in 2.31s",
].join("\n");
const RECOMPILED = [LEAF, "\x1b[1m\x1b[92m   Compiling\x1b[0m serde v1.0.228", "    Checking tokio v1.48.0"].join("\n");
const MEMBERS = ["bakehouse", "bakehouse-core", "bakehouse-service"];

describe("the freshness oracle", () => {
  it("reads the units cargo compiled, with or without colour", () => {
    expect(compiledUnits(LEAF).map((u) => `${u.verb} ${u.name} ${u.version}`)).toEqual(["Compiling bakehouse-core 0.2.0", "Checking bakehouse 0.2.0"]);
  });

  it("finds no dependency in a leaf that compiled the workspace only", () => {
    expect(dependencyUnits(LEAF, MEMBERS)).toEqual([]);
  });

  it("finds the dependencies a leaf recompiled", () => {
    expect(dependencyUnits(RECOMPILED, MEMBERS).map((u) => u.name)).toEqual(["serde", "tokio"]);
  });
});
