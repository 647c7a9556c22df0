/** An in-memory WorkspaceReader for tests of the parsing logic. */
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
