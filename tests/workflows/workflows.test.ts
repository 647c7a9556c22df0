import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { GROUPS, resolveTarget } from "../../.dagger/src/matrix/targets.js";
import { parseShard } from "../../.dagger/src/matrix/shard.js";
import { REPO_ROOT } from "../harness/schema.js";
import { scratch } from "../harness/scratch.js";
import { actionlint, ACTIONLINT_VERSION } from "./actionlint.js";

interface Step {
  id?: string;
  uses?: string;
  run?: string;
  shell?: string;
  env?: Record<string, string>;
  with?: Record<string, string>;
}
interface Job {
  if?: string;
  uses?: string;
  needs?: string;
  with?: Record<string, string>;
  env?: Record<string, string>;
  steps?: Step[];
  strategy?: { matrix?: Record<string, unknown> };
}
interface Workflow {
  on: Record<string, { inputs?: Record<string, { default?: string | number }> } | null>;
  jobs: Record<string, Job>;
}

const WORKFLOWS = join(REPO_ROOT, ".github/workflows");
const load = (name: string) => parse(readFileSync(join(WORKFLOWS, name), "utf8")) as Workflow;
const ENGINE = (JSON.parse(readFileSync(join(REPO_ROOT, "dagger.json"), "utf8")) as { engineVersion: string }).engineVersion.replace(/^v/, "");
const daggerStep = (j: Job) => (j.steps ?? []).find((s) => s.uses?.startsWith("dagger/dagger-for-github@"));
const daggerSteps = (w: Workflow) => Object.values(w.jobs).flatMap((j) => (j.steps ?? []).filter((s) => s.uses?.startsWith("dagger/dagger-for-github@")));
const RUNNER_HOST = "_EXPERIMENTAL_DAGGER_RUNNER_HOST";

/**
 * Whether a job runs, given its workflow's inputs: its `if`, in the one form these workflows use
 * (`inputs.<name> == ''` or `!= ''`), and the jobs it needs. Any other condition fails the test,
 * so a new form is read here before it is trusted.
 */
function runs(w: Workflow, name: string, inputs: Record<string, string>): boolean {
  const job = w.jobs[name]!;
  const needs = job.needs === undefined ? [] : [job.needs].flat();
  if (!needs.every((n) => runs(w, n, inputs))) return false;
  if (job.if === undefined) return true;
  const m = /^inputs\.([a-z-]+) (==|!=) ''$/.exec(job.if);
  if (!m) throw new Error(`job ${name}: condition "${job.if}" is not one this test reads`);
  return (inputs[m[1]!] === "") === (m[2] === "==");
}
const defaults = (w: Workflow): Record<string, string> =>
  Object.fromEntries(Object.entries(w.on.workflow_call!.inputs!).map(([k, v]) => [k, String(v.default ?? "")]));
const active = (w: Workflow, inputs: Record<string, string>) => Object.keys(w.jobs).filter((j) => runs(w, j, inputs));

