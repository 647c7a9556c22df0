import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { EngineDouble, type DoubleOptions } from "./engine-double.js";
import { defaultPathDir, sharedDouble } from "./module.js";
import { scratch } from "./scratch.js";
import { sdkRuntime } from "./sdk.js";

/** Run SDK code against the shared double, in a fresh session. */
async function withDouble(options: DoubleOptions, fn: (dag: Awaited<ReturnType<typeof sdkRuntime>>["dag"]) => Promise<void>): Promise<EngineDouble> {
  const double = await sharedDouble();
  double.reset(options);
  const rt = await sdkRuntime();
  Object.assign(process.env, double.sessionEnv());
  await rt.connection(() => fn(rt.dag));
  return double;
}

function tempTree(files: Record<string, string>): string {
  const dir = scratch("double");
  for (const [p, text] of Object.entries(files)) {
    mkdirSync(join(dir, p, ".."), { recursive: true });
    writeFileSync(join(dir, p), text);
  }
  return dir;
}

describe("engine double", () => {
  it("answers the real SDK with schema-valid queries and records the DAG", async () => {
    let id = "";
    const d = await withDouble({}, async (dag) => {
      const c = dag
        .container()
        .from("debian:testing-slim")
        .withMountedCache("/root/.cargo", dag.cacheVolume("cargo"))
        .withExec(["cargo", "build"]);
      await c.sync();
      id = await c.withExec(["cargo", "test"]).id();
    });
    expect(d.queries.length).toBeGreaterThan(0);
    expect(d.queries.flatMap((q) => q.invalid)).toEqual([]);
    const v = d.vertexById(id)!;
    const fields = [...d.closure(v.digest)].map((x) => d.vertices.get(x)!.field).sort();
    expect(fields).toEqual(["cacheVolume", "container", "from", "withExec", "withExec", "withMountedCache"]);
    const build = [...d.vertices.values()].find((x) => (x.args.args as string[] | undefined)?.[1] === "build")!;
    expect(build.evaluated).toBe(true);
    expect(v.evaluated).toBe(false);
  });

  it("rejects queries the schema does not have, as the engine would", async () => {
    const d = await sharedDouble();
    d.reset();
    const r = await d.run("{ container { fly { id } } }");
    expect(r.errors?.length).toBe(1);
    expect(d.queries[0]!.invalid[0]).toMatch(/Cannot query field "fly" on type "Container"/);
  });

  it("turns a failing exec into the SDK's ExecError with the engine's extensions", async () => {
    let caught: unknown;
    await withDouble({ onExec: (args) => (args[1] === "clippy" ? { exitCode: 101, stderr: "error: unused variable" } : undefined) }, async (dag) => {
      try {
        await dag.container().from("rust").withExec(["cargo", "clippy"]).sync();
      } catch (e) {
        caught = e;
      }
    });
    expect((caught as Error).constructor.name).toBe("ExecError");
    expect(caught).toMatchObject({ exitCode: 101, stderr: "error: unused variable", cmd: ["cargo", "clippy"] });
  });

  it("content-addresses host directories: edits outside the selection change nothing", async () => {
    const root = tempTree({ "Cargo.toml": "[workspace]", "src/lib.rs": "//", "README.md": "# x" });
    const digests = async (): Promise<[string, string]> => {
      let a = "";
      let b = "";
      const d = await withDouble({}, async (dag) => {
        const src = dag.host().directory(root);
        a = await src.filter({ include: ["Cargo.toml"] }).id();
        b = await src.id();
      });
      return [d.vertexById(a)!.digest, d.vertexById(b)!.digest];
    };
    const [manifests1, all1] = await digests();
    writeFileSync(join(root, "src/lib.rs"), "// edited");
    const [manifests2, all2] = await digests();
    expect(manifests2).toBe(manifests1);
    expect(all2).not.toBe(all1);
  });

  it("reads real bytes of host and registered git trees, and refuses to invent unknown ones", async () => {
    const root = tempTree({ "Cargo.toml": '[package]\nname = "x"' });
    const fixture = tempTree({ "VERSION": "1.2.3\n" });
    let host = "";
    let git = "";
    let unknown: unknown;
    await withDouble({ gitFixtures: { "https://example.org/r@abc": fixture } }, async (dag) => {
      host = await dag.host().directory(root).file("Cargo.toml").contents();
      git = await dag.git("https://example.org/r").commit("abc").tree().file("VERSION").contents();
      try {
        await dag.git("https://example.org/other").commit("abc").tree().exists("VERSION");
      } catch (e) {
        unknown = e;
      }
    });
    expect(host).toBe('[package]\nname = "x"');
    expect(git).toBe("1.2.3\n");
    expect(String(unknown)).toMatch(/git tree with no registered fixture/);
  });

  it("rejects a missing subdirectory or file of a known tree, as the engine's stat does", async () => {
    const root = tempTree({ "docker/Dockerfile.system": "FROM x\n" });
    const errors: string[] = [];
    await withDouble({}, async (dag) => {
      for (const f of [() => dag.host().directory(root).directory("nope").id(), () => dag.host().directory(root).file("docker/nope").id(), () => dag.directory().directory("lib").id()]) {
        try {
          await f();
        } catch (e) {
          errors.push(String(e));
        }
      }
    });
    expect(errors).toHaveLength(3);
    expect(errors[0]).toMatch(/nope: no such (file or )?directory/);
  });

  it("fails a Dockerfile build whose COPY names a file the context lacks, as the engine's lstat does", async () => {
    const root = tempTree({ Dockerfile: "FROM debian:testing-slim\nCOPY lib/there.sh lib/missing.sh /usr/local/lib/\n", "lib/there.sh": "#!/bin/sh\n" });
    let error = "";
    await withDouble({}, async (dag) => {
      try {
        await dag.host().directory(root).dockerBuild().sync();
      } catch (e) {
        error = String(e);
      }
    });
    expect(error).toContain("failed to copy source directory: lstat /lib/missing.sh: no such file or directory");
  });

  it("resolves defaultPaths as the engine does: absolute from the context root, relative from dagger.json's directory (not .dagger/)", () => {
    expect(defaultPathDir("/docker", "/repo")).toBe("/repo/docker");
    expect(defaultPathDir("complement", "/repo")).toBe("/repo/complement");
    expect(defaultPathDir("../shared", "/repo", "tools/ci")).toBe("/repo/tools/shared");
  });

  it("is deterministic: replaying the recorded queries rebuilds the same vertices", async () => {
    const d = await withDouble({}, async (dag) => {
      await dag.container().from("alpine").withEnvVariable("A", "1").withExec(["true"]).id();
      await dag.directory().withNewFile("f", "x").id();
    });
    const first = [...d.vertices.keys()].sort();
    const queries = d.queries.map((q) => q.query);
    const fresh = new EngineDouble();
    for (const q of queries) await fresh.run(q);
    expect([...fresh.vertices.keys()].sort()).toEqual(first);
  });

  it("only answers its own session on loopback", async () => {
    const d = await sharedDouble();
    const res = await fetch(`http://127.0.0.1:${d.port}/query`, { method: "POST", body: JSON.stringify({ query: "{ version }" }) });
    expect(res.status).toBe(401);
  });
});
