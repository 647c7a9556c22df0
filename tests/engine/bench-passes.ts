/**
 * `npm run bench:passes`: the seed's five dependency cooks against bakery's two, side by side in
 * one run, on the lab's real engine (tests/engine/run.sh starts it), for the bakehouse fixture
 * (some 150 crates.io packages), test profile, every feature, stable. Each round runs in a session
 * of its own with every step made to run again; the table gives the median CPU seconds (user +
 * system of the steps' commands) of N rounds (default 3), and the warm path: one .rs edit in a
 * member crate, then clippy and build-bins on bakery's passes.
 *
 *   npm run bench:passes [-- ROUNDS]
 */
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { REPO_ROOT } from "../harness/schema.js";
import { cellOf, LAB } from "./lab.js";

interface Round {
  seed: { cooks: Record<string, number>; leaves: Record<string, number> };
  bakery: { cooks: Record<string, number>; leaves: Record<string, number> };
  warm: { clippy: number; bins: number; recompiled: string[] };
}

const rounds = Number(process.argv[2] ?? 3);
const source = join(REPO_ROOT, "tests/fixtures/bakehouse");
const axes = { cargoProfile: "test", featSet: "all", rustToolchain: "stable" };
const ctor = { source, stages: join(REPO_ROOT, "docker"), rustupMirror: LAB.rustupMirror, ...axes };
const cell = await cellOf(source, axes);

const results: Round[] = [];
for (let i = 1; i <= rounds; i++) {
  const nonce = randomBytes(6).toString("hex");
  console.error(`bench:passes: round ${i} of ${rounds}`);
  const r = spawnSync(LAB.session, ["run", "--", "npx", "--no-install", "tsx", "tests/engine/bench-worker.ts", JSON.stringify(ctor), JSON.stringify(cell), nonce], {
    cwd: REPO_ROOT,
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  const line = r.stdout.split("\n").filter((l) => l.startsWith("{")).at(-1);
  if (r.status !== 0 || !line) throw new Error(`round ${i} failed (${r.status}): ${r.stderr.slice(-3000)}`);
  results.push(JSON.parse(line) as Round);
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const m = (pick: (r: Round) => number): number => median(results.map(pick));
const sum = (o: Record<string, number>) => Object.values(o).reduce((a, b) => a + b, 0);
const f = (x: number) => x.toFixed(1);

const seedCooks = m((r) => sum(r.seed.cooks));
const seedLeaves = m((r) => sum(r.seed.leaves));
const bakeryCooks = m((r) => sum(r.bakery.cooks));
const bakeryLeaves = m((r) => sum(r.bakery.leaves));
const seedTotal = m((r) => sum(r.seed.cooks) + sum(r.seed.leaves));
const bakeryTotal = m((r) => sum(r.bakery.cooks) + sum(r.bakery.leaves));
const warm = m((r) => r.warm.clippy + r.warm.bins);
const rows = [
  "| step | the seed's way | bakery's way |",
  "|---|---:|---:|",
  ...Object.keys(results[0]!.seed.cooks).map((k) => `| cook for ${k} | ${f(m((r) => r.seed.cooks[k]!))} | |`),
  `| cook --check (check, clippy) | | ${f(m((r) => r.bakery.cooks.meta!))} |`,
  `| cook (build, tests, bins) | | ${f(m((r) => r.bakery.cooks.code!))} |`,
  `| **dependency passes** | **5** | **2** |`,
  `| cooks, CPU s | ${f(seedCooks)} | ${f(bakeryCooks)} |`,
  `| leaves (check, clippy, build, build-tests, build-bins), CPU s | ${f(seedLeaves)} | ${f(bakeryLeaves)} |`,
  `| **total, CPU s** | **${f(seedTotal)}** | **${f(bakeryTotal)}** |`,
  `| ratio (bakery / seed) | | ${(bakeryTotal / seedTotal).toFixed(2)} |`,
];
console.log(`bakehouse fixture, cell ${axes.cargoProfile}/${axes.featSet}/${axes.rustToolchain}; median of ${rounds} round(s); CPU seconds (user + system)\n`);
console.log(rows.join("\n"));
console.log(
  `\nwarm path: one .rs edit in bakehouse-core, then clippy and build-bins: ${f(warm)} CPU s ` +
    `(${((100 * warm) / bakeryTotal).toFixed(1)}% of bakery's cold run); recompiled: ${[...new Set(results.flatMap((r) => r.warm.recompiled))].join(", ")}`,
);
