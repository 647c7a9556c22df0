/**
 * The mirror settings on the graph: every git fetch bakery makes goes through the rewrites, cargo
 * inside the build reads the same rules and the crates.io replacement, each layer that downloads
 * through a mirror keys on it, and a bad value is refused before anything is built.
 */
import { describe, expect, it } from "vitest";
import { EMBEDDED_SOURCE } from "../../.dagger/src/defaults.js";
import { DEFAULT_COMPLEMENT_URL } from "../../.dagger/src/complement/defaults.js";
import { DEFAULT_RUST_SDK_URL } from "../../.dagger/src/integration/defaults.js";
import type { EngineDouble, Vertex } from "../harness/engine-double.js";
import { runSession } from "../harness/module.js";
import { scratch } from "../harness/scratch.js";
import { changed, digests, DOCKER, FIXTURE } from "./helpers.js";

const GIT = "https://github.com/=https://git.example/gh/";
const CRATES = "sparse+https://crates.example/index/";
const mirrored = (url: string): string => url.replace("https://github.com/", "https://git.example/gh/");

function closure(double: EngineDouble, digest: string): Vertex[] {
  return [...double.closure(digest)].map((d) => double.vertices.get(d)!);
}
const gitUrls = (vs: Vertex[]): string[] => vs.filter((v) => v.field === "git").map((v) => String(v.args.url));
/** The Dockerfile a stage build was given. */
const dockerfile = (b: EngineDouble["dockerBuilds"][number]): string => b.context.file(b.dockerfile)!.bytes().toString("utf8");
const env = (vs: Vertex[]): Record<string, string> => Object.fromEntries(vs.filter((v) => v.field === "withEnvVariable").map((v) => [String(v.args.name), String(v.args.value)]));

describe("git mirrors", () => {
  it("the embedded default is fetched from the mirror only, and the log says where from", async () => {
    // the double serves the tree only at the mirror's URL: a fetch from GitHub would fail
    const gitFixtures = { [`${mirrored(EMBEDDED_SOURCE.url)}@${EMBEDDED_SOURCE.commit}`]: FIXTURE };
    const { double, of, logs } = await digests(scratch("empty"), ["recipe"], { gitMirrors: [GIT] }, { double: { gitFixtures } });
    expect(gitUrls(closure(double, of.recipe!))).toEqual([mirrored(EMBEDDED_SOURCE.url)]);
    expect(logs.join("\n")).toContain(`, fetched from ${mirrored(EMBEDDED_SOURCE.url)})`);
  });

  it("RocksDB, Complement and matrix-rust-sdk are fetched through the rewrites, and their layers key on the URL fetched", async () => {
    const calls = ["rocksdb", "complement.complementTester", "integration.rustSdkInteg"];
    const { double, of } = await digests(FIXTURE, calls, { gitMirrors: [GIT] });
    // every git fetch of the session by the engine (a stage build's context is not in its result's closure)
    expect(new Set(gitUrls([...double.vertices.values()]))).toEqual(new Set([mirrored(DEFAULT_COMPLEMENT_URL), mirrored(DEFAULT_RUST_SDK_URL)]));
    // RocksDB by the git CLI on the build system, the rules in its environment, so they reach the submodule too
    const checkout = [...double.vertices.values()].find((v) => v.field === "withExec" && (v.args.args as string[]).includes("https://github.com/example/rust-rocksdb"));
    expect(checkout).toBeDefined();
    expect(env(closure(double, checkout!.digest))).toMatchObject({ GIT_CONFIG_COUNT: "1", GIT_CONFIG_KEY_0: "url.https://git.example/gh/.insteadOf", GIT_CONFIG_VALUE_0: "https://github.com/" });
    const plain = await digests(FIXTURE, ["rocksdb", "complement.complementTester"]);
    expect(of.rocksdb).not.toBe(plain.of.rocksdb);
    expect(of["complement.complementTester"]).not.toBe(plain.of["complement.complementTester"]);
  });

  it("cargo fetches git dependencies with the git CLI and the same rules; without mirrors nothing is set", async () => {
    const { double, of } = await digests(FIXTURE, ["cellEnv", "integration.rustSdkInteg"], { gitMirrors: [GIT] });
    for (const fn of ["cellEnv", "integration.rustSdkInteg"]) {
      expect(env(closure(double, of[fn]!)), fn).toMatchObject({ CARGO_NET_GIT_FETCH_WITH_CLI: "true", GIT_CONFIG_COUNT: "1", GIT_CONFIG_KEY_0: "url.https://git.example/gh/.insteadOf", GIT_CONFIG_VALUE_0: "https://github.com/" });
    }
    const plain = await digests(FIXTURE, ["cellEnv"]);
    const e = env(closure(plain.double, plain.of.cellEnv!));
    expect(Object.keys(e).filter((k) => k.startsWith("GIT_CONFIG") || k === "CARGO_NET_GIT_FETCH_WITH_CLI")).toEqual([]);
  });

  it("the advisory database is fetched through them too", async () => {
    const { double, results } = await runSession({ ctor: { source: FIXTURE, stages: DOCKER, gitMirrors: [GIT] } }, [{ fn: "lints.audit" }]);
    expect(results[0]!.error).toBeUndefined();
    const execs = closure(double, double.vertexById(String(results[0]!.value))!.digest).filter((v) => v.field === "withExec").map((v) => (v.args.args as string[]).join(" "));
    expect(execs.some((c) => c.startsWith("cargo-audit audit") && c.includes("--url https://git.example/gh/RustSec/advisory-db.git"))).toBe(true);
  });
});

