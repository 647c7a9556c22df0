/** An in-memory WorkspaceReader for tests of the parsing logic. */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import type { WorkspaceReader } from "../../.dagger/src/workspace/reader.js";
import { globMatch } from "../harness/patterns.js";

export function memoryReader(files: Record<string, string>): WorkspaceReader {
  return {
    async read(path) {
      return files[path];
    },
    async glob(pattern) {
      return Object.keys(files)
        .filter((p) => globMatch(pattern, p))
        .sort();
    },
  };
}

/** Every file under a directory, by relative path: a fixture as a memory reader takes it. */
export function directoryFiles(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir)) {
      const p = join(dir, e);
      if (statSync(p).isDirectory()) walk(p);
      else out[relative(root, p)] = readFileSync(p, "utf8");
    }
  };
  walk(root);
  return out;
}
