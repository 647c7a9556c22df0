/**
 * Scratch directories for tests and tools, all under one root that is removed afterwards: the
 * test run's root (BAKERY_SCRATCH, set and removed by tests/setup.ts), or a per-process one
 * removed when the process exits.
 */
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

let root: string | undefined;

export function scratch(prefix: string): string {
  if (!root) {
    root = process.env.BAKERY_SCRATCH;
    if (!root) {
      const own = join(tmpdir(), `bakery-${process.pid}`);
      process.on("exit", () => rmSync(own, { recursive: true, force: true }));
      root = own;
    }
    mkdirSync(root, { recursive: true });
  }
  return mkdtempSync(join(root, `${prefix}-`));
}
