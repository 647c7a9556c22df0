/**
 * docker/bake.sh: the seed's command line on bakery. Every seed target and group becomes a
 * `dagger call` of a target bakery resolves, or a refusal that says why; the axis variables become
 * constructor flags and matrix lists; print mode runs nothing, and run mode runs what it prints.
 */
import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { AXES, AXIS_KEYS } from "../../.dagger/src/config/axes.js";
import { kebab } from "../../.dagger/src/names.js";
import { resolveTarget } from "../../.dagger/src/matrix/targets.js";
import { REPO_ROOT } from "../harness/schema.js";

const SCRIPT = join(REPO_ROOT, "docker/bake.sh");

/** The seed's 78 targets (bake.hcl), as the reference's target table lists them. */
const SEED_TARGETS = [
  // base systems
  "system", "base", "runtime", "valgrind", "perf", "builder", "kitchen",
  // toolchain
  "rustup", "rust",
  // source and dependency acquisition
  "source", "source-rust", "ingredients", "preparing", "recipe",
  // RocksDB
  "rocksdb-fetch", "rocksdb-build", "rocksdb",
  // dependency cook stages
  "deps-base", "deps-check", "deps-clippy", "deps-build", "deps-build-tests", "deps-build-bins",
  // workspace builds and their leaves
  "cargo", "check", "clippy", "build", "build-tests", "build-bins", "docs", "unit", "unit-valgrind", "integ", "integ-valgrind", "doc",
  // lints and documents
  "fmt", "typos", "lychee", "audit", "book",
  // install and images
  "install", "install-valgrind", "install-perf", "static", "docker", "oci", "ghcr_io", "docker_io",
  // smoke tests
  "tests-smoke", "smoke-version", "smoke-startup", "smoke-valgrind", "smoke-perf", "smoke-nix",
  // packages
  "build-deb", "deb", "deb-install", "build-rpm", "rpm", "rpm-install", "apt-repo-install", "build-nix", "nix",
  // Complement
  "complement-config", "complement-base", "complement-tester", "complement-testee", "complement-tester-valgrind", "complement-testee-valgrind",
  // complement-crypto
  "complement-crypto-deps", "complement-crypto-base", "complement-crypto-tester",
  // MAS, Playwright, matrix-rust-sdk
  "mas-testee", "playwright-base", "playwright-tester", "playwright-testee", "rust-sdk-integ", "rust-sdk-valgrind",
] as const;

/** The seed's 16 groups. */
const SEED_GROUPS = [
  "default", "lints", "tests", "matrix-compliance", "complement", "complement-crypto", "mas", "playwright",
  "integration", "smoke", "installs", "pkg", "publish", "deps", "sources", "systems",
] as const;

/** What bakery does not provide; every other seed name must translate. */
const NOT_PROVIDED = [
  "ghcr_io", "docker_io", "apt-repo-install",
  "complement-crypto-deps", "complement-crypto-base", "complement-crypto-tester",
  "mas-testee", "playwright-base", "playwright-tester", "playwright-testee",
  "complement-crypto", "mas", "playwright", "publish",
];

const BAKE_AXES = ["cargo_profile", "rust_toolchain", "rust_target", "feat_set", "sys_name", "sys_version", "sys_target"] as const;
const PLURALS = ["cargo_profiles", "rust_toolchains", "rust_targets", "feat_sets", "sys_names", "sys_versions", "sys_targets"] as const;

interface Run {
  status: number;
  stdout: string;
  stderr: string;
}

