import { defineConfig } from "vitest/config";

// The engine lane: one file, steps in order, long timeouts (real builds on a real engine).
export default defineConfig({
  test: {
    include: ["tests/engine/**/*.test.ts"],
    globalSetup: ["tests/setup.ts"],
    pool: "forks",
    maxWorkers: 1,
    isolate: false,
    fileParallelism: false,
    sequence: { concurrent: false },
    testTimeout: 2_400_000,
    hookTimeout: 600_000,
  },
});
