import { describe, expect, it } from "vitest";
import { kebab } from "../../.dagger/src/names.js";
import type { EngineDouble, Vertex } from "../harness/engine-double.js";
import { runSession, type Call } from "../harness/module.js";
import { isCook } from "../harness/plan.js";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { DOCKER, digests, expectValidQueries, FIXTURE, fixtureCopy } from "./helpers.js";

const CELL = "test--nightly--x86_64-unknown-linux-gnu--all--debian--testing-slim--x86_64-v1-linux-gnu";
const LAYERS = ["system", "rust", "rocksdb", "kitchen", "recipe", "depsMeta", "depsCode", "buildTests", "buildBins"];

function vertices(double: EngineDouble, digest: string): Vertex[] {
  return [...double.closure(digest)].map((d) => double.vertices.get(d)!);
}

/** The exec commands of a closure, in build order. */
function commands(double: EngineDouble, digest: string): string[] {
  return vertices(double, digest)
    .filter((v) => v.field === "withExec")
    .sort((a, b) => a.seq - b.seq)
    .map((v) => (v.args.args as string[]).join(" "));
}

/** The parent chain of a container, from the root to it (no ID arguments followed). */
function chain(double: EngineDouble, digest: string): Vertex[] {
  const out: Vertex[] = [];
  for (let v = double.vertices.get(digest); v; v = v.parent ? double.vertices.get(v.parent) : undefined) out.unshift(v);
  return out;
}

describe("checks: failures", () => {
  it("a failing check names itself, the cell, the command and the last lines of its output", async () => {
    const stderr = Array.from({ length: 45 }, (_, i) => `warning line ${i + 1}`).join("\n");
    const { results, double } = await runSession(
      { ctor: { source: FIXTURE, stages: DOCKER }, double: { onExec: (args) => (args[1] === "clippy" ? { exitCode: 101, stderr } : undefined) } },
      [{ fn: "lints.clippy" }],
    );
    const message = results[0]!.error!.message;
    expect(message).toContain(`check lints:clippy failed in cell ${CELL}`);
    expect(message).toMatch(/command: cargo clippy --locked --workspace .* -- -D warnings \(exit code 101\)/);
    expect(message).toContain("last 30 lines of its output:");
    expect(message).toContain("  warning line 45");
    expect(message).toContain("  warning line 16");
    expect(message).not.toContain("warning line 15\n");
    expectValidQueries(double);
  });

  it("a failure below the leaf names the command that failed", async () => {
    const { results } = await runSession(
      { ctor: { source: FIXTURE, stages: DOCKER }, double: { onExec: (args) => (args[2] === "cook" ? { exitCode: 101, stderr: "error: could not compile `serde`" } : undefined) } },
      [{ fn: "tests.unit" }],
    );
    const message = results[0]!.error!.message;
    expect(message).toContain(`check tests:unit failed in cell ${CELL}`);
    expect(message).toMatch(/command: cargo chef cook .*\(exit code 101\)/);
    expect(message).toContain("  error: could not compile `serde`");
  });

  it("every check that runs a leaf fails under its own name, group:function, as dagger check names it", async () => {
    const names = ["lints.fmt", "lints.typos", "lints.audit", "lints.lychee", "lints.check", "tests.unit", "tests.integ", "tests.doc", "tests.bench", "tests.unitValgrind", "tests.integValgrind", "smokes.smokeVersion", "smokes.smokeStartup", "smokes.smokeValgrind", "smokes.smokePerf", "integration.rustSdkInteg", "integration.rustSdkValgrind", "pkg.debInstall", "pkg.smokeNix"];
    const { results } = await runSession(
      // the bench profile, where bench runs; every command fails
      { ctor: { source: FIXTURE, stages: DOCKER, cargoProfile: "bench" }, double: { onExec: () => ({ exitCode: 1, stderr: "failed" }) } },
      names.map((fn) => ({ fn })),
    );
    const failed = results.map((r) => /^check (\S+) failed in cell/.exec(r.error?.message ?? "")?.[1]);
    expect(failed).toEqual(names.map((n) => kebab(n.replace(".", ":"))));
  });

  it("the main object's clippy shortcut is the lints group's clippy", async () => {
    const { of } = await digests(FIXTURE, ["clippy", "lints.clippy"]);
    expect(of.clippy).toBe(of["lints.clippy"]);
  });
});

