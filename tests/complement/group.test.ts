/**
 * The complement group on the double: what the tester, the testee and the run are built from,
 * which step is privileged, and the baseline check and generator on recorded test2json streams.
 */
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { formatResults, parseTestEvents } from "../../.dagger/src/complement/results.js";
import { COMPLEMENT_DOCKER_VOLUME, COMPLEMENT_PATHS } from "../../.dagger/src/complement/layers.js";
import type { EngineDouble, Vertex } from "../harness/engine-double.js";
import { REPO_ROOT, runSession, type Call } from "../harness/module.js";
import { scratch } from "../harness/scratch.js";
import { DOCKER, digests, edit, expectValidQueries, FIXTURE, fixtureCopy } from "../graph/helpers.js";

const stream = (name: string): string => readFileSync(join(REPO_ROOT, "tests/fixtures/complement", name), "utf8");
const SKIPS = readFileSync(join(REPO_ROOT, "complement/skip.txt"), "utf8")
  .split("\n")
  .filter((l) => l && !l.startsWith("#"));

function closure(double: EngineDouble, digest: string): Vertex[] {
  return [...double.closure(digest)].map((d) => double.vertices.get(d)!);
}

/** Queries that would build something (any exec or Dockerfile build). */
function buildQueries(double: EngineDouble): string[] {
  return double.queries.map((q) => q.query).filter((q) => /withExec|dockerBuild/.test(q));
}

/** The privileged exec of a run's output directory. */
function runExec(double: EngineDouble, digest: string): Vertex {
  const execs = closure(double, digest).filter((v) => v.field === "withExec" && (v.args.args as string[])[0] === COMPLEMENT_PATHS.run);
  expect(execs).toHaveLength(1);
  return execs[0]!;
}

/** The environment a container vertex was given on its way, by name. */
function envOf(double: EngineDouble, v: Vertex): Record<string, string> {
  return Object.fromEntries(double.envOf(v.digest));
}

/** A copy of the fixture workspace with a Complement baseline at tuwunel's path (or none). */
function workspaceWith(baseline?: string, path = "tests/complement/results.jsonl"): string {
  const copy = fixtureCopy();
  if (baseline !== undefined) {
    mkdirSync(join(copy, path, ".."), { recursive: true });
    writeFileSync(join(copy, path), baseline);
  }
  return copy;
}

/** Every run reports `events` (the double runs nothing; File.contents of the run's output answers it). */
async function session(calls: Call[], events: string, ctor: Record<string, unknown> = {}) {
  return runSession({ ctor: { source: FIXTURE, stages: DOCKER, ...ctor }, double: { overrides: { "File.contents": () => events } } }, calls);
}

