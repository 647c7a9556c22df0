/**
 * examples/engine.json: the engine configuration the README gives for a shared engine (tuwunel's
 * builder's GC policies) and for registry mirrors. The lab's engine runs on it (tests/engine/
 * run.sh puts its registry in for the example's mirror), and the engine refuses unknown keys, so
 * an engine that starts is the check that the file is one v0.21.8 reads (tests/engine/
 * engine-config.test.ts reads back the policy it keeps). Here: the README quotes the file as it
 * is, it names only keys of v0.21.8's engine/config, and its policies are the seed's.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "../harness/schema.js";

const FILE = readFileSync(join(REPO_ROOT, "examples", "engine.json"), "utf8");
const CONFIG = JSON.parse(FILE) as { gc: { policies: Record<string, unknown>[] }; registries: Record<string, Record<string, unknown>> };

/**
 * tuwunel's buildkitd.toml GC policies (its init.sh, the aws sizes): cache mounts kept 14 days up
 * to cachemount_max; every other record 12 hours, with reservedSpace and maxUsedSpace; a safety
 * valve of minFreeSpace over all records.
 */
const SEED_POLICIES = [
  { filters: ["type==exec.cachemount"], keepDuration: "336h", maxUsedSpace: "12GB" },
  { all: true, keepDuration: "12h", reservedSpace: "12GB", maxUsedSpace: "32GB" },
  { all: true, minFreeSpace: "8GB" },
];

describe("examples/engine.json", () => {
  it("is what the README shows, and what the lab's engine is started with", () => {
    expect(readFileSync(join(REPO_ROOT, "README.md"), "utf8")).toContain("```json\n" + FILE + "```");
    expect(readFileSync(join(REPO_ROOT, "tests/engine/run.sh"), "utf8")).toContain('"$ROOT/examples/engine.json" >"$ns/engine.json"');
  });

  it("names only keys engine v0.21.8 reads (engine/config: gc, its policies, registries)", () => {
    expect(Object.keys(CONFIG)).toEqual(["gc", "registries"]);
    expect(Object.keys(CONFIG.gc)).toEqual(["policies"]);
    for (const p of CONFIG.gc.policies) {
      expect(Object.keys(p).filter((k) => !["all", "filters", "keepDuration", "reservedSpace", "maxUsedSpace", "minFreeSpace", "sweepSize"].includes(k))).toEqual([]);
    }
    for (const [host, r] of Object.entries(CONFIG.registries)) {
      expect(Object.keys(r).filter((k) => !["mirrors", "http", "insecure", "ca"].includes(k)), host).toEqual([]);
    }
    expect(CONFIG.registries["docker.io"]!.mirrors).toEqual(["mirror.example:5000"]);
  });

  it("its GC policies are tuwunel's builder's, in order (the engine keeps the last as its default)", () => {
    expect(CONFIG.gc.policies).toEqual(SEED_POLICIES);
  });
});