describe("the crates.io mirror", () => {
  it("is cargo's replacement source in CARGO_HOME's config, for the cell's cargo steps and the SDK's build", async () => {
    const { double, of } = await digests(FIXTURE, ["cellEnv", "integration.rustSdkInteg"], { cratesMirror: CRATES });
    for (const fn of ["cellEnv", "integration.rustSdkInteg"]) {
      const file = closure(double, of[fn]!).find((v) => v.field === "withNewFile" && String(v.args.path).endsWith("/cargo/config.toml"));
      expect(String(file?.args.contents), fn).toContain(`registry = "${CRATES}"`);
    }
    const plain = await digests(FIXTURE, ["cellEnv"]);
    expect(of.cellEnv).not.toBe(plain.of.cellEnv);
  });
});

describe("apt mirrors", () => {
  const APT = "http://deb.debian.org/=http://apt.example/debian-proxy/";
  const CALLS = ["system", "tools", "rust", "rocksdb", "installs.install", "installs.docker", "complement.complementTester"];

  it("rewrite apt's sources under every stage built on the system, and give the service image its own back", async () => {
    const { double, results } = await runSession({ ctor: { source: FIXTURE, stages: DOCKER, aptMirrors: [APT] } }, CALLS.map((fn) => ({ fn })));
    expect(results.filter((r) => r.error).map((r) => r.fn)).toEqual([]);
    const targets = new Set(double.dockerBuilds.map((b) => b.target));
    for (const t of ["builder", "tools-toolchain", "cargo-tool", "rust", "rocksdb", "runtime", "image", "complement-tester"]) expect(targets.has(t), t).toBe(true);
    for (const b of double.dockerBuilds) {
      expect(b.buildArgs, b.target).toMatchObject({ apt_sources: "mirror", apt_mirrors: APT });
      expect(dockerfile(b), b.target).toContain("/usr/local/lib/bakery/apt-mirrors.sh rewrite ${apt_mirrors}");
      expect(dockerfile(b).includes("apt-mirrors.sh restore"), b.target).toBe(b.target === "image");
    }
  });

  it("key the layers built on the system; without them no stage build hears of a mirror", async () => {
    const mirrored = await digests(FIXTURE, ["system", "rust", "installs.docker"], { aptMirrors: [APT] });
    const plain = await digests(FIXTURE, ["system", "rust", "installs.docker"]);
    expect(changed(mirrored, plain)).toEqual(["system", "rust", "installs.docker"]);
    for (const b of plain.double.dockerBuilds) {
      expect(Object.keys(b.buildArgs).filter((k) => k.startsWith("apt_s") || k.startsWith("apt_m") || k.startsWith("crates_")), b.target).toEqual([]);
      expect(dockerfile(b), b.target).not.toMatch(/apt-mirrors|apt_mirrors|crates_mirror_config/);
    }
  });
});

