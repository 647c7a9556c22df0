/**
 * examples/engine.json: the engine configuration the README gives for registry mirrors. The lab's
 * engine runs on it (tests/engine/run.sh puts its registry in for the example's mirror), and the
 * engine refuses unknown keys, so an engine that starts is the check that the file is one v0.21.8
 * reads. Here: the README quotes the file as it is, and it names only keys of v0.21.8's
 * engine/config (registries: mirrors, http, insecure, ca).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "../harness/schema.js";

const FILE = readFileSync(join(REPO_ROOT, "examples", "engine.json"), "utf8");

describe("examples/engine.json", () => {
  it("is what the README shows, and what the lab's engine is started with", () => {
    expect(readFileSync(join(REPO_ROOT, "README.md"), "utf8")).toContain("```json\n" + FILE + "```");
    expect(readFileSync(join(REPO_ROOT, "tests/engine/run.sh"), "utf8")).toContain('"$ROOT/examples/engine.json" >"$ns/engine.json"');
  });

  it("names only the keys engine v0.21.8 reads for a registry", () => {
    const config = JSON.parse(FILE) as { registries: Record<string, Record<string, unknown>> };
    expect(Object.keys(config)).toEqual(["registries"]);
    for (const [host, r] of Object.entries(config.registries)) {
      expect(Object.keys(r).filter((k) => !["mirrors", "http", "insecure", "ca"].includes(k)), host).toEqual([]);
    }
    expect(config.registries["docker.io"]!.mirrors).toEqual(["mirror.example:5000"]);
  });
});
