import { scratch } from "../harness/scratch.js";
import { describe, expect, it } from "vitest";
import { EMBEDDED_SOURCE } from "../../.dagger/src/defaults.js";
import { digests, FIXTURE } from "./helpers.js";

// The double cannot fetch tuwunel; it serves the fixture workspace for the pinned commit, which
// is enough to show the wiring: no Cargo.toml → the pinned git tree, said in the log.
const gitFixtures = { [`${EMBEDDED_SOURCE.url}@${EMBEDDED_SOURCE.commit}`]: FIXTURE };

describe("the embedded default source", () => {
  it("is used, by commit, when the source has no Cargo.toml, and the log says so", async () => {
    const empty = scratch("empty");
    const { double, of, logs } = await digests(empty, ["recipe"], {}, { double: { gitFixtures } });
    expect(logs.join("\n")).toContain(`building the embedded default tuwunel ${EMBEDDED_SOURCE.tag} (${EMBEDDED_SOURCE.url} @ ${EMBEDDED_SOURCE.commit})`);
    const fields = [...double.closure(of.recipe!)].map((d) => double.vertices.get(d)!);
    expect(fields.some((v) => v.field === "git" && v.args.url === EMBEDDED_SOURCE.url)).toBe(true);
    expect(fields.some((v) => v.field === "commit" && v.args.id === EMBEDDED_SOURCE.commit)).toBe(true);
  });

  it("when it cannot be fetched, the error names it, what failed, and the way round (--source)", async () => {
    // No fixture registered: the double's read of the git tree fails, as the engine's git fetch
    // fails where GitHub is out of reach ("git error: exit status 128").
    const err = await digests(scratch("empty"), ["recipe"]).then(() => undefined, (e: unknown) => e);
    const message = err instanceof Error ? err.message : String(err);
    expect(message).toContain(`reading the embedded default tuwunel ${EMBEDDED_SOURCE.tag} (${EMBEDDED_SOURCE.url} @ ${EMBEDDED_SOURCE.commit}) failed`);
    expect(message).toContain("no registered fixture");
    expect(message).toContain("--source");
  });

  it("is not used when the source is a Rust workspace", async () => {
    const { double, logs } = await digests(FIXTURE, ["recipe"], {}, { double: { gitFixtures } });
    expect(logs.join("\n")).not.toContain("embedded default");
    expect([...double.vertices.values()].some((v) => v.field === "git")).toBe(false);
  });
});
