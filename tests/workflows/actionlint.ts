/**
 * actionlint, pinned, for the workflow tests: built once from the Go module proxy by name and
 * version, into a directory keyed by the version ($BAKERY_TOOL_CACHE, default ~/.cache/bakery/
 * tools), so later runs on the machine find it there.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, renameSync } from "node:fs";
import { homedir } from "node:os";
import { delimiter, join } from "node:path";

/** The pinned release (Go module github.com/rhysd/actionlint). */
export const ACTIONLINT_VERSION = "v1.7.12";

/** The path of the pinned actionlint binary, built if this machine has none yet. */
export function actionlint(): string {
  const dir = join(process.env.BAKERY_TOOL_CACHE ?? join(homedir(), ".cache", "bakery", "tools"), `actionlint-${ACTIONLINT_VERSION}`);
  const bin = join(dir, "actionlint");
  if (existsSync(bin)) return bin;
  // built beside, then moved in: a build that fails leaves nothing half-written at the path
  const tmp = `${dir}.tmp-${process.pid}`;
  mkdirSync(tmp, { recursive: true });
  const env = { ...process.env, GOBIN: tmp, GOFLAGS: "", PATH: [process.env.PATH, "/usr/local/go/bin"].join(delimiter) };
  const r = spawnSync("go", ["install", `github.com/rhysd/actionlint/cmd/actionlint@${ACTIONLINT_VERSION}`], { cwd: tmp, env, encoding: "utf8", timeout: 600_000 });
  if (r.status !== 0) throw new Error(`building actionlint ${ACTIONLINT_VERSION} failed (needs Go and the Go module proxy): ${r.error?.message ?? r.stderr}`);
  renameSync(tmp, dir);
  return bin;
}