describe("the crates.io mirror of the cargo tools", () => {
  it("is the tool stage's CARGO_HOME config, and keys the tools alone", async () => {
    const { double, results } = await runSession({ ctor: { source: FIXTURE, stages: DOCKER, cratesMirror: CRATES } }, [{ fn: "tool", args: { name: "cargo-chef" } }, { fn: "rust" }]);
    expect(results.filter((r) => r.error).map((r) => r.fn)).toEqual([]);
    const tool = double.dockerBuilds.find((b) => b.target === "cargo-tool")!;
    expect(tool.buildArgs).toMatchObject({ crates_source: "mirror" });
    expect(tool.buildArgs.crates_mirror_config).toContain(`registry = "${CRATES}"`);
    expect(dockerfile(tool)).toContain("FROM tools-crates-mirror AS cargo-tool");
    for (const b of double.dockerBuilds.filter((x) => x.target !== "cargo-tool")) expect(Object.keys(b.buildArgs).filter((k) => k.startsWith("crates_")), b.target).toEqual([]);
  });
});

describe("the Go proxy of Complement", () => {
  it("reaches the tester's Go build as its go_proxy argument, and keys the tester", async () => {
    const tester = async (goProxy?: string) => {
      const { double, results } = await runSession({ ctor: { source: FIXTURE, stages: DOCKER } }, [{ fn: "complement.complementTester", groupArgs: goProxy === undefined ? {} : { complement: { goProxy } } }]);
      expect(results[0]!.error).toBeUndefined();
      return { value: String(results[0]!.value), builds: double.dockerBuilds.filter((b) => b.target === "complement-tester") };
    };
    const proxied = await tester("https://goproxy.example,direct");
    expect(proxied.builds.map((b) => b.buildArgs.go_proxy)).toEqual(["https://goproxy.example,direct"]);
    expect((await tester()).builds.map((b) => b.buildArgs.go_proxy)).toEqual([""]);
  });

  it("is refused when it is not a GOPROXY list, naming the option", async () => {
    const { results } = await runSession({ ctor: { source: FIXTURE, stages: DOCKER } }, [{ fn: "complement.complementTester", groupArgs: { complement: { goProxy: "goproxy.example" } } }]);
    expect(results[0]!.error?.message).toContain('goProxy "goproxy.example" is not valid; valid: "" (Go\'s default, proxy.golang.org) or a GOPROXY list');
  });
});

describe("bad mirror values", () => {
  it("are refused by the constructor, naming the option and what is valid, before anything is built", async () => {
    for (const [ctor, message] of [
      [{ gitMirrors: ["https://github.com/"] }, 'gitMirrors entry "https://github.com/" is not valid; valid: <from>=<to>'],
      [{ cratesMirror: "crates.example" }, 'cratesMirror "crates.example" is not valid; valid: "" (crates.io)'],
      [{ gitMirrors: ["https://github.com/RustSec/=http://git.example/rustsec/"] }, "which is not an https:// URL"],
      [{ aptMirrors: ["http://deb.debian.org/=https://apt.example/"] }, 'aptMirrors entry "http://deb.debian.org/=https://apt.example/" points apt at an https:// mirror'],
    ] as const) {
      const { double, results } = await runSession({ ctor: { source: FIXTURE, stages: DOCKER, ...ctor } }, [{ fn: "lints.audit" }]);
      const error = results.find((r) => r.error)?.error;
      expect(error?.message, JSON.stringify(ctor)).toContain(message);
      expect(double.dockerBuilds, JSON.stringify(ctor)).toEqual([]);
    }
  });
});
