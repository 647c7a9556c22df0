import { describe, expect, it } from "vitest";
import { auditCommand, auditDay, checkCommand, clippyCommand } from "../../.dagger/src/leaves/lints.js";
import { cellFor } from "../config/cells.js";

describe("lint commands", () => {
  it("check and clippy cover all targets; clippy denies warnings", () => {
    const cell = cellFor({});
    expect(checkCommand(cell).slice(-1)).toEqual(["--all-targets"]);
    expect(clippyCommand(cell).slice(-5)).toEqual(["--all-targets", "--no-deps", "--", "-D", "warnings"]);
  });

  it("audit fetches the advisory database (and so checks yanked crates against the index) unless given one", () => {
    const online = auditCommand(["yanked"], "https://github.com/RustSec/advisory-db.git");
    expect(online).not.toContain("--no-fetch");
    expect(online).toEqual(expect.arrayContaining(["--url", "https://github.com/RustSec/advisory-db.git", "--deny", "yanked"]));
    expect(auditCommand(["yanked"])).toContain("--no-fetch");
    expect(auditDay(new Date("2026-12-02T23:59:59Z"))).toBe("2026-12-02");
  });
});
