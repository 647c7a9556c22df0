import { rmSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { EngineDouble, Vertex } from "../harness/engine-double.js";
import { runSession, sharedDouble, type Call } from "../harness/module.js";
import { isCook } from "../harness/plan.js";
import { callerSecret, DOCKER, digests, expectValidQueries, FIXTURE, fixtureCopy } from "./helpers.js";
import { EMBEDDED_SOURCE, RPM_CHECK_IMAGE } from "../../.dagger/src/defaults.js";

const STABLE = { rustToolchain: "stable" };

function chain(double: EngineDouble, digest: string): Vertex[] {
  const out: Vertex[] = [];
  for (let v = double.vertices.get(digest); v; v = v.parent ? double.vertices.get(v.parent) : undefined) out.unshift(v);
  return out;
}

function all(double: EngineDouble, digest: string): Vertex[] {
  return [...double.closure(digest)].map((d) => double.vertices.get(d)!);
}

const args = (v: Vertex): string[] => (v.args.args as string[] | undefined) ?? [];

describe("install and static", () => {
  it("install is the binary as a File, after the seed's linkage check for the cell's linkage", async () => {
    const dynamic = await digests(FIXTURE, ["installs.install"]);
    const file = dynamic.double.vertices.get(dynamic.of["installs.install"]!)!;
    expect(file.type).toBe("File");
    const checks = all(dynamic.double, file.digest).filter((v) => args(v)[0] === "/usr/local/lib/bakery/check-linkage.sh");
    expect(checks.map((v) => args(v).slice(1))).toEqual([["dynamic", "/usr/bin/loaf"]]);
    const fixed = await digests(FIXTURE, ["installs.install"], STABLE);
    const staticCheck = all(fixed.double, fixed.of["installs.install"]!).find((v) => args(v)[0] === "/usr/local/lib/bakery/check-linkage.sh")!;
    expect(args(staticCheck)[1]).toBe("static");
  });

  it("static refuses a dynamically linked cell, saying which cells are static", async () => {
    const { results } = await runSession({ ctor: { source: FIXTURE, stages: DOCKER } }, [{ fn: "installs.static" }]);
    expect(results[0]!.error?.message).toMatch(/links dynamically .*a static binary needs a release or bench profile, or a stable toolchain/);
    const ok = await digests(FIXTURE, ["installs.static", "installs.install"], STABLE);
    expect(ok.of["installs.static"]).toBe(ok.of["installs.install"]);
  });

  it("installValgrind and installPerf are runtimes with the tool and the checked binary", async () => {
    const { double } = await digests(FIXTURE, ["installs.installValgrind", "installs.installPerf"]);
    const packages = double.dockerBuilds.filter((b) => b.target === "runtime").map((b) => b.buildArgs.runtime_packages!.split(" "));
    expect(packages.some((p) => p.includes("valgrind"))).toBe(true);
    expect(packages.some((p) => p.includes("linux-perf"))).toBe(true);
  });
});

describe("the service image", () => {
  it("holds the binary and the runtime libraries only: no workspace, no target/, no compiler", async () => {
    const { double, of } = await digests(FIXTURE, ["installs.docker", "buildBins"]);
    const steps = chain(double, of["installs.docker"]!);
    expect(steps.filter((v) => v.field === "withFile").map((v) => v.args.path)).toEqual(["/usr/bin/loaf"]);
    expect(steps.some((v) => v.field === "withDirectory" && String(v.args.path).startsWith("/usr/src"))).toBe(false);
    expect(steps.some((v) => v.field === "withExec" && args(v).join(" ").includes("build_packages"))).toBe(false);
    expect(steps.some((v) => args(v)[0] === "cargo")).toBe(false);
    const image = double.dockerBuilds.find((b) => b.target === "image")!;
    expect(image.buildArgs).toMatchObject({ image_user: "tuwunel", runtime_packages: "libbz2-1.0 liblz4-1 libzstd1 liburing2" });
  });

  it("runs as the unprivileged user, with entrypoint, ports, health check, and OCI labels and annotations", async () => {
    const { double, of } = await digests(FIXTURE, ["installs.docker"], { version: "0.3.1-5-gabc", revision: "0123abc", created: "2026-11-28T06:00:00Z" });
    const steps = chain(double, of["installs.docker"]!);
    const by = (f: string) => steps.filter((v) => v.field === f).map((v) => v.args);
    expect(by("withUser")).toEqual([{ name: "tuwunel" }]);
    expect(by("withEntrypoint")).toEqual([{ args: ["/usr/bin/loaf"] }]);
    expect(by("withExposedPort").map((a) => a.port)).toEqual([8008, 8448]);
    expect(by("withDockerHealthcheck")[0]).toMatchObject({ args: ["/usr/bin/loaf", "--health-check"] });
    const labels = Object.fromEntries(by("withLabel").map((a) => [a.name, a.value]));
    expect(labels).toEqual({
      "org.opencontainers.image.authors": "Loaf Bakers <bakers@example.org>",
      "org.opencontainers.image.created": "2026-11-28T06:00:00Z",
      "org.opencontainers.image.description": "A fixture service",
      "org.opencontainers.image.licenses": "Apache-2.0",
      "org.opencontainers.image.revision": "0123abc",
      "org.opencontainers.image.source": "https://example.org/loaf",
      "org.opencontainers.image.title": "loaf",
      "org.opencontainers.image.url": "https://example.org/loaf",
      "org.opencontainers.image.vendor": "matrix-construct",
      "org.opencontainers.image.version": "0.3.1-5-gabc",
    });
    expect(Object.fromEntries(by("withAnnotation").map((a) => [a.name, a.value]))).toEqual(labels);
  });

  it("without release values it labels the package version, no time (so it stays cached), and the embedded default's commit", async () => {
    const plain = await digests(FIXTURE, ["installs.docker"]);
    const labels = Object.fromEntries(chain(plain.double, plain.of["installs.docker"]!).filter((v) => v.field === "withLabel").map((v) => [v.args.name, v.args.value]));
    expect(labels["org.opencontainers.image.version"]).toBe("0.3.1");
    expect(labels["org.opencontainers.image.created"]).toBeUndefined();
    expect(labels["org.opencontainers.image.revision"]).toBeUndefined();
    const { scratch } = await import("../harness/scratch.js");
    const embedded = await digests(scratch("empty"), ["installs.docker"], {}, { double: { gitFixtures: { [`${EMBEDDED_SOURCE.url}@${EMBEDDED_SOURCE.commit}`]: FIXTURE } } });
    const e = Object.fromEntries(chain(embedded.double, embedded.of["installs.docker"]!).filter((v) => v.field === "withLabel").map((v) => [v.args.name, v.args.value]));
    expect(e["org.opencontainers.image.revision"]).toBe(EMBEDDED_SOURCE.commit);
  });

  it("oci is the same image as an OCI tarball", async () => {
    const { double, of } = await digests(FIXTURE, ["installs.docker", "installs.oci"]);
    const tarball = double.vertices.get(of["installs.oci"]!)!;
    expect([tarball.type, tarball.field, tarball.parent]).toEqual(["File", "asTarball", of["installs.docker"]]);
  });

  it("bad release values are refused before anything is built", async () => {
    const { results, double } = await runSession({ ctor: { source: FIXTURE, stages: DOCKER, created: "yesterday", imagePorts: [80, 70000] } }, [{ fn: "installs.docker" }]);
    expect(results[0]!.error?.message).toContain('created "yesterday" is not an RFC 3339 time');
    expect(results[0]!.error?.message).toContain("imagePorts: 70000 is not a port");
    expect(double.dockerBuilds).toEqual([]);
  });
});

describe("packages and documents", () => {
  const targets = ["pkg.deb", "pkg.rpm", "installs.docker", "pkg.debInstall", "pkg.rpmInstall"];

  it("packages and images reuse the build layer: one code-generation pass, no second build", async () => {
    const { double, of } = await digests(FIXTURE, ["buildBins", ...targets], STABLE);
    const union = new Set<string>();
    for (const t of targets) double.closure(of[t]!, union);
    const execs = [...union].map((d) => double.vertices.get(d)!).filter((v) => v.field === "withExec");
    expect(execs.filter(isCook)).toHaveLength(1);
    expect(execs.filter((v) => args(v)[0] === "cargo" && ["build", "test"].includes(args(v)[1]!)).map((v) => args(v).slice(0, 2).concat(args(v).slice(-1)))).toEqual([
      ["cargo", "build", "--bins"],
    ]);
    for (const t of targets) expect(double.closure(of[t]!).has(of.buildBins!), t).toBe(true);
  });

  it("deb and rpm are made by the pinned tools without building", async () => {
    const { double } = await digests(FIXTURE, ["pkg.deb", "pkg.rpm"], STABLE);
    const deb = [...double.vertices.values()].find((v) => args(v)[1] === "deb")!;
    expect(args(deb)).toEqual(expect.arrayContaining(["cargo", "deb", "--no-build", "--package", "loaf", "--profile", "dev", "--output", "/usr/src/packages/loaf.deb"]));
    const rpm = [...double.vertices.values()].find((v) => args(v)[1] === "generate-rpm")!;
    expect(args(rpm)).toEqual(expect.arrayContaining(["--package", "src/main", "--auto-req", "auto", "--payload-compress", "zstd"]));
  });

  it("debInstall and rpmInstall run in clean systems with no build tools", async () => {
    const { double, of } = await digests(FIXTURE, ["pkg.debInstall", "pkg.rpmInstall"], STABLE);
    for (const t of ["pkg.debInstall", "pkg.rpmInstall"]) {
      const steps = chain(double, of[t]!);
      expect(steps.some((v) => args(v).join(" ").includes("build_packages") || args(v)[0] === "cargo"), t).toBe(false);
      expect(args(steps.at(-1)!).slice(0, 3), t).toEqual(["sh", "/usr/local/lib/bakery/package-install-check.sh", t === "pkg.debInstall" ? "deb" : "rpm"]);
    }
    expect(chain(double, of["pkg.rpmInstall"]!).find((v) => v.field === "from")?.args.address).toBe(RPM_CHECK_IMAGE);
    const debBase = chain(double, of["pkg.debInstall"]!).find((v) => v.field === "from")!;
    expect(debBase.args.address).toBe("debian:testing-slim");
  });

  it("the install checks run the binary where the package's own metadata installs it, and the packages get the files their assets name", async () => {
    const { double, of } = await digests(FIXTURE, ["pkg.debInstall", "pkg.rpmInstall", "pkg.deb"], STABLE);
    for (const t of ["pkg.debInstall", "pkg.rpmInstall"]) expect(args(double.vertices.get(of[t]!)!)[4], t).toBe("/usr/sbin/loaf");
    const assets = chain(double, of["pkg.deb"]!).filter((v) => v.field === "withDirectory" && v.args.path === "/usr/src/workspace").at(-1)!;
    expect(double.vertices.get((assets.args.source as { $ref: string }).$ref)!.tree!.files.has("loaf-example.toml")).toBe(true);
  });

  it("docs run rustdoc on the metadata pass with RUSTDOCFLAGS; a base path needs nightly", async () => {
    const { double, of } = await digests(FIXTURE, ["pkg.docs", "depsMeta", "depsCode"]);
    expect(double.closure(of["pkg.docs"]!).has(of.depsMeta!)).toBe(true);
    expect(double.closure(of["pkg.docs"]!).has(of.depsCode!)).toBe(false);
    const flags = all(double, of["pkg.docs"]!).find((v) => v.args.name === "RUSTDOCFLAGS")!;
    expect(flags.args.value).toBe("");
    const based = await runSession({ ctor: { source: FIXTURE, stages: DOCKER } }, [{ fn: "pkg.docs", args: { basePath: "/tuwunel/docs/", denyWarnings: true } }]);
    const v = all(based.double, based.double.vertexById(String(based.results[0]!.value))!.digest).find((x) => x.args.name === "RUSTDOCFLAGS")!;
    expect(v.args.value).toBe("-D warnings -Zunstable-options --static-root-path=/tuwunel/docs/static.files/");
    const stable = await runSession({ ctor: { source: FIXTURE, stages: DOCKER, ...STABLE } }, [{ fn: "pkg.docs", args: { basePath: "/x" } }]);
    expect(stable.results[0]!.error?.message).toMatch(/docs --base-path needs a nightly rust_toolchain/);
  });

  it("the book gets book.toml, its sources and every file its pages include, and nothing else", async () => {
    const { double, of } = await digests(FIXTURE, ["pkg.book"]);
    const copied = chain(double, of["pkg.book"]!).filter((v) => v.field === "withDirectory" && v.args.path === "/usr/src/workspace").at(-1)!;
    const tree = double.vertices.get((copied.args.source as { $ref: string }).$ref)!.tree!;
    expect([...tree.files.keys()].sort()).toEqual([
      "README.md", "book.toml", "debian/loaf.service", "docs/SUMMARY.md", "docs/configuration.md", "docs/guide.md", "loaf-example.toml",
    ]);
  });

  it("a page including a file the workspace lacks fails the book before anything is built, naming the page (mdbook would only log it)", async () => {
    const copy = fixtureCopy();
    rmSync(join(copy, "debian/loaf.service"));
    const { results, double } = await runSession({ ctor: { source: copy, stages: DOCKER } }, [{ fn: "pkg.book" }]);
    expect(results[0]!.error?.message).toContain("the book cannot be built: docs/configuration.md includes ../debian/loaf.service (debian/loaf.service), which is not in the workspace");
    expect(double.dockerBuilds).toEqual([]);
  });

  it("the book needs no compile layer; nix builds in the pinned Nix image", async () => {
    const { double, of } = await digests(FIXTURE, ["pkg.book", "pkg.nix", "pkg.smokeNix", "depsMeta"]);
    expect(all(double, of["pkg.book"]!).some((v) => isCook(v))).toBe(false);
    expect(all(double, of["pkg.book"]!).find((v) => args(v)[0] === "sh" && args(v)[2]!.startsWith("mdbook build"))).toBeDefined();
    expect(chain(double, of["pkg.smokeNix"]!).find((v) => v.field === "from")?.args.address).toMatch(/^nixos\/nix:\d+\.\d+\.\d+$/);
    expect(args(double.vertices.get(of["pkg.smokeNix"]!)!)).toContain("/result/bin/loaf");
  });
});

describe("publish", () => {
  const secret = (double: EngineDouble, plaintext: string): Promise<string> => callerSecret(double, "registry-token", plaintext);

  it("without credentials it fails before building or pushing anything", async () => {
    const { results, double } = await runSession({ ctor: { source: FIXTURE, stages: DOCKER } }, [
      { fn: "publish.ghcrIo", groupArgs: { publish: { ref: "v0.3.1" } } },
    ]);
    expect(results[0]!.error?.message).toContain("publishing to ghcr.io needs --username and --token");
    expect(double.queries.some((q) => /withRegistryAuth|publish|dockerBuild/.test(q.query))).toBe(false);
  });

  it("without a ref it says what a ref is", async () => {
    const { results } = await runSession({ ctor: { source: FIXTURE, stages: DOCKER } }, [{ fn: "publish.ghcrIo", args: { dryRun: true } }]);
    expect(results[0]!.error?.message).toMatch(/publish needs --ref/);
  });

  it("a dry run lists each requested cell's reference, tagged as the seed does, and pushes nothing", async () => {
    const call: Call = {
      fn: "publish.ghcrIo",
      args: { dryRun: true },
      groupArgs: { publish: { ref: "v0.3.1", cargoProfiles: ["release"], sysTargets: ["x86_64-v1-linux-gnu", "x86_64-v3-linux-gnu"] } },
    };
    const { results, double } = await runSession({ ctor: { source: FIXTURE, stages: DOCKER, ...STABLE } }, [call]);
    expect(results[0]!.value).toEqual([
      "ghcr.io/matrix-construct/tuwunel:v0.3.1-release-all-x86_64-v1-linux-gnu",
      "ghcr.io/matrix-construct/tuwunel:v0.3.1-release-all-x86_64-v3-linux-gnu",
    ]);
    expect(double.published).toEqual([]);
    expect(double.dockerBuilds).toEqual([]);
  });

  it("pushes each cell's image with the secret by reference: the module never sees its plaintext", async () => {
    const plaintext = "ghp_bakeryTestToken_9f8e7d";
    let setup = 0;
    const { results, double } = await runSession(
      {
        ctor: { source: FIXTURE, stages: DOCKER, ...STABLE },
        // the caller makes the secret (as the CLI does from env:…) and passes it by ID
        before: async (d) => {
          const id = await secret(d, plaintext);
          setup = d.queries.length;
          return { token: id };
        },
      },
      [{ fn: "publish.dockerIo", args: { username: "bakery", token: "$token" }, groupArgs: { publish: { ref: "main", cargoProfiles: ["test", "release"] } } }],
    );
    expect(results[0]!.error).toBeUndefined();
    expect(results[0]!.value).toEqual([
      expect.stringMatching(/^docker\.io\/jevolk\/tuwunel:main-test-all-x86_64-v1-linux-gnu@sha256:[0-9a-f]{64}$/),
      expect.stringMatching(/^docker\.io\/jevolk\/tuwunel:main-release-all-x86_64-v1-linux-gnu@sha256:[0-9a-f]{64}$/),
    ]);
    expect(double.published.map((p) => p.address)).toEqual([
      "docker.io/jevolk/tuwunel:main-test-all-x86_64-v1-linux-gnu",
      "docker.io/jevolk/tuwunel:main-release-all-x86_64-v1-linux-gnu",
    ]);
    const moduleQueries = double.queries.slice(setup).map((q) => q.query);
    expect(moduleQueries.filter((q) => q.includes(plaintext))).toEqual([]);
    expect(moduleQueries.some((q) => /\bplaintext\b/.test(q))).toBe(false);
    expect(moduleQueries.filter((q) => q.includes("withRegistryAuth"))).toHaveLength(2);
    expectValidQueries(double);
  });

  it("(control: the double hands a set secret's plaintext to whoever asks, so a module reading it would be seen)", async () => {
    const d = await sharedDouble();
    d.reset();
    const id = await secret(d, "ghp_control_1234");
    const r = await d.run(`{ node(id: "${id}") { ... on Secret { plaintext } } }`);
    expect((r.data as { node: { plaintext: string } }).node.plaintext).toBe("ghp_control_1234");
  });
});
