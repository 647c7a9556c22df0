/**
 * The Docker lane: the stage builds the module asks for, replayed on a real Docker engine with
 * BuildKit (started by run.sh). The requests come from the engine double's record of a real
 * module session (fixture workspace, default cell), so the lane builds exactly the Dockerfile
 * text, target, build args and platform that `dagger call` would send.
 *
 * Built for real: the system stages (apt from Debian's mirror), the runtime images the smoke
 * tests use (RocksDB's libraries for a dynamic binary, valgrind, perf), the RocksDB stages
 * against a stand-in source, Complement's tester (against a stand-in Go module) and testee,
 * and every docker/lib script's own checks. Not built: the toolchain and cargo-tool stages past
 * their download (static.rust-lang.org and crates.io are unreachable here). Not run: a
 * Complement run's own Docker daemon (it needs privileges this lab does not give a container);
 * the run script is exercised with the daemon stubbed.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { parseDockerfile, planBuild } from "../harness/dockerfile.js";
import type { DockerBuildRequest } from "../harness/engine-double.js";
import { REPO_ROOT, runSession } from "../harness/module.js";
import { buildArgs, docker, dockerOk, inLab, LAB, materialize } from "./docker.js";
import { scratch } from "../harness/scratch.js";
import { formatResults, parseTestEvents } from "../../.dagger/src/complement/results.js";
import { RUSTUP_VERSION } from "../../.dagger/src/defaults.js";
import { spawnSync } from "node:child_process";

const FIXTURE = join(REPO_ROOT, "tests/fixtures/workspace");
const STANDIN = join(REPO_ROOT, "tests/docker/rocksdb-standin");
const COMPLEMENT_STANDIN = join(REPO_ROOT, "tests/docker/complement-standin");
const BUILDER_TAG = "bakery-lab/builder";

/** Every RUN step matching `step` in a plain-progress build log was a cache hit. */
function expectCachedRuns(log: string, step: RegExp): void {
  const runs = log.split("\n").filter((l) => step.test(l));
  expect(runs.length).toBeGreaterThan(0);
  for (const l of runs) expect(log, l).toContain(`${l.split(" ")[0]} CACHED`);
}

let requests: DockerBuildRequest[] = [];
const request = (target: string, args: Record<string, string> = {}): DockerBuildRequest => {
  const r = requests.find((x) => x.target === target && Object.entries(args).every(([k, v]) => x.buildArgs[k] === v));
  if (!r) throw new Error(`the module asked for no "${target}" build like ${JSON.stringify(args)}; it asked for ${requests.map((x) => x.target).join(", ")}`);
  return r;
};