/** The shim with only the given environment (and PATH, HOME). */
function bake(args: string[], env: Record<string, string> = {}, path = process.env.PATH ?? "/usr/bin:/bin"): Run {
  const r = spawnSync("bash", [SCRIPT, ...args], {
    cwd: REPO_ROOT,
    encoding: "utf8",
    env: { PATH: path, HOME: process.env.HOME ?? "/tmp", ...env },
  });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/**
 * The lists of a matrix call when no plural variable is set: bakery's constructor defaults (which
 * are bake.sh's), one value each, so the call runs one cell.
 */
const ONE_CELL = AXIS_KEYS.map((a) => `--${kebab(a)}s=${AXES[a].default}`).join(" ");

const lines = (s: string): string[] => s.split("\n").filter((l) => l.length > 0);

/**
 * The bakery target of a printed command: the `--target=` of a matrix call, else the function
 * path after the constructor flags (`installs oci export …` is installs:oci).
 */
function bakeryTarget(line: string): string {
  const words = line.split(" ");
  expect(words.slice(0, 2), line).toEqual(["dagger", "call"]);
  let i = 2;
  while (i < words.length && words[i]!.startsWith("--")) i++;
  if (words[i] === "matrix") {
    const t = words.slice(i + 1).find((w) => w.startsWith("--target="));
    expect(t, line).toBeDefined();
    return t!.slice("--target=".length);
  }
  const path: string[] = [];
  for (; i < words.length && words[i] !== "export" && !words[i]!.startsWith("--"); i++) path.push(words[i]!);
  return path.join(":");
}

describe("the translation table", () => {
  it("holds the seed's 78 targets and 16 groups, each once", () => {
    expect(SEED_TARGETS).toHaveLength(78);
    expect(SEED_GROUPS).toHaveLength(16);
    expect(new Set([...SEED_TARGETS, ...SEED_GROUPS]).size).toBe(94);
  });

  it("every seed target and group becomes a target bakery resolves, or is refused as not provided", () => {
    const names = [...SEED_TARGETS, ...SEED_GROUPS];
    const translated: string[] = [];
    const refused: string[] = [];
    for (const name of names) {
      const r = bake(["--print", name]);
      if (r.status === 0) {
        const cmds = lines(r.stdout);
        expect(cmds.length, name).toBeGreaterThan(0);
        for (const cmd of cmds) {
          const target = bakeryTarget(cmd);
          expect(() => resolveTarget(target), `${name} -> ${cmd}`).not.toThrow();
        }
        translated.push(name);
      } else {
        expect(r.status, `${name}: ${r.stderr}`).toBe(2);
        expect(r.stderr, name).toMatch(new RegExp(`${name}: not provided: \\S`));
        expect(r.stdout, name).toBe("");
        refused.push(name);
      }
    }
    expect(translated.length + refused.length).toBe(names.length);
    expect(refused.sort()).toEqual([...NOT_PROVIDED].sort());
  });

  it("maps the seed's stages to the nearest bakery layer or function", () => {
    const expected: Record<string, string> = {
      base: "system", builder: "system", kitchen: "kitchen", rustup: "rust", rust: "rust",
      ingredients: "recipe", preparing: "recipe", recipe: "recipe", "rocksdb-build": "rocksdb",
      "deps-base": "cell-env", "deps-clippy": "deps-meta", "deps-build-tests": "deps-code", "deps-build-bins": "deps-code",
      "build-tests": "build-tests", "build-bins": "build-bins", clippy: "clippy", check: "lints:check",
      runtime: "installs:install", valgrind: "installs:install-valgrind", perf: "installs:install-perf",
      "build-deb": "pkg:deb", "smoke-nix": "pkg:smoke-nix", "complement-testee-valgrind": "complement:complement-valgrind",
      lints: "lints", complement: "complement",
    };
    for (const [seed, bakery] of Object.entries(expected)) {
      expect(lines(bake(["--print", seed]).stdout).map(bakeryTarget), seed).toEqual([bakery]);
    }
  });

  it("exports what the seed exported, named after bakery_name", () => {
    expect(lines(bake(["--print", "oci", "static", "deb", "rpm", "book", "docs"]).stdout)).toEqual([
      "dagger call installs oci export --path=tuwunel-oci.tar",
      "dagger call installs static export --path=tuwunel",
      "dagger call pkg deb export --path=tuwunel.deb",
      "dagger call pkg rpm export --path=tuwunel.rpm",
      "dagger call pkg book export --path=tuwunel-book",
      "dagger call pkg docs export --path=tuwunel-docs",
    ]);
    expect(bake(["--print", "deb"], { bakery_name: "conduwuit" }).stdout).toBe("dagger call pkg deb export --path=conduwuit.deb\n");
  });

  it("a bakery group runs as a matrix of one cell, every list given (matrix's own defaults are 12 cells)", () => {
    expect(ONE_CELL.split(" ")).toHaveLength(7);
    expect(ONE_CELL).not.toContain(",");
    expect(bake(["--print", "lints"]).stdout).toBe(`dagger call matrix ${ONE_CELL} run --target=lints\n`);
    // The cell is the constructor's: its singular variables, else the defaults.
    expect(bake(["--print", "complement"], { cargo_profile: "bench", sys_target: "x86_64-v3-linux-gnu" }).stdout).toBe(
      `dagger call --cargo-profile=bench --sys-target=x86_64-v3-linux-gnu matrix ${ONE_CELL.replace("profiles=test", "profiles=bench").replace("v1", "v3")} run --target=complement\n`,
    );
  });

  it("a command is printed once however many seed names reach it", () => {
    expect(lines(bake(["--print", "lints", "deb", "build-deb", "lints"]).stdout)).toEqual([
      `dagger call matrix ${ONE_CELL} run --target=lints`,
      "dagger call pkg deb export --path=tuwunel.deb",
    ]);
  });

  it("the publish targets say how to publish with bakery", () => {
    for (const [seed, fn] of [["ghcr_io", "ghcr-io"], ["docker_io", "docker-io"]] as const) {
      const r = bake(["--print", seed]);
      expect(r.status).toBe(2);
      expect(r.stderr).toContain(`dagger call [axis flags] publish --ref=<git ref> ${fn}`);
    }
  });

  it("--list names every seed target and group", () => {
    const r = bake(["--list"]);
    expect(r.status, r.stderr).toBe(0);
    const listed = new Set(lines(r.stdout).filter((l) => !l.startsWith("#")).map((l) => l.split(/\s+/)[0]));
    for (const name of [...SEED_TARGETS, ...SEED_GROUPS]) expect(listed.has(name), name).toBe(true);
    expect(listed.size).toBe(94);
    expect(r.stdout).toMatch(/^mas-testee\s+not provided: /m);
  });
});

describe("the axis variables", () => {
  const SINGLE = {
    cargo_profile: "release",
    feat_set: "default",
    rust_toolchain: "stable",
    rust_target: "aarch64-unknown-linux-gnu",
    sys_name: "ubuntu",
    sys_version: "noble",
    sys_target: "aarch64-v8-linux-gnu",
  } satisfies Record<(typeof BAKE_AXES)[number], string>;
  const CTOR =
    "--cargo-profile=release --rust-toolchain=stable --rust-target=aarch64-unknown-linux-gnu --feat-set=default " +
    "--sys-name=ubuntu --sys-version=noble --sys-target=aarch64-v8-linux-gnu";

  it("each singular variable becomes its constructor flag, in the constructor's order", () => {
    // The environment's order does not matter: reversed here.
    const env = Object.fromEntries(Object.entries(SINGLE).reverse());
    const r = bake(["--print", "clippy", "oci"], env);
    expect(r.status, r.stderr).toBe(0);
    expect(lines(r.stdout)).toEqual([`dagger call ${CTOR} clippy`, `dagger call ${CTOR} installs oci export --path=tuwunel-oci.tar`]);
  });

  it("only the variables that are set (and not empty) become flags", () => {
    expect(bake(["--print", "unit"], { feat_set: "none", sys_target: "x86_64-v3-linux-gnu", cargo_profile: "" }).stdout).toBe(
      "dagger call --feat-set=none --sys-target=x86_64-v3-linux-gnu tests unit\n",
    );
    expect(bake(["--print", "rocksdb"]).stdout).toBe("dagger call rocksdb\n");
  });

  it("the targets come from the arguments, else $bake_target, else the seed's default group", () => {
    expect(lines(bake(["--print"], { bake_target: "fmt  clippy" }).stdout)).toEqual(["dagger call lints fmt", "dagger call clippy"]);
    expect(lines(bake(["--print", "audit"], { bake_target: "fmt" }).stdout)).toEqual(["dagger call lints audit"]);
    const d = lines(bake(["--print"]).stdout);
    expect(d[0]).toBe(`dagger call matrix ${ONE_CELL} run --target=lints`);
    expect(d).toContain("dagger call tests unit");
    expect(d).toContain(`dagger call matrix ${ONE_CELL} run --target=complement`);
  });

  it("plural JSON arrays become the matrix's lists, whitespace allowed", () => {
    const env = {
      cargo_profiles: '["test","release"]',
      feat_sets: ' [ "none" ,\n "all" ] ',
      rust_toolchains: '["nightly","stable"]',
      rust_targets: '["x86_64-unknown-linux-gnu"]',
      sys_names: '["debian"]',
      sys_versions: '["testing-slim","trixie-slim"]',
      sys_targets: '["x86_64-v1-linux-gnu","x86_64-v3-linux-gnu"]',
    } satisfies Record<(typeof PLURALS)[number], string>;
    const r = bake(["--print", "clippy", "lints"], env);
    expect(r.status, r.stderr).toBe(0);
    const lists =
      "--cargo-profiles=test,release --rust-toolchains=nightly,stable --rust-targets=x86_64-unknown-linux-gnu --feat-sets=none,all " +
      "--sys-names=debian --sys-versions=testing-slim,trixie-slim --sys-targets=x86_64-v1-linux-gnu,x86_64-v3-linux-gnu";
    expect(lines(r.stdout)).toEqual([`dagger call matrix ${lists} run --target=clippy`, `dagger call matrix ${lists} run --target=lints`]);
  });

  it("one plural variable is enough for the matrix; the other axes take their singular variable, else the default", () => {
    expect(bake(["--print", "oci"], { feat_sets: '["none","all"]' }).stdout).toBe(
      `dagger call matrix ${ONE_CELL.replace("feat-sets=all", "feat-sets=none,all")} run --target=installs:oci\n`,
    );
    const r = bake(["--print", "unit"], { cargo_profile: "bench", rust_toolchain: "stable", sys_targets: '["x86_64-v2-linux-gnu","x86_64-v4-linux-gnu"]' });
    expect(r.stdout).toBe(
      "dagger call --cargo-profile=bench --rust-toolchain=stable matrix " +
        "--cargo-profiles=bench --rust-toolchains=stable --rust-targets=x86_64-unknown-linux-gnu --feat-sets=all " +
        "--sys-names=debian --sys-versions=testing-slim --sys-targets=x86_64-v2-linux-gnu,x86_64-v4-linux-gnu run --target=tests:unit\n",
    );
  });

  it("a plural variable wins over its singular one in the lists; the singular stays a constructor flag", () => {
    expect(bake(["--print", "clippy"], { cargo_profile: "release", cargo_profiles: '["test","bench"]' }).stdout).toBe(
      `dagger call --cargo-profile=release matrix ${ONE_CELL.replace("profiles=test", "profiles=test,bench")} run --target=clippy\n`,
    );
  });
});

describe("errors", () => {
  const MALFORMED = [
    "{}",
    '{"a":"b"}',
    "[1]",
    '["a",2]',
    '[["a"]]',
    '["a"',
    '["a',
    "[]",
    "  [ ]  ",
    '["a",]',
    '[,"a"]',
    '["a" "b"]',
    '["a"] ["b"]',
    '[""]',
    "test",
    '"test"',
    '["a\\"b"]',
    '["a,b"]',
    '["a b"]',
    '["a/b"]',
    '["$x"]',
  ];

  it.each(MALFORMED)("%j in a plural variable: status 2, the variable named", (value) => {
    for (const variable of ["cargo_profiles", "sys_targets"]) {
      const r = bake(["--print", "clippy"], { [variable]: value });
      expect(r.status, `${variable}=${value}`).toBe(2);
      expect(r.stderr).toContain(variable);
      expect(r.stdout).toBe("");
    }
  });

  it("names the value of a malformed array, and a value it cannot pass on", () => {
    expect(bake(["clippy"], { feat_sets: "[1]" }).stderr).toContain("feat_sets='[1]' is not a JSON array");
    expect(bake(["clippy"], { feat_sets: '["a","b,c"]' }).stderr).toMatch(/feat_sets: "b,c" contains a comma/);
    expect(bake(["clippy"], { feat_sets: '["a;b"]' }).stderr).toMatch(/feat_sets: "a;b" has characters other than/);
  });

  it("a singular value with a comma cannot be one value of a matrix list; bakery judges it otherwise", () => {
    const grouped = bake(["--print", "lints"], { feat_set: "all,none" });
    expect(grouped.status).toBe(2);
    expect(grouped.stderr).toContain('feat_set: "all,none" contains a comma');
    expect(bake(["--print", "clippy"], { feat_set: "all,none", cargo_profiles: '["test"]' }).status).toBe(2);
    const single = bake(["--print", "clippy"], { feat_set: "all,none" });
    expect(single.status).toBe(0);
    expect(single.stdout).toBe("dagger call --feat-set=all,none clippy\n");
  });

  it("an unknown target: status 2, named, pointing at --list; nothing runs", () => {
    const r = bake(["--print", "clippy", "no-such-target"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('"no-such-target"');
    expect(r.stderr).toContain("docker/bake.sh --list");
    expect(r.stdout).toBe("");
  });
});

describe("print mode and run mode", () => {
  const dir = mkdtempSync(join(process.env.BAKERY_SCRATCH ?? tmpdir(), "bake-shim-"));
  const marker = join(dir, "dagger-calls");
  // A fake dagger: records each call's arguments, one a line, and fails on `tests doc`.
  writeFileSync(
    join(dir, "dagger"),
    [
      "#!/usr/bin/env bash",
      `{ echo '--- call'; printf '%s\\n' "$@"; } >> '${marker}'`,
      'if [[ " $* " == *" tests doc "* ]]; then exit 3; fi',
      "exit 0",
      "",
    ].join("\n"),
  );
  chmodSync(join(dir, "dagger"), 0o755);
  const PATH = `${dir}:${process.env.PATH ?? "/usr/bin:/bin"}`;
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** The calls the fake dagger received, each as its argument list. */
  const calls = (): string[][] =>
    existsSync(marker)
      ? readFileSync(marker, "utf8")
          .split("--- call\n")
          .filter((c) => c.length > 0)
          .map((c) => c.replace(/\n$/, "").split("\n"))
      : [];
  const reset = (): void => rmSync(marker, { force: true });

  const env = { cargo_profile: "release", sys_target: "x86_64-v3-linux-gnu" };
  const targets = ["clippy", "unit", "oci", "deb", "lints"];

  it("NO_BAKE=1 and --print print the commands and run nothing", () => {
    reset();
    const printed = bake(["--print", ...targets], env, PATH);
    expect(printed.status, printed.stderr).toBe(0);
    const noBake = bake(targets, { ...env, NO_BAKE: "1" }, PATH);
    expect(noBake.status, noBake.stderr).toBe(0);
    expect(noBake.stdout).toBe(printed.stdout);
    expect(lines(printed.stdout)).toHaveLength(5);
    expect(existsSync(marker)).toBe(false);
  });

  it("without print mode, dagger receives exactly the printed arguments, in order, echoed to stderr", () => {
    reset();
    const printed = lines(bake(["--print", ...targets], env, PATH).stdout);
    const r = bake(targets, env, PATH);
    expect(r.status, r.stderr).toBe(0);
    expect(calls()).toEqual(printed.map((l) => l.split(" ").slice(1)));
    for (const l of printed) expect(r.stderr).toContain(`+ ${l}\n`);
    expect(r.stdout).toBe("");
  });

  it("a value with a space reaches dagger as one argument", () => {
    reset();
    const printed = bake(["--print", "clippy"], { cargo_profile: "two words" }, PATH).stdout;
    expect(printed).toBe("dagger call --cargo-profile=two\\ words clippy\n");
    expect(bake(["clippy"], { cargo_profile: "two words" }, PATH).status).toBe(0);
    expect(calls()).toEqual([["call", "--cargo-profile=two words", "clippy"]]);
  });

  it("stops at the first failing command with its status", () => {
    reset();
    const r = bake(["unit", "doc", "integ"], {}, PATH);
    expect(r.status).toBe(3);
    expect(calls()).toEqual([
      ["call", "tests", "unit"],
      ["call", "tests", "doc"],
    ]);
    expect(r.stderr).toContain("failed (status 3): dagger call tests doc");
  });

  it("a refused target runs nothing, even beside good ones", () => {
    reset();
    const r = bake(["clippy", "mas"], {}, PATH);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("mas: not provided");
    expect(existsSync(marker)).toBe(false);
  });
});

const shellcheck = spawnSync("shellcheck", ["--version"]).status === 0;

describe("the script", () => {
  it("is executable", () => {
    const r = spawnSync(SCRIPT, ["--help"], { encoding: "utf8" });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain("docker/bake.sh [--print] [target...]");
  });

  it.skipIf(!shellcheck)("is shellcheck-clean at --severity=style", () => {
    const r = spawnSync("shellcheck", ["--severity=style", SCRIPT], { encoding: "utf8" });
    expect(r.status, r.stdout + r.stderr).toBe(0);
  });
});