describe("the GitHub workflows", () => {
  const checks = load("checks.yml");
  const matrix = load("matrix.yml");
  const ci = load("ci.yml");
  const SHARED = { engine: "tcp://dagger-engine.ci:8080" };

  it("pin the official Dagger action and the CLI to the engine bakery is written for", () => {
    const steps = [...daggerSteps(checks), ...daggerSteps(matrix), ...daggerSteps(ci)];
    expect(steps.length).toBeGreaterThanOrEqual(4);
    for (const s of steps) {
      expect(s.uses).toMatch(/^dagger\/dagger-for-github@v\d+\.\d+\.\d+$/);
      expect(s.with?.version).toBe(ENGINE);
    }
    expect(ENGINE).toBe("0.21.8");
  });

  it(`pass actionlint ${ACTIONLINT_VERSION}`, { timeout: 600_000 }, () => {
    const r = spawnSync(actionlint(), ["-no-color"], { cwd: REPO_ROOT, encoding: "utf8" });
    expect(r.stdout + r.stderr).toBe("");
    expect(r.status).toBe(0);
  });

  it("actionlint is no formality: it fails a workflow that reads an input it does not declare", () => {
    const dir = scratch("actionlint");
    const broken = readFileSync(join(WORKFLOWS, "checks.yml"), "utf8").replace("${{ inputs.engine }}", "${{ inputs.engien }}");
    writeFileSync(join(dir, "broken.yml"), broken);
    const r = spawnSync(actionlint(), ["-no-color", join(dir, "broken.yml")], { encoding: "utf8" });
    expect(r.status).not.toBe(0);
    expect(r.stdout).toContain('property "engien" is not defined');
  });

  it("checks, without a shared engine (the default): one job, `dagger check` over every group with checks", () => {
    const groups = JSON.parse(String(checks.on.workflow_call!.inputs!.groups!.default)) as string[];
    expect(groups).toEqual(Object.entries(GROUPS).filter(([, g]) => g.checks.length > 0).map(([name]) => name));
    for (const g of groups) expect(resolveTarget(g).name).toBe(g);
    const inputs = defaults(checks);
    expect(inputs.engine).toBe("");
    expect(active(checks, inputs)).toEqual(["checks"]);
    const step = daggerStep(checks.jobs.checks!)!;
    expect(step.with).toMatchObject({ verb: "check", args: "${{ join(fromJSON(inputs.groups), ' ') }}" });
    expect(checks.jobs.checks!.env?.[RUNNER_HOST]).toBeUndefined();
  });

  it("checks, given a shared engine: one job per group, every job on that engine, which no job stops", () => {
    expect(active(checks, { ...defaults(checks), ...SHARED })).toEqual(["check"]);
    const job = checks.jobs.check!;
    expect(job.strategy?.matrix?.group).toBe("${{ fromJSON(inputs.groups) }}");
    expect(job.env?.[RUNNER_HOST]).toBe("${{ inputs.engine }}");
    expect(daggerStep(job)!.with).toMatchObject({ verb: "check", args: "${{ matrix.group }}", "engine-stop": "false" });
  });

  it("matrix, without a shared engine: one job runs the target over every cell", () => {
    expect(active(matrix, defaults(matrix))).toEqual(["run"]);
    const args = daggerStep(matrix.jobs.run!)!.with!.args!;
    expect(args).toBe("matrix ${{ inputs.matrix-flags }} run --target=${{ inputs.target }}");
    expect(resolveTarget(String(matrix.on.workflow_call!.inputs!.target!.default)).name).toBe("clippy");
  });

  it("matrix, given a shared engine: `shards` jobs, each `matrix run --shard=i/n` on it; the list of shards is one bakery reads", () => {
    expect(active(matrix, { ...defaults(matrix), ...SHARED })).toEqual(["shards", "shard"]);
    const job = matrix.jobs.shard!;
    expect(job.strategy?.matrix?.shard).toBe("${{ fromJSON(needs.shards.outputs.list) }}");
    expect(job.env?.[RUNNER_HOST]).toBe("${{ inputs.engine }}");
    expect(daggerStep(job)!.with).toMatchObject({ args: "matrix ${{ inputs.matrix-flags }} run --target=${{ inputs.target }} --shard=${{ matrix.shard }}", "engine-stop": "false" });
    // the list step, run as the runner runs it
    const step = matrix.jobs.shards!.steps!.find((s) => s.id === "list")!;
    expect(step.shell).toBe("bash");
    const list = (shards: string) => {
      const out = join(scratch("shards"), "output");
      writeFileSync(out, "");
      const r = spawnSync("bash", ["-e", "-c", step.run!], { env: { ...process.env, SHARDS: shards, GITHUB_OUTPUT: out }, encoding: "utf8" });
      return { status: r.status, stdout: r.stdout, output: readFileSync(out, "utf8") };
    };
    const four = list(String(matrix.on.workflow_call!.inputs!.shards!.default));
    expect(four.status).toBe(0);
    const shards = JSON.parse(/^list=(.*)$/m.exec(four.output)![1]!) as string[];
    expect(shards).toEqual(["1/4", "2/4", "3/4", "4/4"]);
    for (const s of shards) expect(parseShard(s)).toBeDefined();
    const bad = list("0");
    expect(bad.status).not.toBe(0);
    expect(bad.stdout).toContain("shards must be a positive integer, not '0'");
  });

  it("bakery's own CI: the README's test command, the Docker lane, the checks and the 12-cell clippy matrix on the embedded default, sharing an engine when the repository names one", () => {
    const stepRuns = (job: string) => (ci.jobs[job]!.steps ?? []).map((s) => s.run).filter(Boolean);
    expect(stepRuns("tests")).toEqual(["npm ci --no-audit --no-fund", "npm test"]);
    expect(stepRuns("docker-lane").at(-1)).toContain("npm run test:docker");
    expect(ci.jobs.checks!.uses).toBe("./.github/workflows/checks.yml");
    expect(ci.jobs.matrix!.uses).toBe("./.github/workflows/matrix.yml");
    expect(resolveTarget(ci.jobs.matrix!.with!.target!).name).toBe("clippy");
    for (const job of [ci.jobs.checks!, ci.jobs.matrix!]) {
      expect(job.with?.engine).toBe("${{ vars.BAKERY_ENGINE || '' }}");
      // no module input: the repository itself, whose missing Cargo.toml selects the embedded default
      expect(job.with?.module).toBeUndefined();
    }
  });
});