describe.runIf(inLab)("Docker lane", () => {
  beforeAll(async () => {
    const { double, results } = await runSession({ ctor: { source: FIXTURE, stages: join(REPO_ROOT, "docker") } }, [
      { fn: "system" },
      { fn: "tools" },
      { fn: "rust" },
      { fn: "rocksdb" },
      { fn: "smokes.smokeStartup" },
      { fn: "smokes.smokeValgrind" },
      { fn: "smokes.smokePerf" },
      { fn: "installs.docker" },
      { fn: "pkg.debInstall" },
      { fn: "complement.complementTester" },
      { fn: "complement.complementTestee" },
      { fn: "complement.complementTestee", args: { valgrind: true } },
    ]);
    for (const r of results) if (r.error) throw r.error;
    requests = [...double.dockerBuilds];
  });

  it("the module asked for the system, toolchain, tool, rocksdb, runtime, image and Complement stage builds", () => {
    expect([...new Set(requests.map((r) => r.target))].sort()).toEqual([
      "builder", "cargo-tool", "complement-testee", "complement-testee-valgrind", "complement-tester", "image", "rocksdb", "runtime", "rust", "system", "tools-toolchain",
    ]);
    // plain, valgrind and perf (each function call asks again; identical requests are one build)
    expect(new Set(requests.filter((r) => r.target === "runtime").map((r) => r.buildArgs.runtime_packages)).size).toBe(3);
  });

  it("imports the debootstrapped base under the image name the module's Dockerfile uses", () => {
    const req = request("builder");
    const text = req.context.file(req.dockerfile)!.bytes().toString("utf8");
    const first = planBuild(parseDockerfile(text), req.target, req.buildArgs, req.platform)[0]!.steps[0]!;
    expect(first.kind).toBe("from");
    const image = (first as { address: string }).address;
    expect(image).toBe("debian:testing-slim");
    dockerOk(["import", "-c", 'CMD ["bash"]', "-", image], readFileSync(process.env.BAKERY_LAB_ROOTFS!));
    expect(dockerOk(["image", "ls", "--format", "{{.Repository}}:{{.Tag}}"])).toContain(image);
  });

  it("builds the system stages for real: base and build packages from the Debian mirror", () => {
    const req = request("builder");
    const ctx = materialize(req);
    dockerOk(buildArgs(req, ctx, ["--load", "--tag", BUILDER_TAG]));
    const out = dockerOk([
      "run", "--rm", "--network=none", BUILDER_TAG, "sh", "-ec",
      "dpkg -s adduser ca-certificates procps clang cmake g++ libzstd-dev liburing-dev >/dev/null && echo packages-ok; " +
        "test -f /usr/local/lib/bakery/static-cxx/libstdc++.a && echo static-cxx-ok; " +
        "ls /var/cache/apt/archives | grep -c '\\.deb$' || true; ls /var/lib/apt/lists | grep -c Packages || true",
    ]);
    const lines = out.trim().split("\n");
    expect(lines.slice(0, 2)).toEqual(["packages-ok", "static-cxx-ok"]);
    // apt's downloads stayed in the cache mounts, not in the image
    expect(lines.slice(2)).toEqual(["0", "0"]);
  });

  it("rebuilding an unchanged stage is fully cached (the stage is deterministic)", () => {
    const req = request("builder");
    const r = docker(buildArgs(req, materialize(req), ["--load", "--tag", BUILDER_TAG]));
    expect(r.status).toBe(0);
    expectCachedRuns(r.stderr + r.stdout, /\[(system|builder) \d+\/\d+\] RUN/);
  });

  it("builds the rocksdb stages for real against a stand-in source, on the cached system stages", () => {
    const req = request("rocksdb");
    const out = join(LAB, "rocksdb-out");
    const r = docker(buildArgs(req, materialize(req, { rocksdb: STANDIN }), ["--output", `type=local,dest=${out}`]));
    expect(r.status, r.stderr.slice(-2000)).toBe(0);
    // the builder stage is shared with the system build: every one of its RUNs is cached
    expectCachedRuns(r.stderr + r.stdout, /\[builder \d+\/\d+\] RUN/);
    // the scratch stage holds the library and headers, nothing else
    expect(readFileSync(join(out, "lib/librocksdb.a")).subarray(0, 8).toString()).toBe("!<arch>\n");
    expect(existsSync(join(out, "include/rocksdb/standin.h"))).toBe(true);
    const options = Object.fromEntries(
      readFileSync(join(out, "include/rocksdb/standin-options.txt"), "utf8").trim().split("\n").map((l) => l.split(/=(.*)/s).slice(0, 2)),
    );
    const want = req.buildArgs.rocksdb_with!.split(" ");
    expect(options).toMatchObject({
      CMAKE_BUILD_TYPE: "Release",
      CMAKE_CXX_COMPILER_ID: "Clang",
      PORTABLE: req.buildArgs.rocksdb_portable,
      CMAKE_CXX_FLAGS: req.buildArgs.rocksdb_cxx_flags,
      BUILD_SHARED_LIBS: "OFF",
      WITH_ZSTD: want.includes("zstd") ? "ON" : "OFF",
      WITH_LZ4: want.includes("lz4") ? "ON" : "OFF",
      WITH_BZ2: want.includes("bz2") ? "ON" : "OFF",
      WITH_LIBURING: want.includes("liburing") ? "ON" : "OFF",
      WITH_JEMALLOC: "OFF",
      USE_RTTI: "OFF",
    });
  });

  it("builds the runtime images for real: a dynamic binary's libraries, and valgrind and perf that run", () => {
    const runtimes = requests.filter((r, i, all) => r.target === "runtime" && all.findIndex((x) => x.target === "runtime" && x.buildArgs.runtime_packages === r.buildArgs.runtime_packages) === i);
    for (const req of runtimes) {
      const packages = req.buildArgs.runtime_packages!.split(" ");
      const tag = `bakery-lab/runtime-${packages.includes("valgrind") ? "valgrind" : packages.includes("linux-perf") ? "perf" : "plain"}`;
      // runtime-plain is used again below, by the linkage check
      dockerOk(buildArgs(req, materialize(req), ["--load", "--tag", tag]));
      const tool = packages.includes("valgrind") ? "valgrind --version" : packages.includes("linux-perf") ? "perf --version" : "true";
      const out = dockerOk(["run", "--rm", "--network=none", tag, "sh", "-ec", `dpkg -s ${packages.join(" ")} >/dev/null && ${tool}`]);
      if (tool !== "true") expect(out, tag).toMatch(/^(valgrind-\d|perf version \d)/);
    }
    // the perf image has perf: the seed's never did
    expect(runtimes.some((r) => r.buildArgs.runtime_packages!.split(" ").includes("linux-perf"))).toBe(true);
  });

  it("builds the service image's stage for real: run-time libraries and an unprivileged user owning its home", () => {
    const req = request("image");
    dockerOk(buildArgs(req, materialize(req), ["--load", "--tag", "bakery-lab/image"]));
    const user = req.buildArgs.image_user!;
    const out = dockerOk([
      "run", "--rm", "--network=none", "bakery-lab/image", "sh", "-ec",
      `dpkg -s ${req.buildArgs.runtime_packages} >/dev/null && id -u ${user} && stat -c %U /var/lib/${user} && getent passwd ${user} | cut -d: -f7`,
    ]).trim().split("\n");
    expect(Number(out[0])).toBeGreaterThan(0);
    expect(out.slice(1)).toEqual([user, "/usr/sbin/nologin"]);
  });

  it("check-linkage.sh tells a static binary from a dynamic one, and a missing library, for real", () => {
    const program = "int main(void) { return 0; }";
    const uring = "#include <liburing.h>\nint main(void) { struct io_uring r; return io_uring_queue_init(1, &r, 0) == -1; }";
    dockerOk([
      "run", "--rm", "--network=none", "-v", `${LAB}:/lab`, BUILDER_TAG, "sh", "-ec",
      `printf '%s' '${program}' > /tmp/p.c && gcc -static -o /lab/static /tmp/p.c && gcc -o /lab/dynamic /tmp/p.c && ` +
        `printf '${uring}' > /tmp/u.c && gcc -o /lab/uring /tmp/u.c -luring`,
    ]);
    const check = (image: string, mode: string, bin: string) =>
      // bakery mounts the script for the check (it is in no image): so does the lane
      docker(["run", "--rm", "--network=none", "-v", `${LAB}:/lab:ro`, "-v", `${join(REPO_ROOT, "docker/lib/check-linkage.sh")}:/usr/local/lib/bakery/check-linkage.sh:ro`, image, "/usr/local/lib/bakery/check-linkage.sh", mode, `/lab/${bin}`]);
    expect(check(BUILDER_TAG, "static", "static").status).toBe(0);
    expect(check(BUILDER_TAG, "dynamic", "dynamic").status).toBe(0);
    const wrong = check(BUILDER_TAG, "static", "dynamic");
    expect(wrong.status).toBe(1);
    expect(wrong.stderr).toContain("should be static but needs shared libraries");
    // the slim system image lacks liburing: the runtime packages are what makes a dynamic binary run
    const base = request("system");
    dockerOk(buildArgs(base, materialize(base), ["--load", "--tag", "bakery-lab/system"]));
    const missing = check("bakery-lab/system", "dynamic", "uring");
    expect(missing.status).toBe(1);
    expect(missing.stdout).toMatch(/liburing\.so\.\d+ => not found/);
    expect(check("bakery-lab/runtime-plain", "dynamic", "uring").status).toBe(0);
  });

  it("package-install-check.sh installs a .deb with apt in the clean system and checks its units, for real (binary in sbin, as tuwunel's)", () => {
    const make = (name: string, exec: string) =>
      dockerOk([
        "run", "--rm", "--network=none", "-v", `${LAB}:/lab`, BUILDER_TAG, "sh", "-ec",
        `d=/tmp/${name}; mkdir -p $d/DEBIAN $d/usr/sbin $d/lib/systemd/system && ` +
          `printf 'Package: ${name}\nVersion: 1.0\nArchitecture: all\nMaintainer: bakery <bakery@example.org>\nDepends: procps\nDescription: lane probe\n' > $d/DEBIAN/control && ` +
          `printf '#!/bin/sh\necho "${name} 1.0"\n' > $d/usr/sbin/${name} && chmod 755 $d/usr/sbin/${name} && ` +
          `printf '[Service]\nExecStart=${exec}\n' > $d/lib/systemd/system/${name}.service && dpkg-deb --build --root-owner-group $d /lab/${name}.deb`,
      ]);
    make("bakery-probe", "/usr/sbin/bakery-probe");
    make("bakery-broken", "/usr/sbin/bakery-missing");
    const run = (name: string) =>
      docker(["run", "--rm", "--network=host", "-v", `${LAB}:/lab:ro`, "-v", `${join(REPO_ROOT, "docker/lib")}:/lib-under-test:ro`, "bakery-lab/system",
        "sh", "/lib-under-test/package-install-check.sh", "deb", `/lab/${name}.deb`, `/usr/sbin/${name}`, "--version"]);
    const ok = run("bakery-probe");
    expect(ok.status, ok.stderr.slice(-1500)).toBe(0);
    expect(ok.stdout).toContain("package-install-check.sh: /usr/sbin/bakery-probe reports: bakery-probe 1.0");
    expect(ok.stdout).toContain("runs /usr/sbin/bakery-probe: present");
    const broken = run("bakery-broken");
    expect(broken.status).toBe(1);
    expect(broken.stderr).toContain("runs /usr/sbin/bakery-missing, which is not an installed executable");
  });

  it("runs the toolchain stage up to its download, which fails clearly without the internet", () => {
    const req = request("tools-toolchain");
    const r = docker(buildArgs(req, materialize(req), []));
    expect(r.status).not.toBe(0);
    expect(r.stderr + r.stdout).toMatch(new RegExp(`rustup-install\\.sh "?${RUSTUP_VERSION.replace(/\./g, "\\.")}`));
    expect(r.stderr + r.stdout).toMatch(/static\.rust-lang\.org|Could not resolve host|curl: \(\d+\)/);
  });

  it("builds the Complement testee stage for real: a private key made at build; at start a certificate from Complement's CA for SERVER_NAME, and the config", () => {
    const req = request("complement-testee");
    dockerOk(buildArgs(req, materialize(req), ["--load", "--tag", "bakery-lab/complement-testee"]));
    const dir = scratch("complement-testee");
    mkdirSync(join(dir, "ca"), { recursive: true });
    const ca = spawnSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=standin-ca", "-days", "1", "-keyout", join(dir, "ca/ca.key"), "-out", join(dir, "ca/ca.crt")]);
    expect(ca.status, ca.stderr.toString()).toBe(0);
    // a stand-in server where bakery adds the binary: it reports what the entrypoint prepared
    const tls = "/var/lib/complement-testee/tls";
    writeFileSync(
      join(dir, "server"),
      `#!/bin/sh\necho "args: $*"\nopenssl verify -CAfile /complement/ca/ca.crt ${tls}/server.crt\nopenssl x509 -in ${tls}/server.crt -noout -ext subjectAltName\ngrep '^server_name' /var/lib/complement-testee/homeserver.toml\n`,
      { mode: 0o755 },
    );
    const run = (env: string[]) =>
      docker(["run", "--rm", "--network=none", ...env, "-v", `${join(dir, "ca")}:/complement/ca:ro`, "-v", `${join(dir, "server")}:${req.buildArgs.complement_server}:ro`, "bakery-lab/complement-testee", "--extra"]);
    const r = run(["-e", "SERVER_NAME=hs1"]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain("args: -c /var/lib/complement-testee/homeserver.toml --extra");
    expect(r.stdout).toContain(`${tls}/server.crt: OK`);
    expect(r.stdout).toContain("DNS:hs1");
    expect(r.stdout).toContain('server_name = "hs1"');
    const bad = run(["-e", "SERVER_NAME=hs1;rm"]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("SERVER_NAME 'hs1;rm' is not a server name");
    expect(dockerOk(["run", "--rm", "--network=none", "--entrypoint", "stat", "bakery-lab/complement-testee", "-c", "%a %U", `${tls}/server.key`]).trim()).toBe("600 root");
  });

  it("builds the valgrind testee for real: the server runs under valgrind with its extra arguments", () => {
    const req = request("complement-testee-valgrind");
    dockerOk(buildArgs(req, materialize(req), ["--load", "--tag", "bakery-lab/complement-testee-valgrind"]));
    const server = join(scratch("complement-valgrind"), "server");
    writeFileSync(server, '#!/bin/sh\necho "args: $*"\n', { mode: 0o755 });
    const r = docker(["run", "--rm", "--network=none", "-e", "SERVER_NAME=hs2", "-v", `${server}:${req.buildArgs.complement_server}:ro`, "bakery-lab/complement-testee-valgrind"]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain("args: -c /var/lib/complement-testee/homeserver.toml -Odb_pool_max_workers=128");
    expect(r.stderr).toMatch(/==\d+== Memcheck/);
  });

  it("builds the Complement tester stage for real against a stand-in module: one test binary per package, the build tags applied", () => {
    const req = request("complement-tester");
    dockerOk(buildArgs(req, materialize(req, { "complement-src": COMPLEMENT_STANDIN }), ["--load", "--tag", "bakery-lab/complement-tester"]));
    const manifest = dockerOk(["run", "--rm", "--network=none", "bakery-lab/complement-tester", "cat", "/opt/complement/MANIFEST"]);
    expect(manifest.trim().split("\n").sort()).toEqual([
      "tests.test github.com/matrix-org/complement/tests tests",
      "tests_csapi.test github.com/matrix-org/complement/tests/csapi tests/csapi",
    ]);
    const refuse: [string, number, RegExp][] = [
      ["/usr/local/lib/bakery/complement-build.sh /usr/src/complement /tmp/x", 2, /usage: complement-build.sh/],
      ["/usr/local/lib/bakery/complement-build.sh /usr/src/complement /tmp/x '' ./internal/...", 1, /no package matching .\/internal\/\.\.\. has tests/],
      ["BAKERY_COMPLEMENT_COUNT=0 /usr/local/lib/bakery/complement-run.sh /tmp/t.tar /tmp/out", 2, /count '0' is not a positive integer/],
      ["/usr/local/lib/bakery/complement-run.sh /nowhere.tar /tmp/out", 2, /no testee image at \/nowhere.tar/],
    ];
    for (const [cmd, status, message] of refuse) {
      const r = docker(["run", "--rm", "--network=none", "bakery-lab/complement-tester", "sh", "-c", cmd]);
      expect(r.status, cmd).toBe(status);
      expect(r.stdout + r.stderr, cmd).toMatch(message);
    }
  });

  it("complement-run.sh runs every test binary through test2json in its package directory and records the outcomes (Docker daemon stubbed)", () => {
    // The run's own dockerd needs privileges this lab does not give; a stub answers the calls
    // the script makes, so the real test binaries, test2json and the script's logic run.
    const dir = scratch("complement-run");
    mkdirSync(join(dir, "fake"), { recursive: true });
    mkdirSync(join(dir, "out"), { recursive: true });
    writeFileSync(join(dir, "fake/dockerd"), "#!/bin/sh\nexec sleep 600\n", { mode: 0o755 });
    writeFileSync(
      join(dir, "fake/docker"),
      [
        "#!/bin/sh",
        'echo "docker $*" >>/out/docker-calls',
        'case "$1 $2" in',
        '  "load -i") echo "Loaded image ID: sha256:standin" ;;',
        '  "image inspect") echo "sha256:standin" ;;',
        "esac",
        "",
      ].join("\n"),
      { mode: 0o755 },
    );
    const r = docker([
      "run", "--rm", "--network=none", "-v", `${join(dir, "fake")}:/opt/fake:ro`, "-v", `${join(dir, "out")}:/out`,
      "-e", "BAKERY_COMPLEMENT_SKIP=TestStandinSkipList", "bakery-lab/complement-tester", "sh", "-ec",
      'PATH=/opt/fake:$PATH; touch /tmp/testee.tar; mkdir -p /var/lib/docker; /usr/local/lib/bakery/complement-run.sh /tmp/testee.tar /out',
    ]);
    expect(r.status, r.stderr).toBe(0);
    const outcomes = readFileSync(join(dir, "out/outcomes.jsonl"), "utf8");
    expect(formatResults(parseTestEvents(outcomes))).toBe(
      [
        '{"Action":"fail","Test":"TestStandinFails"}',
        '{"Action":"pass","Test":"TestStandinLogin"}',
        '{"Action":"pass","Test":"TestStandinLogin/parallel"}',
        '{"Action":"skip","Test":"TestStandinSkipped"}',
        '{"Action":"pass","Test":"TestStandinSync"}',
        '{"Action":"pass","Test":"TestStandinTagged"}',
        "",
      ].join("\n"),
    );
    // the whole stream is kept, output included; the testee was loaded and tagged for Complement
    const events = readFileSync(join(dir, "out/go-test.jsonl"), "utf8");
    expect(events).toContain("fails on purpose");
    expect(parseTestEvents(events).size).toBe(6);
    const calls = readFileSync(join(dir, "out/docker-calls"), "utf8");
    expect(calls).toContain("docker load -i /tmp/testee.tar");
    expect(calls).toContain("docker tag sha256:standin bakery-complement-testee:latest");
  });

  it("the docker/lib scripts refuse bad input with a message, run in the built image", () => {
    const run = (cmd: string) => docker(["run", "--rm", "--network=none", "-v", `${join(REPO_ROOT, "docker/lib")}:/lib-under-test:ro`, BUILDER_TAG, "sh", "-c", cmd]);
    const cases: [string, number, RegExp][] = [
      ["/lib-under-test/apt-install.sh", 2, /no packages given/],
      ["CARGO_HOME=/tmp /lib-under-test/cargo-tools-install.sh /opt/t cargo-chef", 2, /'cargo-chef' has no pinned version/],
      ["/lib-under-test/rocksdb-build.sh /nowhere /opt/x 1 ''", 1, /\/nowhere has no CMakeLists.txt/],
      ["/lib-under-test/rocksdb-build.sh /tmp /opt/x 1 '' snappy", 2, /unknown library 'snappy'/],
      ["/lib-under-test/rustup-install.sh 1.29.0", 2, /usage: rustup-install.sh/],
      ["RUSTUP_HOME=/tmp/r CARGO_HOME=/tmp/c /lib-under-test/rustup-install.sh 1.29.0 stable '' '' ftp://mirror", 2, /mirror 'ftp:\/\/mirror' is not an http\(s\) URL/],
      ["/lib-under-test/link-static-cxx.sh /tmp/cxx && test -f /tmp/cxx/libstdc++.a", 0, /link-static-cxx.sh: \/tmp\/cxx -> \/usr\/lib\/gcc\//],
    ];
    for (const [cmd, status, message] of cases) {
      const r = run(cmd);
      expect(r.status, cmd).toBe(status);
      expect(r.stdout + r.stderr, cmd).toMatch(message);
    }
  });

  it("the shell scripts are shellcheck-clean", () => {
    const scripts = [...readdirSync(join(REPO_ROOT, "docker/lib")).map((f) => `docker/lib/${f}`), "docker/bake.sh", "tests/docker/run.sh", ".ci/run"];
    expect(scripts.length).toBeGreaterThan(8);
    const r = spawnSync("shellcheck", ["--severity=style", ...scripts], { cwd: REPO_ROOT });
    expect(r.status, r.stdout.toString()).toBe(0);
  });
});