describe("complement: what each part is built from", () => {
  it("the tester is Complement's test binaries on the system image: no Rust layer, no privileges", async () => {
    const { double, of } = await digests(FIXTURE, ["complement.complementTester", "system", "rust", "tools", "rocksdb", "kitchen", "recipe", "depsCode", "buildBins"]);
    const tester = new Set(double.closure(of["complement.complementTester"]!));
    for (const layer of ["rust", "tools", "rocksdb", "kitchen", "recipe", "depsCode", "buildBins"]) expect(tester.has(of[layer]!), layer).toBe(false);
    const execs = closure(double, of["complement.complementTester"]!).filter((v) => v.field === "withExec").map((v) => (v.args.args as string[]).join(" "));
    expect(execs.some((c) => /cargo|rustup|rocksdb/.test(c))).toBe(false);
    expect(execs.some((c) => c.includes("complement-build.sh"))).toBe(true);
    const build = double.dockerBuilds.find((b) => b.target === "complement-tester")!;
    expect(build.buildArgs).toMatchObject({ go_version: "1.26", complement_tags: "conduwuit_blacklist", complement_packages: "./tests/..." });
    // Complement comes from git at the pinned commit
    const commit = [...double.vertices.values()].find((v) => v.field === "commit")!;
    expect(commit.args.id).toBe("3990ded157dab7181fe961bfc2c6c4e4077bf657");
    expect(double.vertices.get(double.vertices.get(commit.parent!)!.digest)!.args.url).toBe("https://github.com/matrix-construct/complement");
    expect(closure(double, of["complement.complementTester"]!).some((v) => v.args.insecureRootCapabilities === true)).toBe(false);
  });

  it("a Rust source edit rebuilds the testee, not the tester", async () => {
    const copy = fixtureCopy();
    const before = await digests(copy, ["complement.complementTester", "complement.complementTestee"]);
    edit(copy, "src/core/text.rs", (t) => t.replace("a crumb", "a bigger crumb"));
    const after = await digests(copy, ["complement.complementTester", "complement.complementTestee"]);
    expect(after.of["complement.complementTester"]).toBe(before.of["complement.complementTester"]);
    expect(after.of["complement.complementTestee"]).not.toBe(before.of["complement.complementTestee"]);
  });

  it("the testee reuses the build: buildBins' binary, linkage-checked by install, on the service image's base stage", async () => {
    const { double, of } = await digests(FIXTURE, ["complement.complementTestee", "buildBins", "installs.install", "installs.docker"]);
    const testee = new Set(double.closure(of["complement.complementTestee"]!));
    expect(testee.has(of.buildBins!)).toBe(true);
    expect(testee.has(of["installs.install"]!)).toBe(true);
    // the binary is added to the built stage, where its entrypoint runs it
    const top = double.vertices.get(of["complement.complementTestee"]!)!;
    expect(top.field).toBe("withFile");
    expect(top.args.path).toBe("/usr/bin/loaf");
    expect(top.refs).toContain(of["installs.install"]);
    // the `image` stage of the service image is the testee's base: built once for both
    const imageStage = double.dockerBuilds.find((b) => b.target === "image")!;
    expect(testee.has(imageStage.result)).toBe(true);
    expect(new Set(double.closure(of["installs.docker"]!)).has(imageStage.result)).toBe(true);
    const build = double.dockerBuilds.find((b) => b.target === "complement-testee")!;
    expect(build.buildArgs).toMatchObject({ complement_server: "/usr/bin/loaf", complement_server_args: "-c /var/lib/complement-testee/homeserver.toml" });
    expect(build.context.file("complement/homeserver.toml")).toBeDefined();
    // no key or certificate comes from the repository: they are made in the build
    expect(build.context.glob("**/*.{key,crt,pem}")).toEqual([]);
  });

  it("settings reach only the steps that read them: tags rebuild the tests, not Go; server arguments change the testee's environment only", async () => {
    const execs = (double: EngineDouble, digest: string) =>
      new Map(closure(double, digest).filter((v) => v.field === "withExec").map((v) => [(v.args.args as string[]).join(" "), v.digest]));
    const run = async (groupArgs: Record<string, unknown>) => {
      const { double, results } = await runSession({ ctor: { source: FIXTURE, stages: DOCKER } }, [
        { fn: "complement.complementTester", groupArgs: { complement: groupArgs } },
        { fn: "complement.complementTestee", groupArgs: { complement: groupArgs } },
      ]);
      return results.map((r) => execs(double, double.vertexById(String(r.value))!.digest));
    };
    const [tester, testee] = await run({});
    const [tester2, testee2] = await run({ tags: ["conduwuit_blacklist", "complemau"], serverArgs: ["-c", "/elsewhere.toml"] });
    const changed = (a: Map<string, string>, b: Map<string, string>) => [...a].filter(([cmd, d]) => b.get(cmd) !== d).map(([cmd]) => cmd);
    const testerChanged = changed(tester!, tester2!);
    expect(testerChanged).toHaveLength(1);
    expect(testerChanged[0]).toContain("complement-build.sh");
    expect(changed(testee!, testee2!)).toEqual([]);
  });

  it("the valgrind testee is the testee plus valgrind and its arguments", async () => {
    const { double } = await runSession({ ctor: { source: FIXTURE, stages: DOCKER } }, [{ fn: "complement.complementTestee", args: { valgrind: true } }]);
    const build = double.dockerBuilds.find((b) => b.target === "complement-testee-valgrind")!;
    expect(build.buildArgs).toMatchObject({ complement_valgrind_args: "-Odb_pool_max_workers=128", valgrind_packages: "valgrind" });
  });
});