describe("lints fmt and rustfmt's unstable features", () => {
  it("on a stable cell, a rustfmt.toml asking for them is refused before anything is built, saying to use nightly", async () => {
    const dir = fixtureCopy();
    writeFileSync(join(dir, "rustfmt.toml"), "edition = \"2024\"\nunstable_features = true\nformat_strings = true\n");
    const stable = await runSession({ ctor: { source: dir, stages: DOCKER, rustToolchain: "stable" } }, [{ fn: "lints.fmt" }]);
    expect(stable.results[0]!.error?.message).toBe(
      "lints fmt: rustfmt.toml sets unstable_features = true, which rustfmt applies on a nightly toolchain only, and the cell's is 1.95.0 (--rust-toolchain=stable); run fmt with --rust-toolchain=nightly",
    );
    expect(stable.double.dockerBuilds).toEqual([]);
    const nightly = await runSession({ ctor: { source: dir, stages: DOCKER, rustToolchain: "nightly" } }, [{ fn: "lints.fmt" }]);
    expect(nightly.results[0]!.error).toBeUndefined();
    const plain = await runSession({ ctor: { source: FIXTURE, stages: DOCKER, rustToolchain: "stable" } }, [{ fn: "lints.fmt" }]);
    expect(plain.results[0]!.error).toBeUndefined();
  });
});

