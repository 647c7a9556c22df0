/** Global setup of the test runs: one scratch root for every worker and child, removed at the end. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export default function setup(): () => void {
  const root = mkdtempSync(join(tmpdir(), "bakery-tests-"));
  process.env.BAKERY_SCRATCH = root;
  return () => rmSync(root, { recursive: true, force: true });
}
