import { describe, expect, it } from "vitest";
import { checkFailure } from "../../.dagger/src/groups/check.js";
import { cellFor } from "../config/cells.js";

describe("checkFailure", () => {
  it("quotes the whole output when it is short", () => {
    const m = checkFailure("lints:fmt", cellFor({}), { cmd: ["cargo", "fmt"], exitCode: 1, stdout: "Diff in src/lib.rs\n", stderr: "" });
    expect(m).toBe(
      "check lints:fmt failed in cell test--nightly--x86_64-unknown-linux-gnu--all--debian--testing-slim--x86_64-v1-linux-gnu\n" +
        "command: cargo fmt (exit code 1)\nits output:\n  Diff in src/lib.rs",
    );
  });
});