describe("checks: what each one builds on", () => {
  const checks = ["lints.fmt", "lints.typos", "lints.audit", "lints.lychee", "lints.check", "lints.clippy", "tests.unit", "tests.integ", "tests.doc", "tests.unitValgrind", "tests.integValgrind"];

  it("fmt, typos, audit and lychee depend on no compile layer", async () => {
    const { double, of } = await digests(FIXTURE, [...LAYERS, ...checks]);
    for (const lint of ["lints.fmt", "lints.typos", "lints.audit", "lints.lychee"]) {
      const c = double.closure(of[lint]!);
      for (const layer of ["rocksdb", "kitchen", "recipe", "depsMeta", "depsCode"]) expect(c.has(of[layer]!), `${lint} uses ${layer}`).toBe(false);
      expect(commands(double, of[lint]!).filter((x) => x.startsWith("cargo ") && !x.startsWith("cargo fmt"))).toEqual([]);
    }
  });

  it("check and clippy never touch the code-generation pass; doctests need it (rustdoc links them against rlibs)", async () => {
    const { double, of } = await digests(FIXTURE, [...LAYERS, ...checks]);
    for (const lint of ["lints.check", "lints.clippy"]) {
      expect(double.closure(of[lint]!).has(of.depsCode!), lint).toBe(false);
      expect(double.closure(of[lint]!).has(of.depsMeta!), lint).toBe(true);
    }
    expect(double.closure(of["tests.doc"]!).has(of.buildTests!)).toBe(true);
  });

  it("unit, integ, doc and the valgrind variants run on the one buildTests layer, compiling nothing more", async () => {
    const { double, of } = await digests(FIXTURE, [...LAYERS, ...checks]);
    const base = new Set(commands(double, of.buildTests!));
    for (const t of ["tests.unit", "tests.integ", "tests.doc", "tests.unitValgrind", "tests.integValgrind"]) {
      expect(double.closure(of[t]!).has(of.buildTests!), t).toBe(true);
      const own = commands(double, of[t]!).filter((x) => !base.has(x));
      expect(own, t).toHaveLength(1);
      expect(own[0], t).toMatch(/^cargo (test|bench) /);
      expect(vertices(double, of[t]!).filter(isCook), t).toHaveLength(1);
    }
  });

  it("the valgrind variants run the same test binaries under valgrind as cargo's runner", async () => {
    const { double, of } = await digests(FIXTURE, ["tests.unit", "tests.unitValgrind"]);
    const [unit, valgrind] = [double.vertices.get(of["tests.unit"]!)!, double.vertices.get(of["tests.unitValgrind"]!)!];
    expect(valgrind.args.args).toEqual(unit.args.args);
    const env = chain(double, valgrind.digest).find((v) => v.field === "withEnvVariable" && v.args.name === "CARGO_TARGET_X86_64_UNKNOWN_LINUX_GNU_RUNNER");
    expect(env?.args.value).toBe("valgrind --error-exitcode=1 --exit-on-first-error=yes --undef-value-errors=no --leak-check=no");
  });

  it("bench runs the bench targets the bench profile's test build compiled, and refuses other profiles before building", async () => {
    const { double, of } = await digests(FIXTURE, ["buildTests", "tests.bench"], { cargoProfile: "bench" });
    expect(commands(double, of.buildTests!).at(-1)).toMatch(/^cargo bench .*--no-run --benches$/);
    expect(commands(double, of["tests.bench"]!).at(-1)).toMatch(/^cargo bench .*--no-fail-fast --benches$/);
    const { results } = await runSession({ ctor: { source: FIXTURE, stages: DOCKER } }, [{ fn: "tests.bench" }]);
    expect(results[0]!.error?.message).toContain("bench runs the bench targets the bench profile's test build compiled; this cell's profile is test (use --cargo-profile=bench)");
  });

  it("doctests get the cell's flags in RUSTDOCFLAGS, with -D warnings only when asked (the seed's never reached rustdoc), and only the doctest step does", async () => {
    const { double, results } = await runSession({ ctor: { source: FIXTURE, stages: DOCKER } }, [{ fn: "tests.doc" }, { fn: "tests.doc", args: { denyWarnings: true } }, { fn: "depsCode" }]);
    const [plain, denied, deps] = results.map((r) => double.vertexById(String(r.value))!.digest);
    const flags = (d: string) => chain(double, d).filter((v) => v.args.name === "RUSTDOCFLAGS").map((v) => String(v.args.value));
    expect(flags(plain!)).toHaveLength(1);
    expect(flags(plain!)[0]).not.toContain("-D warnings");
    expect(flags(plain!)[0]).toContain("-Clink-arg=--verbose");
    expect(flags(denied!)[0]!.endsWith("-D warnings")).toBe(true);
    expect(flags(deps!)).toEqual([]);
  });

  it("audit runs online: the advisory database and cargo's registry in cache volumes, a new run each day; a given database is used offline", async () => {
    const { double, results } = await runSession({ ctor: { source: FIXTURE, stages: DOCKER } }, [{ fn: "lints.audit" }, { fn: "lints.audit", args: { db: FIXTURE } }]);
    const [online, offline] = results.map((r) => double.vertexById(String(r.value))!);
    const mounts = (v: Vertex) => chain(double, v.digest).filter((m) => m.field === "withMountedCache").map((m) => String(double.vertices.get(m.refs[0]!)!.args.key));
    expect((online!.args.args as string[]).includes("--no-fetch")).toBe(false);
    expect(mounts(online!)).toEqual(expect.arrayContaining([expect.stringMatching(/^\/bakery-advisory-db-[0-9a-f]{12}$/), "/bakery-cargo-registry"]));
    expect(Object.fromEntries(double.envOf(online!.digest)).BAKERY_AUDIT_DAY).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    // cargo-audit makes the database's directory itself (a clone renamed into place): inside the
    // volume, never its mount point, where the rename fails with EBUSY (seen on the real engine)
    const volumeAt = chain(double, online!.digest).find((m) => m.field === "withMountedCache" && String(double.vertices.get(m.refs[0]!)!.args.key).startsWith("/bakery-advisory-db"))!.args.path as string;
    const args = online!.args.args as string[];
    expect(args[args.indexOf("--db") + 1]!.startsWith(`${volumeAt}/`)).toBe(true);
    expect((offline!.args.args as string[]).includes("--no-fetch")).toBe(true);
    expect(mounts(offline!).filter((k) => k.startsWith("/bakery-advisory-db"))).toEqual([]);
  });

  it("refuses an advisory database URL cargo-audit cannot fetch (it takes https:// only), naming the option, before any build", async () => {
    const { double, results } = await runSession({ ctor: { source: FIXTURE, stages: DOCKER } }, [{ fn: "lints.audit", groupArgs: { lints: { advisoryDbUrl: "git://mirror.internal/advisory-db.git" } } }]);
    expect(results[0]!.error?.message).toBe(
      'advisory_db_url "git://mirror.internal/advisory-db.git" is not an https:// URL: cargo-audit fetches its database over https only (give a mirror\'s https URL, or --db=<a checkout> to fetch nothing)',
    );
    expect(double.dockerBuilds).toEqual([]);
  });

  it("audit keeps each advisory database repository in a volume of its own: a mirror's clone never meets another remote's", async () => {
    const calls: Call[] = ["https://github.com/RustSec/advisory-db.git", "https://mirror.internal/advisory-db.git"].map((url) => ({ fn: "lints.audit", groupArgs: { lints: { advisoryDbUrl: url } } }));
    const { double, results } = await runSession({ ctor: { source: FIXTURE, stages: DOCKER } }, calls);
    const volumes = results.map((r) => chain(double, double.vertexById(String(r.value))!.digest).filter((m) => m.field === "withMountedCache").map((m) => String(double.vertices.get(m.refs[0]!)!.args.key)).filter((k) => k.startsWith("/bakery-advisory-db")));
    expect(volumes[0]).toHaveLength(1);
    expect(volumes[1]).toHaveLength(1);
    expect(volumes[0]![0]).not.toBe(volumes[1]![0]);
  });

  it("nextest runs unit and integ with the pinned cargo-nextest on the same test binaries", async () => {
    const calls: Call[] = [{ fn: "buildTests" }, { fn: "tests.unit", groupArgs: { tests: { nextest: true } } }, { fn: "tool", args: { name: "cargo-nextest" } }];
    const { double, results } = await runSession({ ctor: { source: FIXTURE, stages: DOCKER } }, calls);
    const [buildTests, unit, nextest] = results.map((r) => double.vertexById(String(r.value))!);
    expect(double.closure(unit!.digest).has(buildTests!.digest)).toBe(true);
    expect(double.closure(unit!.digest).has(nextest!.digest)).toBe(true);
    expect((unit!.args.args as string[]).slice(0, 3)).toEqual(["cargo", "nextest", "run"]);
  });

  it("a rerun token changes the check's own step only", async () => {
    const plain = await digests(FIXTURE, ["depsMeta", "lints.clippy"]);
    const { double, results } = await runSession({ ctor: { source: FIXTURE, stages: DOCKER } }, [
      { fn: "depsMeta" },
      { fn: "lints.clippy", args: { rerun: "2026-11-28T06:00" } },
      { fn: "lints.clippy", args: { rerun: "2026-11-28T06:00" } },
    ]);
    const [deps, once, again] = results.map((r) => double.vertexById(String(r.value))!.digest);
    expect(deps).toBe(plain.of.depsMeta);
    expect(once).not.toBe(plain.of["lints.clippy"]);
    expect(again).toBe(once);
  });
});

