/**
 * The vitest settings of a slow lane: its own test files, one process, files and tests in order
 * (they build on one another), long timeouts (real builds).
 */
import { defineConfig } from "vitest/config";

export function laneConfig(include: string, testTimeout: number) {
  return defineConfig({
    test: {
      include: [include],
      globalSetup: ["tests/setup.ts"],
      pool: "forks",
      maxWorkers: 1,
      isolate: false,
      fileParallelism: false,
      sequence: { concurrent: false },
      testTimeout,
      hookTimeout: 600_000,
    },
  });
}
