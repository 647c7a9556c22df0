import { defineConfig } from "vitest/config";

// The Docker lane: one file, steps in order, long timeouts (apt installs in real builds).
export default defineConfig({
  test: {
    include: ["tests/docker/**/*.test.ts"],
    globalSetup: ["tests/setup.ts"],
    pool: "forks",
    maxWorkers: 1,
    isolate: false,
    fileParallelism: false,
    sequence: { concurrent: false },
    testTimeout: 600_000,
    hookTimeout: 600_000,
  },
});