describe("complement: the run", () => {
  it("is the only privileged step of the whole API: one exec, its own Docker daemon on a private volume, the testee as a tarball", async () => {
    const { double, results } = await session(
      [
        ...["lints.fmt", "lints.typos", "lints.audit", "lints.lychee", "lints.check", "lints.clippy"],
        ...["tests.unit", "tests.integ", "tests.doc", "tests.unitValgrind", "tests.integValgrind"],
        ...["smokes.smokeVersion", "smokes.smokeStartup", "smokes.smokeValgrind", "smokes.smokePerf"],
        ...["integration.rustSdkInteg", "integration.rustSdkValgrind", "installs.docker", "pkg.debInstall"],
        "complement.complementTester",
        "complement.complementTestee",
        "complement.complementOutput",
      ].map((fn) => ({ fn })),
      stream("run-a.jsonl"),
    );
    expect(results.filter((r) => r.error).map((r) => `${r.fn}: ${r.error!.message}`)).toEqual([]);
    const privileged = [...double.vertices.values()].filter((v) => v.args.insecureRootCapabilities === true || v.args.experimentalPrivilegedNesting === true);
    expect(privileged.map((v) => [v.field, (v.args.args as string[])[0]])).toEqual([["withExec", COMPLEMENT_PATHS.run]]);
    const exec = privileged[0]!;
    const chain = closure(double, exec.digest);
    const mount = chain.find((v) => v.field === "withMountedCache" && v.args.path === "/var/lib/docker")!;
    expect(mount.args).toMatchObject({ path: "/var/lib/docker", sharing: "PRIVATE" });
    expect(double.vertices.get(mount.refs[0]!)!.args.key).toBe(COMPLEMENT_DOCKER_VOLUME);
    expect(chain.some((v) => v.field === "asTarball")).toBe(true);
    expect(chain.some((v) => v.field === "withUnixSocket" || (v.field === "directory" && chain.some((h) => h.field === "host")))).toBe(false);
    expectValidQueries(double);
  });

  it("passes the seed's defaults: every test, the skip list of complement/skip.txt, count 1, one at a time, 2h for the test profile", async () => {
    const { double, results } = await session([{ fn: "complement.complementOutput" }], stream("run-a.jsonl"));
    const env = envOf(double, runExec(double, double.vertexById(String(results[0]!.value))!.digest));
    expect(SKIPS).toHaveLength(8);
    expect(env).toMatchObject({
      BAKERY_COMPLEMENT_RUN: ".*",
      BAKERY_COMPLEMENT_SKIP: SKIPS.join("|"),
      BAKERY_COMPLEMENT_COUNT: "1",
      BAKERY_COMPLEMENT_PARALLEL: "1",
      BAKERY_COMPLEMENT_TIMEOUT: "2h",
    });
    expect(env.COMPLEMENT_DEBUG).toBeUndefined();
  });

  it("run, skip, count, timeout and debug reach the run; a release cell gets 1h", async () => {
    const { double, results } = await session(
      [
        { fn: "complement.complementOutput", args: { run: "TestLogin", skip: ["TestLogin/parallel"], count: 3, debug: true, verbose: true } },
        { fn: "complement.complementOutput", args: { timeout: "90m" } },
      ],
      stream("run-a.jsonl"),
      { cargoProfile: "release" },
    );
    const env = envOf(double, runExec(double, double.vertexById(String(results[0]!.value))!.digest));
    expect(env).toMatchObject({
      BAKERY_COMPLEMENT_RUN: "TestLogin",
      BAKERY_COMPLEMENT_SKIP: "TestLogin/parallel",
      BAKERY_COMPLEMENT_COUNT: "3",
      BAKERY_COMPLEMENT_TIMEOUT: "1h",
      COMPLEMENT_DEBUG: "1",
      COMPLEMENT_ALWAYS_PRINT_SERVER_LOGS: "1",
    });
    expect(envOf(double, runExec(double, double.vertexById(String(results[1]!.value))!.digest)).BAKERY_COMPLEMENT_TIMEOUT).toBe("90m");
  });

  it("bad options fail before anything is built, naming the value", async () => {
    const { double, results } = await session([{ fn: "complement.complement", args: { count: 0, timeout: "soon" } }], "");
    const message = results[0]!.error!.message;
    expect(message).toContain("count 0 is not a positive integer");
    expect(message).toContain('timeout "soon" is not a Go duration');
    expect(buildQueries(double)).toEqual([]);
  });

  it("inputs without the configuration template are refused with what to pass", async () => {
    const empty = scratch("complement-empty");
    mkdirSync(empty, { recursive: true });
    const { results } = await session([{ fn: "complement.complementTestee", groupArgs: { complement: { inputs: empty } } }], "");
    expect(results[0]!.error!.message).toContain("the complement inputs lack homeserver.toml");
  });
});

