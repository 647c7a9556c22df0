import { describe, expect, it } from "vitest";
import { checkCommand, clippyCommand } from "../../.dagger/src/leaves/lints.js";
import { cellFor } from "../config/cells.js";

describe("lint commands", () => {
  it("check and clippy cover all targets; clippy denies warnings", () => {
    const cell = cellFor({});
    expect(checkCommand(cell).slice(-1)).toEqual(["--all-targets"]);
    expect(clippyCommand(cell).slice(-5)).toEqual(["--all-targets", "--no-deps", "--", "-D", "warnings"]);
  });
});
