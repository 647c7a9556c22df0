import { describe, expect, it } from "vitest";
import { unitCommand } from "../../.dagger/src/leaves/tests.js";
import { cellFor } from "../config/cells.js";

describe("unit test command", () => {
  it("runs library and binary tests without stopping at the first failure", () => {
    expect(unitCommand(cellFor({})).slice(0, 2)).toEqual(["cargo", "test"]);
    expect(unitCommand(cellFor({})).slice(-3)).toEqual(["--no-fail-fast", "--lib", "--bins"]);
  });

  it("runs library benches for the bench profile", () => {
    expect(unitCommand(cellFor({ cargoProfile: "bench" }))).toEqual(expect.arrayContaining(["cargo", "bench", "--no-fail-fast", "--lib"]));
  });
});
