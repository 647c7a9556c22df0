/**
 * Reading the workspace through the engine. The parsing logic only sees this interface, so it
 * is tested on in-memory trees; the module implements it over a Dagger Directory.
 */
import type { Directory } from "@dagger.io/dagger";

/** Read access to a workspace's files. */
export interface WorkspaceReader {
  /** The file's text, or undefined when there is no such file. */
  read(path: string): Promise<string | undefined>;
  /** Paths (relative, sorted) whose whole path matches `pattern`. */
  glob(pattern: string): Promise<string[]>;
}

/** A reader over a Dagger Directory. */
export function directoryReader(dir: Directory): WorkspaceReader {
  return {
    async read(path) {
      if (!(await dir.exists(path))) return undefined;
      return await dir.file(path).contents();
    },
    async glob(pattern) {
      return (await dir.glob(pattern)).sort();
    },
  };
}
