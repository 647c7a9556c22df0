/**
 * Faults on the shared engine (the engine lane): a CI job killed in the middle of a dependency
 * pass, and the engine's cache pruned between runs. After each, the next session completes, and
 * what was cut off or pruned runs again rather than being reused half-built. The killed job works
 * on a copy of the pantry fixture with a feature of its own, so its builds are cold.
 */
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "../harness/schema.js";
import { drive, execs, freshPantry, LAB, start, type Drove } from "./lab.js";

const PANTRY = join(REPO_ROOT, "tests/fixtures/pantry");
const CTOR = { source: PANTRY, stages: join(REPO_ROOT, "docker"), rustToolchain: "stable", featSet: "default", rustupMirror: LAB.rustupMirror };

function ok(d: Drove): Drove {
  expect(d.results.filter((r) => r.error).map((r) => `${r.fn}: ${r.error}`)).toEqual([]);
  return d;
}

/** The command lines of this machine's processes (the engine's execs among them: it runs them in no pid namespace of their own here). */
function processes(): string[] {
  const out: string[] = [];
  for (const pid of readdirSync("/proc").filter((p) => /^\d+$/.test(p))) {
    try {
      out.push(readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").join(" ").trim());
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

/** Wait until a process whose command line matches runs, and rustc with it; returns that command line. */
async function whenRunning(pattern: RegExp, timeoutMs = 1_200_000): Promise<string> {
  for (let waited = 0; waited < timeoutMs; waited += 500) {
    const ps = processes();
    const hit = ps.find((p) => pattern.test(p));
    if (hit && ps.some((p) => /(^|\/)rustc /.test(p))) return hit;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`no process matching ${pattern} within ${timeoutMs / 1000} s`);
}

describe("faults on the shared engine", () => {
  it("a session killed in the middle of a dependency pass: the next session runs that pass again, whole, and completes", async () => {
    const source = freshPantry("killed");
    const job = start({ ctor: { ...CTOR, source }, calls: [{ fn: "depsCode" }] });
    const cook = await whenRunning(/cargo chef cook /);
    job.kill();
    await job.done;
    const next = ok(drive({ ctor: { ...CTOR, source }, calls: [{ fn: "depsCode" }, { fn: "buildBins" }] }));
    const pass = cook.includes("--check") ? "meta" : "code";
    const again = execs(next.spans).filter((e) => e.command.includes("chef cook") && e.command.includes("--check") === (pass === "meta"));
    expect(again.length, `the ${pass} pass in the next session`).toBe(1);
    expect(again[0]!.ran, "the pass cut off ran again").toBe(true);
  });

  it("the engine's cache pruned between runs: the next run rebuilds the cell's layers and passes", async () => {
    const calls = [{ fn: "depsCode" }, { fn: "buildBins" }, { fn: "installs.install" }];
    ok(drive({ ctor: CTOR, calls }));
    // What every cell builds on stays in use during the prune (the lane's later tests and its next
    // run need it; CI's shared engine would keep it too, by its reserved space): the system, the
    // toolchains and the tools the lints compile. Everything else the engine holds is pruned.
    const held = ["system", "rust", "tools"].map((fn) => ({ fn }));
    const tools = ["typos-cli", "lychee", "cargo-audit"].map((name) => ({ fn: "tool", args: { name } }));
    const sleeping = () => processes().filter((p) => p === "sleep infinity").length;
    const asleep = sleeping();
    const keeper = start({ ctor: CTOR, calls: [...held, ...tools], probeHold: [...held.map(() => "Container" as const), ...tools.map(() => "Directory" as const)] });
    for (let i = 0; sleeping() < asleep + held.length + tools.length; i++) {
      if (i > 2400) throw new Error("the keeper's holds did not start within 20 minutes");
      await new Promise((r) => setTimeout(r, 500));
    }
    const prune = spawnSync(LAB.session, ["query", "{ engine { localCache { prune } } }"], { encoding: "utf8" });
    keeper.kill();
    await keeper.done;
    expect(prune.status, prune.stderr).toBe(0);

    // a cache volume no running exec mounts is pruned too (then the next run downloads again);
    // one a running exec mounts is kept: logged, as it depends on what the keeper's holds mount
    const registry = drive({ ctor: CTOR, calls: [], probeCargoRegistry: true }).results.find((r) => r.fn === "probe:cargo-registry")?.value ?? "";
    console.log(`prune: ${registry.split("\n").filter(Boolean).length} crates in the cargo registry volume after it`);
    const next = ok(drive({ ctor: CTOR, calls }));
    const ran = execs(next.spans).filter((e) => e.ran).map((e) => e.command);
    expect(ran.filter((c) => c.includes("chef cook")), "the dependency pass ran again").toHaveLength(1);
    // what the keeper held is not built again: the toolchain install is answered from the cache
    expect(ran.some((c) => /rustup-install/.test(c)), ran.join("\n")).toBe(false);
  });
});
