import { laneConfig } from "../lab/vitest.js";

// The engine lane: real builds on a real engine, cold ones compiling crates.io dependencies.
export default laneConfig("tests/engine/**/*.test.ts", 2_400_000);
