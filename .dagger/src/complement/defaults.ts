/**
 * Complement's settings as tuwunel runs it: the defaults of the complement group's arguments
 * (index.ts), and the run's time limits and results file.
 */

/** Complement: matrix-construct's fork, at tuwunel's commit. */
export const DEFAULT_COMPLEMENT_URL = "https://github.com/matrix-construct/complement";
export const DEFAULT_COMPLEMENT_COMMIT = "3990ded157dab7181fe961bfc2c6c4e4077bf657";
/** The Go release the tests are built with (Debian's golang-<version>-go; Complement's go.mod asks for 1.25 or later). */
export const DEFAULT_COMPLEMENT_GO = "1.26";
/** Go build tags of the tests (tuwunel's blacklist of tests it does not support). */
export const DEFAULT_COMPLEMENT_TAGS: string[] = ["conduwuit_blacklist"];
/** The test packages, relative to Complement's root. */
export const DEFAULT_COMPLEMENT_PACKAGES: string[] = ["./tests/..."];
/** The homeserver's arguments: the configuration complement-testee.sh renders from complement/homeserver.toml. */
export const DEFAULT_COMPLEMENT_SERVER_ARGS: string[] = ["-c", "/var/lib/complement-testee/homeserver.toml"];
/** Where Go fetches Complement's modules: "" for Go's default (proxy.golang.org). */
export const DEFAULT_COMPLEMENT_GO_PROXY = "";
/** Extra homeserver arguments under valgrind (tuwunel's). */
export const DEFAULT_COMPLEMENT_VALGRIND_ARGS: string[] = ["-Odb_pool_max_workers=128"];
/** Each test binary's time limit: tuwunel's 2h for the test profile (unoptimised), 1h otherwise. */
export const COMPLEMENT_TIMEOUTS = { test: "2h", other: "1h" };
/** The file name of a run's results (tuwunel's format and name). */
export const COMPLEMENT_RESULTS_FILE = "results.jsonl";
/** The project's expected Complement results, a path in the workspace: where tuwunel keeps its own. */
export const DEFAULT_COMPLEMENT_BASELINE = "tests/complement/results.jsonl";
