import { spawn } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { sharedDouble, REPO_ROOT } from "../harness/module.js";
import type { EngineDouble } from "../harness/engine-double.js";
import { SOURCE_IGNORE } from "../../.dagger/src/defaults.js";
import { isCook } from "../harness/plan.js";

/** What the last runtime process printed on stderr (a failing test shows it). */
let lastStderr = "";

/** One `dagger call` step: the runtime process with the double as its session. */
function runtime(double: EngineDouble): Promise<number> {
  return new Promise((ok, fail) => {
    const child = spawn(process.execPath, ["--import", "tsx", join(REPO_ROOT, "tests/harness/entrypoint.ts")], {
      cwd: REPO_ROOT,
      env: { ...process.env, ...double.sessionEnv() },
      stdio: ["ignore", "ignore", "pipe"],
    });
    lastStderr = "";
    child.stderr.on("data", (d: Buffer) => (lastStderr += d.toString()));
    child.on("error", fail);
    child.on("close", (code) => ok(code ?? -1));
  });
}

async function hostDirectory(double: EngineDouble, path: string, exclude: string[] = []): Promise<string> {
  const r = await double.run(`{ host { directory(path: ${JSON.stringify(path)}, exclude: ${JSON.stringify(exclude)}) { id } } }`);
  return (r.data as { host: { directory: { id: string } } }).host.directory.id;
}

describe("the real entrypoint, driven like `dagger call --source=<workspace> clippy`", () => {
  it("runs the constructor, then clippy on its state, and returns a Container", async () => {
    const double = await sharedDouble();
    double.reset();
    const source = await hostDirectory(double, join(REPO_ROOT, "tests/fixtures/workspace"), SOURCE_IGNORE);
    const docker = await hostDirectory(double, join(REPO_ROOT, "docker"));

    double.functionCall = { moduleName: "bakery", parentName: "Bakery", name: "", parent: {}, inputArgs: { source, stages: docker } };
    expect(await runtime(double), lastStderr).toBe(0);
    expect(double.returned.error).toBeUndefined();
    const state = JSON.parse(double.returned.value!) as Record<string, unknown>;
    expect(state).toMatchObject({ source, stages: docker, config: { cargoProfile: "test", rustToolchain: "nightly" } });

    double.returned = {};
    double.functionCall = { moduleName: "bakery", parentName: "Bakery", name: "clippy", parent: state, inputArgs: {} };
    expect(await runtime(double), lastStderr).toBe(0);
    const result = double.vertexById(JSON.parse(double.returned.value!) as string)!;
    expect(result.type).toBe("Container");
    const execs = [...double.closure(result.digest)].map((d) => double.vertices.get(d)!).filter((v) => v.field === "withExec");
    expect(execs.filter(isCook)).toHaveLength(1);
    expect((result.args.args as string[]).slice(0, 2)).toEqual(["cargo", "clippy"]);
    expect(double.queries.flatMap((q) => q.invalid)).toEqual([]);
  });

  it("reports a function error through returnError and exits non-zero", async () => {
    const double = await sharedDouble();
    double.reset();
    double.functionCall = { moduleName: "bakery", parentName: "Bakery", name: "", parent: {}, inputArgs: { sysTarget: "riscv64-v1-linux-gnu" } };
    expect(await runtime(double), lastStderr).toBe(1);
    expect(double.returned.error).toContain('sys_target "riscv64-v1-linux-gnu" is not valid');
  });
});
