/**
 * The Dagger CLI v0.21.8 (built by build.sh from the Go module proxy, its terminal UI stood in
 * by bakery's overlay) on the lane's engine: it connects, parses a call over the core API, runs
 * it, and its plain progress output can be read by a test.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "../harness/schema.js";
import { cli } from "../engine/lab.js";

/** Run the CLI in the repository. */
const dagger = (...args: string[]) => cli(args);

describe("the Dagger CLI on the lab's engine", () => {
  it("is v0.21.8 and talks to the lab's engine, which answers v0.21.8", () => {
    const v = dagger("version");
    expect(v.status).toBe(0);
    expect(v.stdout).toMatch(/^dagger v0\.21\.8 /);
    const core = dagger("--progress=plain", "core", "version");
    expect(core.status, core.stderr.slice(-2000)).toBe(0);
    expect(core.stdout.trim()).toBe("v0.21.8");
  });

  it("calls the core API from its arguments, with the plain progress showing the exec", () => {
    const word = `bakery-cli-${process.pid}`;
    const r = dagger("--progress=plain", "core", "container", "from", "--address", "debian:testing-slim",
      "with-exec", "--args", `echo,${word}`, "stdout");
    expect(r.status, r.stderr.slice(-4000)).toBe(0);
    expect(r.stdout.trim()).toBe(word);
    expect(r.stderr).toMatch(/withExec/);
  });

  it("fails a failing exec with a non-zero status and the command's output", () => {
    const r = dagger("--progress=plain", "core", "container", "from", "--address", "debian:testing-slim",
      "with-exec", "--args", "sh,-c,echo no-such-thing >&2; exit 3", "stdout");
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/no-such-thing/);
    expect(r.stderr).toMatch(/exit code: 3/);
  });
});

describe("the CLI loads a module through the engine's builtin SDK content", () => {
  const GREETER = join(REPO_ROOT, "tests/fixtures/greeter");

  it("a Go module of ours: `dagger functions` lists its function, `dagger call` runs it", () => {
    const fns = dagger("--progress=plain", "-m", GREETER, "functions");
    expect(fns.status, fns.stderr.slice(-4000)).toBe(0);
    expect(fns.stdout).toMatch(/^hello\s+Hello greets someone\.$/m);
    const call = dagger("--progress=plain", "-m", GREETER, "call", "hello", "--name=bakery");
    expect(call.status, call.stderr.slice(-4000)).toBe(0);
    expect(call.stdout.trim()).toBe("hello, bakery");
  });
});
