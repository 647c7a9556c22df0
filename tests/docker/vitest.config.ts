import { laneConfig } from "../lab/vitest.js";

// The Docker lane: apt installs in real builds.
export default laneConfig("tests/docker/**/*.test.ts", 600_000);