describe("complement: results, the gate and the baseline", () => {
  it("complement returns the run's outcomes, one sorted line per test and outcome", async () => {
    const { double, results } = await session([{ fn: "complement.complement" }], stream("run-two-packages.jsonl"));
    expect(results[0]!.error).toBeUndefined();
    const file = double.vertexById(String(results[0]!.value))!;
    const written = closure(double, file.digest).find((v) => v.field === "withNewFile")!;
    expect(written.args.contents).toBe(formatResults(parseTestEvents(stream("run-two-packages.jsonl"))));
  });

  it("a run that reported no test is an error, not an empty pass", async () => {
    const { results } = await session([{ fn: "complement.complement" }, { fn: "complement.gate" }], "");
    for (const r of results) expect(r.error?.message).toMatch(/Complement reported no test in cell .*dockerd\.log/);
  });

  it("a malformed stream is an error that names the lines", async () => {
    const { results } = await session([{ fn: "complement.complement" }], stream("run-malformed.jsonl"));
    expect(results[0]!.error!.message).toMatch(/line\(s\) cannot be read/);
  });

  it("the gate fails on newly failing tests and lists newly passing ones apart", async () => {
    const { results } = await session([{ fn: "complement.gate" }], stream("run-a.jsonl"), { source: workspaceWith(stream("baseline.jsonl")) });
    const message = results[0]!.error!.message;
    expect(message).toContain("check complement:gate failed in cell");
    expect(message).toContain("newly failing (1):\n  TestRoomCreate");
    expect(message).toContain("newly passing (raise the baseline: dagger generate) (1):\n  TestSync");
    expect(message).toContain("in the baseline but not in the run (2):\n  TestGone\n  TestSameName");
    expect(message).toContain("baseline: tests/complement/results.jsonl");
  });

  it("a narrowed run does not miss the tests it left out; a run at the baseline passes", async () => {
    const run = parseTestEvents(stream("run-a.jsonl"));
    const atBaseline = await session([{ fn: "complement.gate" }], stream("run-a.jsonl"), { source: workspaceWith(formatResults(run)) });
    expect(atBaseline.results[0]!.error).toBeUndefined();
    expect(atBaseline.results[0]!.logs.join("\n")).toContain("3 passed, 1 failed, 1 skipped");
    const narrowed = await session([{ fn: "complement.gate", args: { run: "TestLogin" } }], stream("run-a.jsonl"), {
      source: workspaceWith(stream("baseline.jsonl").replace(/.*TestRoomCreate.*\n/, '{"Action":"fail","Test":"TestRoomCreate"}\n')),
    });
    expect(narrowed.results[0]!.error).toBeUndefined();
    expect(narrowed.results[0]!.logs.join("\n")).toContain("not run (the run was narrowed) (2)");
  });

  it("without a baseline in the workspace, every failing test is newly failing, and the message says where it looked", async () => {
    const { results } = await session([{ fn: "complement.gate" }], stream("run-a.jsonl"), { source: workspaceWith() });
    expect(results[0]!.error!.message).toContain("no baseline (tests/complement/results.jsonl is not in the workspace)");
  });

  it("a baseline path outside the workspace is refused before anything runs", async () => {
    const { results, double } = await session([{ fn: "complement.gate", groupArgs: { complement: { baseline: "../results.jsonl" } } }], stream("run-a.jsonl"));
    expect(results[0]!.error!.message).toContain('baseline "../results.jsonl" is not valid');
    expect(buildQueries(double)).toEqual([]);
  });

  /** The changeset's two sides, as trees the double knows. */
  function changeset(double: EngineDouble, id: string) {
    const changes = double.vertexById(id)!;
    expect([changes.type, changes.field]).toEqual(["Changeset", "changes"]);
    return { after: double.vertices.get(changes.parent!)!, before: double.vertices.get(changes.refs[0]!)! };
  }

  it("updateBaseline writes the gate's own baseline: an empty changeset when the run matches it, so dagger check (which runs generators as checks) passes", async () => {
    const run = formatResults(parseTestEvents(stream("run-a.jsonl")));
    const { double, results } = await session([{ fn: "complement.updateBaseline" }, { fn: "complement.gate" }], stream("run-a.jsonl"), { source: workspaceWith(run) });
    expect(results.map((r) => r.error)).toEqual([undefined, undefined]);
    const { before, after } = changeset(double, String(results[0]!.value));
    expect(after.args.path).toBe("tests/complement/results.jsonl");
    expect([...before.tree!.files.keys()]).toEqual(["tests/complement/results.jsonl"]);
    expect(after.tree!.digest()).toBe(before.tree!.digest());
  });

  it("updateBaseline returns the changeset that writes the workspace's baseline from a default run", async () => {
    const { double, results } = await session([{ fn: "complement.updateBaseline" }], stream("run-a.jsonl"), { source: workspaceWith(stream("baseline.jsonl")) });
    expect(results[0]!.error).toBeUndefined();
    const { before, after } = changeset(double, String(results[0]!.value));
    expect(after.field).toBe("withFile");
    expect(after.args.path).toBe("tests/complement/results.jsonl");
    expect(after.tree!.digest()).not.toBe(before.tree!.digest());
    const written = closure(double, after.digest).find((v) => v.field === "withNewFile")!;
    expect(written.args.contents).toBe(formatResults(parseTestEvents(stream("run-a.jsonl"))));
    // from a default run: every test, the default skip list
    const runs = [...double.vertices.values()].filter((v) => v.field === "withExec" && (v.args.args as string[])[0] === COMPLEMENT_PATHS.run);
    expect(runs.map((r) => envOf(double, r))).toMatchObject([{ BAKERY_COMPLEMENT_RUN: ".*", BAKERY_COMPLEMENT_SKIP: SKIPS.join("|") }]);
    expectValidQueries(double);
  });
});
