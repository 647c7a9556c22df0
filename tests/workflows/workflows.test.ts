import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { GROUPS, resolveTarget } from "../../.dagger/src/matrix/targets.js";
import { REPO_ROOT } from "../harness/schema.js";

interface Step {
  uses?: string;
  run?: string;
  with?: Record<string, string>;
}
interface Job {
  uses?: string;
  steps?: Step[];
  strategy?: { matrix?: Record<string, unknown> };
}
interface Workflow {
  on: Record<string, { inputs?: Record<string, { default?: string }> } | null>;
  jobs: Record<string, Job>;
}

const load = (name: string) => parse(readFileSync(join(REPO_ROOT, ".github/workflows", name), "utf8")) as Workflow;
const ENGINE = (JSON.parse(readFileSync(join(REPO_ROOT, "dagger.json"), "utf8")) as { engineVersion: string }).engineVersion.replace(/^v/, "");
const daggerSteps = (w: Workflow) => Object.values(w.jobs).flatMap((j) => (j.steps ?? []).filter((s) => s.uses?.startsWith("dagger/dagger-for-github@")));

describe("the GitHub workflows", () => {
  const checks = load("checks.yml");
  const ci = load("ci.yml");

  it("pin the official Dagger action and the CLI to the engine bakery is written for", () => {
    const steps = [...daggerSteps(checks), ...daggerSteps(ci)];
    expect(steps.length).toBeGreaterThanOrEqual(2);
    for (const s of steps) {
      expect(s.uses).toMatch(/^dagger\/dagger-for-github@v\d+\.\d+\.\d+$/);
      expect(s.with?.version).toBe(ENGINE);
    }
    expect(ENGINE).toBe("0.21.8");
  });

  it("run one job per check group, each `dagger check <group>`; the default groups are every group with checks", () => {
    const groups = JSON.parse(checks.on.workflow_call!.inputs!.groups!.default!) as string[];
    expect(groups).toEqual(Object.entries(GROUPS).filter(([, g]) => g.checks.length > 0).map(([name]) => name));
    for (const g of groups) expect(resolveTarget(g).name).toBe(g);
    const job = checks.jobs.check!;
    expect(job.strategy?.matrix?.group).toBe("${{ fromJSON(inputs.groups) }}");
    const step = daggerSteps(checks)[0]!;
    expect(step.with).toMatchObject({ verb: "check", args: "${{ matrix.group }}" });
  });

  it("bakery's own CI: the README's test command, the Docker lane, the checks on the embedded default, the 12-cell matrix", () => {
    const runs = (job: string) => (ci.jobs[job]!.steps ?? []).map((s) => s.run).filter(Boolean);
    expect(runs("tests")).toEqual(["npm ci --no-audit --no-fund", "npm test"]);
    expect(runs("docker-lane").at(-1)).toContain("npm run test:docker");
    expect(ci.jobs.checks!.uses).toBe("./.github/workflows/checks.yml");
    const matrix = daggerSteps({ ...ci, jobs: { matrix: ci.jobs.matrix! } })[0]!;
    expect(matrix.with?.verb).toBe("call");
    const target = /^matrix run --target=(\S+)$/.exec(matrix.with!.args!)![1]!;
    expect(resolveTarget(target).name).toBe("clippy");
    // no module input: the repository itself, whose missing Cargo.toml selects the embedded default
    expect(matrix.with?.module).toBeUndefined();
  });
});