describe("smokes and integration", () => {
  it("smokes run the installed binary in its runtime image: no build tree, no compiler, a throwaway database", async () => {
    const { double, of } = await digests(FIXTURE, ["buildBins", "smokes.smokeVersion", "smokes.smokeStartup", "smokes.smokeValgrind", "smokes.smokePerf"]);
    for (const s of ["smokes.smokeVersion", "smokes.smokeStartup", "smokes.smokeValgrind", "smokes.smokePerf"]) {
      const steps = chain(double, of[s]!);
      // along the image's own chain: no source copied in, no cargo run; the binary arrives as one file
      expect(steps.some((v) => v.field === "withExec" && (v.args.args as string[])[0] === "cargo"), s).toBe(false);
      expect(steps.filter((v) => v.field === "withFile").map((v) => v.args.path), s).toEqual(["/usr/bin/loaf"]);
      expect(double.closure(of[s]!).has(of.buildBins!), s).toBe(true);
    }
    const startup = chain(double, of["smokes.smokeStartup"]!);
    expect(startup.some((v) => v.field === "withMountedTemp" && v.args.path === "/tmp/smoke")).toBe(true);
    expect(double.vertices.get(of["smokes.smokeStartup"]!)!.args.args).toEqual([
      "/usr/bin/loaf",
      '-Otest=["smoke"]',
      '-Oserver_name="localhost"',
      "-Oerror_on_unknown_config_opts=true",
      '-Odatabase_path="/tmp/smoke/db"',
    ]);
    const perf = double.vertices.get(of["smokes.smokePerf"]!)!.args.args as string[];
    expect(perf.slice(0, 2)).toEqual(["perf", "stat"]);
  });

  it("the valgrind and perf smokes run on runtime images that really have valgrind and perf", async () => {
    const { double } = await digests(FIXTURE, ["smokes.smokeValgrind", "smokes.smokePerf"]);
    const installs = double.dockerBuilds.filter((b) => b.target === "runtime").map((b) => b.buildArgs.runtime_packages!.split(" "));
    expect(installs.some((p) => p.includes("valgrind"))).toBe(true);
    expect(installs.some((p) => p.includes("linux-perf"))).toBe(true);
  });

  it("a dynamically linked cell's runtime gets RocksDB's libraries; a static one needs none", async () => {
    const dynamic = await digests(FIXTURE, ["smokes.smokeStartup"]);
    expect(dynamic.double.dockerBuilds.map((b) => b.buildArgs.runtime_packages).filter(Boolean)).toEqual(["libbz2-1.0 liblz4-1 libzstd1 liburing2"]);
    const fixed = await digests(FIXTURE, ["smokes.smokeStartup"], { rustToolchain: "stable" });
    expect(fixed.double.dockerBuilds.map((b) => b.target)).not.toContain("runtime");
  });

  it("rustSdkInteg binds the homeserver as a service, without host networking or privileges", async () => {
    const { double, of } = await digests(FIXTURE, ["integration.rustSdkInteg", "integration.rustSdkValgrind"]);
    for (const t of ["integration.rustSdkInteg", "integration.rustSdkValgrind"]) {
      const all = vertices(double, of[t]!);
      const binding = all.find((v) => v.field === "withServiceBinding")!;
      expect(binding.args.alias).toBe("homeserver");
      const service = double.vertices.get(binding.refs[0]!)!;
      expect(service.field).toBe("asService");
      expect(service.args.insecureRootCapabilities).toBeUndefined();
      expect(service.args.experimentalPrivilegedNesting).toBeUndefined();
      expect(all.some((v) => v.args.insecureRootCapabilities === true || v.args.experimentalPrivilegedNesting === true)).toBe(false);
      expect(all.some((v) => v.field === "host" && all.some((w) => w.field === "service"))).toBe(false);
      const leaf = double.vertices.get(of[t]!)!.args.args as string[];
      expect(leaf.slice(0, 5)).toEqual(["timeout", "--signal=TERM", "--kill-after=30s", "30m", "cargo"]);
      expect(leaf.filter((a) => a === "--skip")).toHaveLength(8);
    }
    const valgrindService = vertices(double, of["integration.rustSdkValgrind"]!).find((v) => v.field === "asService")!;
    expect((valgrindService.args.args as string[])[0]).toBe("valgrind");
  });

  it("the SDK's test binaries are built once, in their own layer, and both runs reuse it", async () => {
    const { double, of } = await digests(FIXTURE, ["integration.rustSdkInteg", "integration.rustSdkValgrind"]);
    const builds = (t: string) => vertices(double, of[t]!).filter((v) => v.field === "withExec" && (v.args.args as string[]).includes("--no-run") && (v.args.args as string[]).includes("--package=matrix-sdk-integration-testing"));
    expect(builds("integration.rustSdkInteg").map((v) => v.digest)).toEqual(builds("integration.rustSdkValgrind").map((v) => v.digest));
    expect(builds("integration.rustSdkInteg")).toHaveLength(1);
  });
});

describe("no check asks for privileges", () => {
  it("across every check of every group", async () => {
    const { double } = await digests(FIXTURE, [
      "lints.fmt", "lints.typos", "lints.audit", "lints.lychee", "lints.check", "lints.clippy",
      "tests.unit", "tests.integ", "tests.doc", "tests.unitValgrind", "tests.integValgrind",
      "smokes.smokeVersion", "smokes.smokeStartup", "smokes.smokeValgrind", "smokes.smokePerf",
      "integration.rustSdkInteg", "integration.rustSdkValgrind",
    ]);
    expect([...double.vertices.values()].filter((v) => v.args.insecureRootCapabilities === true).map((v) => v.field)).toEqual([]);
  });
});
