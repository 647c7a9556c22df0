/**
 * docker/lib's scripts as a shell reads them, without a container: every line of a script's
 * header is a comment, and a script called wrongly prints its usage and nothing else. (The
 * Docker lane runs them for real, and shellcheck over them.)
 */
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "../harness/schema.js";

const LIB = join(REPO_ROOT, "docker", "lib");
const scripts = readdirSync(LIB).filter((f) => f.endsWith(".sh")).sort();

describe("docker/lib scripts", () => {
  it.each(scripts)("%s: every line before its `set` line is a comment", (name) => {
    const lines = readFileSync(join(LIB, name), "utf8").split("\n");
    expect(lines[0]).toMatch(/^#!\/bin\/(ba)?sh$/);
    const set = lines.findIndex((l) => /^set -/.test(l));
    expect(set, `${name} has no set line`).toBeGreaterThan(0);
    // A header line without '#' runs as a command, and sh goes on past it: set -e comes later.
    const stray = lines.slice(1, set).map((l, i) => [i + 2, l] as const).filter(([, l]) => l.trim() !== "" && !l.startsWith("#"));
    expect(stray).toEqual([]);
  });

  it("complement-run.sh called without arguments prints its usage and nothing else", () => {
    const r = spawnSync("sh", [join(LIB, "complement-run.sh")], { encoding: "utf8" });
    expect(r.status).toBe(2);
    expect(r.stderr).toBe("usage: complement-run.sh TESTEE_TAR OUT\n");
  });
});
