import { laneConfig } from "../lab/vitest.js";

// The CLI lane: the real Dagger CLI on the engine lab (run by tests/engine/run.sh), loading bakery.
export default laneConfig("tests/cli/**/*.test.ts", 2_400_000);
