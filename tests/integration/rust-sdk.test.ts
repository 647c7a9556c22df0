import { describe, expect, it } from "vitest";
import { homeserverCommand, rustSdkTestCommand, type RustSdkSettings } from "../../.dagger/src/integration/rust-sdk.js";

const s: RustSdkSettings = {
  url: "https://example.org/sdk",
  commit: "0".repeat(40),
  package: "sdk-integration",
  skip: ["flaky_one"],
  homeserverArgs: ["--port=8448"],
  valgrindArgs: ["--workers=16"],
  port: 8448,
  timeout: "30m",
};

describe("integration commands", () => {
  it("the tests: skip list, one thread, time limit, no fail-fast except under valgrind", () => {
    expect(rustSdkTestCommand(s, false)).toEqual([
      "timeout", "--signal=TERM", "--kill-after=30s", "30m",
      "cargo", "test", "--locked", "--release", "--features=default", "--package=sdk-integration", "--no-fail-fast",
      "--", "--test-threads=1", "--skip", "flaky_one",
    ]);
    expect(rustSdkTestCommand(s, true)).not.toContain("--no-fail-fast");
  });

  it("the homeserver, plain or under valgrind", () => {
    expect(homeserverCommand("tuwunel", s, false)).toEqual(["/usr/bin/tuwunel", "--port=8448"]);
    expect(homeserverCommand("tuwunel", s, true)).toEqual([
      "valgrind", "--error-exitcode=1", "--exit-on-first-error=yes", "--undef-value-errors=no", "--leak-check=no", "/usr/bin/tuwunel", "--port=8448", "--workers=16",
    ]);
  });
});
