import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseSkipList, runSettings, type RunOptions } from "../../.dagger/src/complement/options.js";
import { REPO_ROOT } from "../harness/schema.js";

const DEFAULTS: RunOptions = { run: ".*", count: 1, parallel: 1, timeout: "", debug: false, verbose: false };

describe("the skip list", () => {
  it("is one pattern per line; blank lines and comments are not patterns", () => {
    expect(parseSkipList("# why\nTestA\n\n  TestB/sub  \n# more\n")).toEqual(["TestA", "TestB/sub"]);
  });

  it("bakery's complement/skip.txt holds the seed's eight skips", () => {
    const skips = parseSkipList(readFileSync(join(REPO_ROOT, "complement/skip.txt"), "utf8"));
    expect(skips).toHaveLength(8);
    expect(skips).toContain("TestThreadReceiptsInSyncMSC4102");
    expect(skips).toContain("TestJumpToDateEndpoint/parallel/federation");
  });
});

describe("run settings", () => {
  it("a default run: the default skips, joined as one Go pattern; not narrowed", () => {
    const { settings, narrowed } = runSettings(DEFAULTS, ["TestA", "TestB/x"], "test");
    expect(settings).toEqual({ run: ".*", skip: "TestA|TestB/x", count: 1, parallel: 1, timeout: "2h", debug: false, verbose: false });
    expect(narrowed).toBe(false);
  });

  it("the time limit follows the profile unless given", () => {
    expect(runSettings(DEFAULTS, [], "release").settings.timeout).toBe("1h");
    expect(runSettings({ ...DEFAULTS, timeout: "1h30m" }, [], "test").settings.timeout).toBe("1h30m");
  });

  it("a run pattern or a skip list narrows the run; a given skip list replaces the default", () => {
    expect(runSettings({ ...DEFAULTS, run: "TestLogin" }, [], "test").narrowed).toBe(true);
    const r = runSettings({ ...DEFAULTS, skip: ["^$"] }, ["TestA"], "test");
    expect(r.settings.skip).toBe("^$");
    expect(r.narrowed).toBe(true);
  });

  it("bad values are named, all at once", () => {
    expect(() => runSettings({ ...DEFAULTS, run: " ", skip: [""], count: 1.5, parallel: 0, timeout: "2 hours" }, [], "test")).toThrowError(
      /run "" is not a pattern[\s\S]*skip "" is not a pattern[\s\S]*count 1.5 is not a positive integer[\s\S]*parallel 0[\s\S]*timeout "2 hours" is not a Go duration/,
    );
  });
});
