import { describe, expect, it } from "vitest";
import { buildCommand } from "../../.dagger/src/layers/build.js";
import { cellFor } from "../config/cells.js";

describe("workspace build commands", () => {
  it("build all targets, test binaries without running them, binaries only", () => {
    const cell = cellFor({});
    expect(buildCommand(cell, "build").slice(0, 2).concat(buildCommand(cell, "build").slice(-1))).toEqual(["cargo", "build", "--all-targets"]);
    expect(buildCommand(cell, "tests")).toEqual(expect.arrayContaining(["cargo", "test", "--no-run", "--tests"]));
    expect(buildCommand(cell, "bins").slice(-1)).toEqual(["--bins"]);
  });

  it("the bench profile builds benches, as the seed does", () => {
    expect(buildCommand(cellFor({ cargoProfile: "bench" }), "tests")).toEqual(expect.arrayContaining(["cargo", "bench", "--no-run", "--benches"]));
  });
});
