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
import { callerSecret, changed, digests, DOCKER, FIXTURE } from "./helpers.js";

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
      expect(String(file?.args.contents), fn).toContain(`index = "${CRATES}"`);
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
    expect(tool.buildArgs.crates_mirror_config).toContain(`index = "${CRATES}"`);
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

describe("a private mirror's credentials", () => {
  const GIT_TOKEN = "glpat-bakeryGitMirror-4711";
  const CRATES_TOKEN = "cio-bakeryCratesMirror-0815";
  type Tokens = { git?: string; crates?: string };
  /** The constructor's token arguments, each the secret the caller made of it (tokenSecrets). */
  const tokenArgs = (tokens: Tokens) => ({ ...(tokens.git ? { gitMirrorsToken: "$git" } : {}), ...(tokens.crates ? { cratesMirrorToken: "$crates" } : {}) });
  /** The caller turning the tokens into secrets (as the CLI does from env://…), passed by ID; `done` gets the count of the caller's queries. */
  const tokenSecrets = (tokens: Tokens, done: (queries: number) => void = () => {}) => async (d: EngineDouble) => {
    const named: Record<string, string> = {};
    for (const [name, plaintext] of Object.entries(tokens)) named[name] = await callerSecret(d, `${name}-mirror-token`, plaintext);
    done(d.queries.length);
    return named;
  };
  /** A session on the tokens, every call passing; the queries the module made. */
  async function withTokens(fns: string[], ctor: Record<string, unknown>, tokens: Tokens, source = FIXTURE) {
    let setup = 0;
    const { double, results } = await runSession(
      {
        ctor: { source, stages: DOCKER, ...ctor, ...tokenArgs(tokens) },
        // the embedded default, wherever the rules send it
        double: { gitFixtures: Object.fromEntries([EMBEDDED_SOURCE.url, mirrored(EMBEDDED_SOURCE.url)].map((u) => [`${u}@${EMBEDDED_SOURCE.commit}`, FIXTURE])) },
        before: tokenSecrets(tokens, (n) => (setup = n)),
      },
      fns.map((fn) => ({ fn })),
    );
    expect(results.filter((r) => r.error).map((r) => `${r.fn}: ${r.error!.message}`)).toEqual([]);
    const moduleQueries = double.queries.slice(setup).map((q) => q.query);
    return { double, results, moduleQueries, value: (fn: string) => double.vertexById(String(results[fns.indexOf(fn)]!.value))! };
  }
  const secretVars = (vs: Vertex[]): string[] => vs.filter((v) => v.field === "withSecretVariable").map((v) => String(v.args.name)).sort();

  it("the git token goes with every fetch from a git mirror, the engine's and the git CLI's, as a secret whose plaintext the module never sees", async () => {
    const fns = ["recipe", "rocksdb", "cellEnv", "complement.complementTester", "integration.rustSdkInteg"];
    const { double, moduleQueries, value } = await withTokens(fns, { gitMirrors: [GIT] }, { git: GIT_TOKEN }, scratch("empty"));
    // the engine's fetches (the embedded default, matrix-rust-sdk, Complement): basic auth with the token by ID
    const fetches = [...double.vertices.values()].filter((v) => v.field === "git");
    expect(fetches.map((v) => String(v.args.url)).sort()).toEqual([mirrored(DEFAULT_COMPLEMENT_URL), mirrored(EMBEDDED_SOURCE.url), mirrored(DEFAULT_RUST_SDK_URL)].sort());
    for (const f of fetches) expect({ url: f.args.url, user: f.args.httpAuthUsername, token: f.args.httpAuthToken !== undefined }).toEqual({ url: f.args.url, user: "x-access-token", token: true });
    // the git CLI (cargo's git dependencies, RocksDB's checkout): a credential helper for the mirror alone, the token a secret variable
    const checkout = [...double.vertices.values()].find((v) => v.field === "withExec" && (v.args.args as string[]).includes("https://github.com/example/rust-rocksdb"))!;
    for (const [what, vs] of [["cellEnv", closure(double, value("cellEnv").digest)], ["rocksdb checkout", closure(double, checkout.digest)]] as const) {
      expect(env(vs), what).toMatchObject({ GIT_CONFIG_COUNT: "2", GIT_CONFIG_KEY_0: "url.https://git.example/gh/.insteadOf", GIT_CONFIG_KEY_1: "credential.https://git.example/gh/.helper", BAKERY_GIT_MIRROR_USER: "x-access-token" });
      expect(secretVars(vs), what).toEqual(["BAKERY_GIT_MIRROR_TOKEN"]);
    }
    expect(moduleQueries.filter((q) => q.includes(GIT_TOKEN))).toEqual([]);
    expect(moduleQueries.some((q) => /\bplaintext\b/.test(q))).toBe(false);
  });

  it("the git token goes to no fetch that no rule sends to a mirror", async () => {
    // one rule, for Complement alone: the embedded default and matrix-rust-sdk are fetched where they are, without it
    const { double } = await withTokens(["recipe", "complement.complementTester", "integration.rustSdkInteg"], { gitMirrors: [`${DEFAULT_COMPLEMENT_URL}=https://git.example/complement`] }, { git: GIT_TOKEN }, scratch("empty"));
    const byUrl = Object.fromEntries([...double.vertices.values()].filter((v) => v.field === "git").map((v) => [String(v.args.url), v.args.httpAuthToken !== undefined]));
    expect(byUrl).toEqual({ [EMBEDDED_SOURCE.url]: false, [DEFAULT_RUST_SDK_URL]: false, "https://git.example/complement": true });
  });

  it("the crates token is cargo's registry token for the replacement: a secret variable of the cell's cargo, a build secret of the tool stage", async () => {
    const { double, value, moduleQueries } = await withTokens(["cellEnv"], { cratesMirror: CRATES }, { crates: CRATES_TOKEN });
    const cell = closure(double, value("cellEnv").digest);
    // set twice and unset once: for the tool stage's one exec, and on the cell environment
    expect(secretVars(cell)).toEqual(["CARGO_REGISTRIES_BAKERY_MIRROR_TOKEN", "CARGO_REGISTRIES_BAKERY_MIRROR_TOKEN"]);
    expect(cell.filter((v) => v.field === "withoutSecretVariable").map((v) => v.args.name)).toEqual(["CARGO_REGISTRIES_BAKERY_MIRROR_TOKEN"]);
    // cargo-chef from the mirror with the token: the stage that mounts it, the secret given by its name
    const tool = double.dockerBuilds.find((b) => b.target.startsWith("cargo-tool"))!;
    expect(tool.target).toBe("cargo-tool-token");
    const install = closure(double, tool.result).find((v) => v.field === "withExec" && String((v.args.args as string[])[2]).includes("cargo-tools-install.sh"))!;
    expect(secretVars(closure(double, install.digest))).toEqual(["CARGO_REGISTRIES_BAKERY_MIRROR_TOKEN"]);
    // the one query with the plaintext: the tool stage's build secret, named as its Dockerfile names it
    const withPlaintext = moduleQueries.filter((q) => q.includes(CRATES_TOKEN));
    expect(withPlaintext.map((q) => q.includes("setSecret") && q.includes('"crates-mirror-token"'))).toEqual([true]);
  });

  it("without a token the tool stage is cargo-tool, its Dockerfile naming no secret", async () => {
    const { double } = await withTokens(["tools"], { cratesMirror: CRATES }, {});
    const tool = double.dockerBuilds.find((b) => b.target.startsWith("cargo-tool"))!;
    expect(tool.target).toBe("cargo-tool");
    expect(dockerfile(tool)).not.toContain("type=secret");
  });

  it("a layer keys on which tokens are given, never on their values, and without tokens keys as before", async () => {
    const plan = async (tokens: Tokens) => {
      const r = await runSession(
        { ctor: { source: FIXTURE, stages: DOCKER, gitMirrors: [GIT], cratesMirror: CRATES, ...tokenArgs(tokens) }, before: tokenSecrets(tokens) },
        [{ fn: "matrix.plan", args: { target: "deps-meta" } }],
      );
      expect(r.results[0]!.error).toBeUndefined();
      return String(r.results[0]!.value);
    };
    const layers = (p: string) => Object.fromEntries((JSON.parse(p) as { layers: { id: string; layer: string }[] }).layers.map((l) => [l.layer, l.id]));
    const none = await plan({});
    const one = await plan({ git: GIT_TOKEN, crates: CRATES_TOKEN });
    const other = await plan({ git: "another-token", crates: "and-another" });
    expect(one).toContain("secret gitMirrorsToken");
    expect(one).toContain("secret cratesMirrorToken");
    expect(one).not.toContain(GIT_TOKEN);
    expect(layers(other)).toEqual(layers(one));
    const moved = Object.keys(layers(one)).filter((l) => layers(one)[l] !== layers(none)[l]);
    // RocksDB's checkout goes through the git mirror, cargo-chef's crates through the crates
    // mirror: they, and what is built on them
    expect(moved.sort()).toEqual(["cellEnv", "depsMeta", "kitchen", "recipe", "rocksdb", "rust", "tool:cargo-chef", "tools"]);
  });

  it("a token for a mirror not given, or a bad user, is refused before anything is built", async () => {
    for (const [ctor, tokens, message] of [
      [{}, { git: GIT_TOKEN }, "gitMirrorsToken is given but gitMirrors names no mirror; give --git-mirrors=<from>=<to>, or drop the token"],
      [{}, { crates: CRATES_TOKEN }, "cratesMirrorToken is given but cratesMirror is crates.io; give --crates-mirror=<index URL>, or drop the token"],
      [{ gitMirrors: [GIT], gitMirrorsUser: "a user" }, { git: GIT_TOKEN }, 'gitMirrorsUser "a user" is not valid; valid: a user name without spaces or ":"'],
    ] as const) {
      const { double, results } = await runSession({ ctor: { source: FIXTURE, stages: DOCKER, ...ctor, ...tokenArgs(tokens) }, before: tokenSecrets(tokens) }, [{ fn: "cellEnv" }]);
      expect(results.find((r) => r.error)?.error?.message, message).toContain(message);
      expect(double.dockerBuilds).toEqual([]);
    }
  });
});
