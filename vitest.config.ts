import { defineConfig } from "vitest/config";

// One process, one engine double: the SDK's connection is process-global, and re-importing the
// SDK and re-scanning the module per file would cost ~2 s each.
export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    exclude: ["tests/docker/**", "tests/engine/**", "tests/cli/**"],
    globalSetup: ["tests/setup.ts"],
    pool: "forks",
    maxWorkers: 1,
    isolate: false,
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
