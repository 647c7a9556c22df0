/**
 * The host commands (npm run plan, functions) read through a pipe, as a user pipes them into jq
 * or wc: all of their JSON arrives, however long it is. A pipe is written asynchronously, and a
 * process that exits at once cuts what it has not drained (at 64 KiB).
 */
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "./schema.js";

/**
 * A host command's stdout through a shell pipe (`| cat`), and its status: run as package.json's
 * scripts run it, by tsx's CLI (which runs the script in a child of its own).
 */
function piped(script: string, args: string[]): { status: number | null; stdout: string; stderr: string } {
  const quoted = args.map((a) => `'${a}'`).join(" ");
  const r = spawnSync("bash", ["-c", `set -o pipefail; npx --no-install tsx tests/harness/${script} ${quoted} | cat`], { cwd: REPO_ROOT, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("host commands through a pipe", () => {
  it("npm run plan -- … --json: the whole plan of many targets (far over 64 KiB) parses", { timeout: 120_000 }, () => {
    const r = piped("plan-cli.ts", ["lints", "tests", "smokes", "pkg", "installs:install", "installs:docker", "installs:oci", "--json"]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.length).toBeGreaterThan(65_536);
    expect(JSON.parse(r.stdout)).toHaveProperty("targets");
  });

  it("npm run plan with a bad argument: its usage arrives whole on stderr, exit 2", () => {
    const r = piped("plan-cli.ts", ["lints", "--no-such-flag", "x"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/plan: unknown argument --no-such-flag[^]*\nusage: npm run plan -- /);
  });

  it("npm run functions -- --json: the whole API parses", { timeout: 120_000 }, () => {
    const r = piped("functions-cli.ts", ["--json"]);
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toHaveProperty("objects");
  });
});
