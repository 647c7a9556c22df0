/**
 * One run of the dependency-pass benchmark (bench-passes.ts runs it in a session of its own):
 * on bakery's own cell environment and recipe for a cell of the bakehouse fixture, every step
 * made to run again (a fresh variable), the seed's five cooks and its leaves on them, then
 * bakery's two cooks and the same leaves; then one .rs edit and bakery's clippy and build-bins
 * again. Every step is timed by the shell's `times` (user and system CPU of its commands).
 * Prints one JSON object.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Container } from "@dagger.io/dagger";
import { cellFlags } from "../../.dagger/src/layers/cargo.js";
import { buildCommand, withSources } from "../../.dagger/src/layers/build.js";
import { cookCommand } from "../../.dagger/src/layers/deps.js";
import { checkCommand, clippyCommand } from "../../.dagger/src/leaves/lints.js";
import { PATHS } from "../../.dagger/src/defaults.js";
import type { Cell } from "../../.dagger/src/config/cell.js";
import { compiledUnits } from "../harness/freshness.js";
import { runRealSession } from "../harness/module.js";
import { sdkRuntime } from "../harness/sdk.js";

const [ctorJson, cellJson, nonce] = process.argv.slice(2) as [string, string, string];
const ctor = JSON.parse(ctorJson) as Record<string, unknown>;
const cell = JSON.parse(cellJson) as Cell;
const source = String(ctor.source);

/** The seed's cook of each of its dependency targets (tuwunel's docker/bake.hcl: deps-check … deps-build-bins). */
const SEED_COOKS: Record<string, string[]> = {
  check: ["--all-targets", "--check"],
  clippy: ["--all-targets", "--clippy"],
  build: ["--all-targets"],
  tests: ["--tests"],
  bins: ["--bins"],
};

/** Run a command timed: CPU seconds (user + system) of what it ran, and its stderr. */
async function timed(c: Container, args: readonly string[]): Promise<{ cpu: number; stderr: string; container: Container }> {
  const run = c.withExec(["sh", "-c", '"$@"; status=$?; times >&2; exit $status', "sh", ...args]);
  const stderr = await run.stderr();
  const lines = stderr.trimEnd().split("\n");
  const m = /(\d+)m([\d.]+)s (\d+)m([\d.]+)s/.exec(lines.at(-1) ?? "");
  if (!m) throw new Error(`no CPU times in the output of ${args.join(" ")}`);
  return { cpu: Number(m[1]) * 60 + Number(m[2]) + Number(m[3]) * 60 + Number(m[4]), stderr, container: run };
}

const { dag } = await sdkRuntime();
const { results, evaluated } = await runRealSession({ ctor }, [{ fn: "cellEnv" }, { fn: "recipe" }], async (value) => String(value));
const failed = results.find((r) => r.error);
if (failed) throw failed.error;
const { connection } = await sdkRuntime();
await connection(async () => {
  const env = dag.loadContainerFromID(evaluated[0] as never).withEnvVariable("BAKERY_BENCH", nonce);
  const base = env.withFile(`${PATHS.recipeDir}/recipe.json`, dag.loadFileFromID(evaluated[1] as never));
  const src = dag.host().directory(source, { exclude: ["**/target"] });
  const leaves = (deps: Container, which: Record<string, string[]>) =>
    Promise.all(Object.entries(which).map(async ([k, cmd]) => [k, (await timed(withSources(deps, src), cmd)).cpu] as const));

  // The seed's way: five cooks, each leaf on its own.
  const seedCooks: Record<string, number> = {};
  const seedLeaves: Record<string, number> = {};
  const seedLeaf: Record<string, string[]> = {
    check: checkCommand(cell),
    clippy: clippyCommand(cell),
    build: buildCommand(cell, "build"),
    tests: buildCommand(cell, "tests"),
    bins: buildCommand(cell, "bins"),
  };
  for (const [k, flags] of Object.entries(SEED_COOKS)) {
    const cook = await timed(base, ["cargo", "chef", "cook", "--recipe-path", `${PATHS.recipeDir}/recipe.json`, ...flags, ...cellFlags(cell, "chef")]);
    seedCooks[k] = cook.cpu;
    seedLeaves[k] = (await timed(withSources(cook.container, src), seedLeaf[k]!)).cpu;
  }

  // bakery's way: two cooks, the leaves shared on them.
  const meta = await timed(base, cookCommand(cell, "meta"));
  const code = await timed(base, cookCommand(cell, "code"));
  const bakeryLeaves = Object.fromEntries([
    ...(await leaves(meta.container, { check: seedLeaf.check!, clippy: seedLeaf.clippy! })),
    ...(await leaves(code.container, { build: seedLeaf.build!, tests: seedLeaf.tests!, bins: seedLeaf.bins! })),
  ]);

  // The warm path: one .rs edit in a member crate, then clippy and build-bins on bakery's passes.
  const lib = "src/core/lib.rs";
  const edited = src.withNewFile(lib, `${readFileSync(join(source, lib), "utf8")}\n// edited for the benchmark: ${nonce}\n`);
  const warmClippy = await timed(withSources(meta.container, edited), seedLeaf.clippy!);
  const warmBins = await timed(withSources(code.container, edited), seedLeaf.bins!);

  console.log(
    JSON.stringify({
      seed: { cooks: seedCooks, leaves: seedLeaves },
      bakery: { cooks: { meta: meta.cpu, code: code.cpu }, leaves: bakeryLeaves },
      warm: {
        clippy: warmClippy.cpu,
        bins: warmBins.cpu,
        recompiled: [...new Set([...compiledUnits(warmClippy.stderr), ...compiledUnits(warmBins.stderr)].map((u) => u.name))].sort(),
      },
    }),
  );
});
