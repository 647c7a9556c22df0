/**
 * Invoke bakery's functions on a real engine, in the session this process runs in
 * (`bakery-session run -- npx tsx tests/engine/drive.ts SPEC.json`), with the harness that drives
 * the engine double: the constructor, then each call, then each call's value built in the same
 * session (the SDK's objects are lazy). Prints one JSON line per call: its name, what building
 * its value answered (entries of a Directory, the contents or the export of a File, the names of
 * a Container's environment variables and its last command's output, the value of a string), or
 * the error, and what bakery logged.
 */
import { readFileSync } from "node:fs";
import { ExecError } from "@dagger.io/dagger";
import { baselineChanges } from "../../.dagger/src/complement/baseline.js";
import { cargoCaches, withCargoCaches } from "../../.dagger/src/layers/cargo.js";
import { runRealSession, type Call, type Session } from "../harness/module.js";
import { sdkRuntime } from "../harness/sdk.js";

/** What a test asks this driver to do. */
export interface DriveSpec {
  readonly ctor: Session["ctor"];
  readonly calls: Call[];
  /** Host paths to export a call's File or Directory to, by call index. */
  readonly exports?: Record<number, string>;
  /**
   * After the calls, list what bakery's cargo registry volume holds, mounted as bakery's
   * TypeScript layers mount it (cargoCaches, withCargoCaches), in a container of the base image.
   */
  readonly probeCargoRegistry?: boolean;
  /**
   * After the calls, one command of our own on the Container a call returned (by index), with
   * the workspace copied in and variables set: what it printed on stderr is reported.
   */
  readonly probeExec?: { readonly on: number; readonly source: string; readonly env: Record<string, string>; readonly args: string[] };
  /**
   * After the calls, the change bakery's update-baseline makes (baselineChanges) from a
   * workspace's baseline file to results given as text: whether the engine finds it empty.
   */
  readonly probeBaseline?: { readonly source: string; readonly path: string; readonly results: string };
  /**
   * After the calls, keep what each returned in use until the session is killed: a sleeping exec
   * (`sleep infinity`) on each Container, and on the base image with each Directory mounted. What
   * a running exec uses, the engine cannot prune. Lists what each call returns, in call order.
   */
  readonly probeHold?: readonly ("Container" | "Directory")[];
}

/** One call's outcome. */
export interface Driven {
  readonly fn: string;
  readonly value?: string;
  readonly error?: string;
  readonly logs: string[];
}

function describe(e: unknown): string {
  if (e instanceof ExecError) return [e.message, `exit code ${e.exitCode}`, e.stdout.slice(-3000), e.stderr.slice(-3000)].join("\n");
  return e instanceof Error ? e.message : String(e);
}

const spec = JSON.parse(readFileSync(process.argv[2]!, "utf8")) as DriveSpec;
const { dag, connection } = await sdkRuntime();
const { results, evaluated } = await runRealSession({ ctor: spec.ctor }, spec.calls, async (value, returns, index) => {
  const at = spec.exports?.[index];
  try {
    switch (returns) {
      case "Container": {
        const c = await dag.loadContainerFromID(value as never).sync();
        const env = await Promise.all((await c.envVariables()).map((e) => e.name()));
        return JSON.stringify({ env, stdout: await c.stdout(), stderr: await c.stderr() });
      }
      case "Directory": {
        const d = dag.loadDirectoryFromID(value as never);
        if (at) await d.export(at);
        return JSON.stringify(await d.entries());
      }
      case "File": {
        const f = dag.loadFileFromID(value as never);
        if (at) return String(await f.export(at));
        return await f.contents();
      }
      default:
        return typeof value === "string" ? value : JSON.stringify(value);
    }
  } catch (e) {
    throw new Error(describe(e));
  }
});
results.forEach((r, i) => {
  const out: Driven = { fn: r.fn, logs: r.logs, ...(r.error ? { error: describe(r.error) } : { value: evaluated[i] }) };
  console.log(JSON.stringify(out));
});
if (spec.probeExec) {
  const p = spec.probeExec;
  await connection(async () => {
    let c = dag.loadContainerFromID(results[p.on]!.value as never).withDirectory("/usr/src/workspace", dag.host().directory(p.source, { exclude: ["**/target"] }));
    for (const [k, v] of Object.entries(p.env)) c = c.withEnvVariable(k, v);
    const out = await c.withEnvVariable("BAKERY_PROBE", String(Date.now())).withExec(p.args).stderr();
    console.log(JSON.stringify({ fn: "probe:exec", value: out, logs: [] } satisfies Driven));
  });
}

if (spec.probeBaseline) {
  const p = spec.probeBaseline;
  await connection(async () => {
    const baseline = dag.host().directory(p.source).filter({ include: [p.path] });
    const results = dag.directory().withNewFile("results.jsonl", p.results).file("results.jsonl");
    const changes = baselineChanges(baseline, p.path, results);
    const value = JSON.stringify({ empty: await changes.isEmpty(), modified: await changes.modifiedPaths() });
    console.log(JSON.stringify({ fn: "probe:baseline", value, logs: [] } satisfies Driven));
  });
}

if (spec.probeHold) {
  await connection(async () => {
    const holds = spec.probeHold!.map((returns, i) => {
      const value = results[i]!.value as never;
      const c = returns === "Container" ? dag.loadContainerFromID(value) : dag.container().from("debian:testing-slim").withMountedDirectory("/held", dag.loadDirectoryFromID(value));
      return c.withEnvVariable("BAKERY_PROBE", String(Date.now())).withExec(["sleep", "infinity"]).sync();
    });
    await Promise.all(holds);
  });
}

if (spec.probeCargoRegistry) {
  await connection(async () => {
    const listing = await withCargoCaches(dag.container().from("debian:testing-slim"), "/probe", cargoCaches())
      .withEnvVariable("BAKERY_PROBE", String(Date.now()))
      .withExec(["sh", "-c", "find /probe/registry/cache -name '*.crate' | sed 's|.*/||' | sort"])
      .stdout();
    console.log(JSON.stringify({ fn: "probe:cargo-registry", value: listing, logs: [] } satisfies Driven));
  });
}
