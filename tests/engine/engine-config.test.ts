/**
 * The engine configuration bakery documents for a shared engine (examples/engine.json: tuwunel's
 * builder's GC policies, and a registry mirror) is what the lab's engine v0.21.8 runs on. The
 * engine decodes the file with its own config types, refusing unknown keys and bad sizes or
 * durations, so that it answers at all is the first check; then its API reports the policy it
 * keeps by default (the file's last one), and bakery's cache volumes are records of the type the
 * first policy keeps apart.
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "../harness/schema.js";
import { drive, LAB } from "./lab.js";

interface Policy {
  all?: boolean;
  filters?: string[];
  keepDuration?: string;
  reservedSpace?: string;
  maxUsedSpace?: string;
  minFreeSpace?: string;
}
const CONFIG = JSON.parse(readFileSync(join(REPO_ROOT, "examples", "engine.json"), "utf8")) as { gc: { policies: Policy[] } };

/** A size as the engine reads one (go-units RAMInBytes: binary units, "8GB" is 8 GiB); "" is 0. */
function bytes(size = ""): number {
  if (size === "") return 0;
  const m = /^(\d+)([KMGT]?)i?B?$/i.exec(size);
  if (!m) throw new Error(`size "${size}" is not one this test reads`);
  return Number(m[1]) * 1024 ** " KMGT".indexOf((m[2] || " ").toUpperCase());
}

function query(q: string): Record<string, unknown> {
  const r = spawnSync(LAB.session, ["query", q], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  expect(r.status, r.stderr).toBe(0);
  return (JSON.parse(r.stdout) as { data: Record<string, unknown> }).data;
}

describe("the engine's configuration (examples/engine.json)", () => {
  it("the engine runs on it and keeps its last policy as the default one, as the file gives it", () => {
    const cache = (query("{ engine { localCache { reservedSpace maxUsedSpace minFreeSpace targetSpace } } }") as { engine: { localCache: Record<string, number> } }).engine.localCache;
    const last = CONFIG.gc.policies.at(-1)!;
    expect(cache).toEqual({ reservedSpace: bytes(last.reservedSpace), maxUsedSpace: bytes(last.maxUsedSpace), minFreeSpace: bytes(last.minFreeSpace), targetSpace: 0 });
    // not the engine's own default, which it derives from the disk
    expect(cache.minFreeSpace).toBe(8 * 1024 ** 3);
  });

  it("bakery's cache volumes are records of the type the first policy keeps for 14 days", () => {
    // bakery's cargo volumes mounted as its layers mount them, so a cold engine holds them too
    const probe = drive({ ctor: { source: join(REPO_ROOT, "tests/fixtures/pantry"), stages: join(REPO_ROOT, "docker") }, calls: [], probeCargoRegistry: true });
    expect(probe.results.find((r) => r.fn === "probe:cargo-registry")?.error).toBeUndefined();
    const entries = (query("{ engine { localCache { entrySet { entries { recordType dagqlCall } } } } }") as { engine: { localCache: { entrySet: { entries: { recordType: string; dagqlCall: string }[] } } } }).engine.localCache.entrySet.entries;
    expect(CONFIG.gc.policies[0]!.filters).toEqual(["type==exec.cachemount"]);
    const volumes = entries.filter((e) => e.recordType === "exec.cachemount");
    expect(volumes.length, JSON.stringify([...new Set(entries.map((e) => e.recordType))])).toBeGreaterThan(0);
    // every one is a Query.cacheVolume (the record names no key): at least the probe's two, the cargo registry and git volumes
    expect(volumes.filter((v) => v.dagqlCall.startsWith("Query.cacheVolume")).length).toBeGreaterThanOrEqual(2);
  });
});
