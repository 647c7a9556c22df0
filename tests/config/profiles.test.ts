import { describe, expect, it } from "vitest";
import { isReleaseLike, profileChain, profileDir, profileEnvFor } from "../../.dagger/src/config/profiles.js";
import { availableProfiles } from "../../.dagger/src/workspace/manifest.js";

describe("profiles", () => {
  it("lists built-ins and the workspace's own, without duplicates", () => {
    expect(availableProfiles({ release: {}, "release-native": {}, test: {} })).toEqual(["dev", "release", "test", "bench", "release-native"]);
    expect(availableProfiles(undefined)).toEqual(["dev", "release", "test", "bench"]);
  });

  it("maps profiles to cargo's output directories", () => {
    expect(profileDir("test")).toBe("debug");
    expect(profileDir("dev")).toBe("debug");
    expect(profileDir("release")).toBe("release");
    expect(profileDir("bench")).toBe("release");
    expect(profileDir("release-debuginfo")).toBe("release-debuginfo");
  });

  it("treats release, bench and release-* as shipped builds", () => {
    expect(["release", "bench", "release-native", "release-debuginfo"].every(isReleaseLike)).toBe(true);
    expect(["test", "dev", "dbg"].some(isReleaseLike)).toBe(false);
  });
});

describe("which CARGO_PROFILE_* overrides reach a profile", () => {
  const inherits = { "release-debuginfo": "release", "release-native": "release" };
  const profiles = ["dev", "release", "test", "bench", "release-debuginfo", "release-native"];
  const env = [
    "CARGO_PROFILE_TEST_DEBUG=false",
    "CARGO_PROFILE_DEV_OPT_LEVEL=1",
    "CARGO_PROFILE_BENCH_LTO=thin",
    "CARGO_PROFILE_RELEASE_LTO=thin",
    "CARGO_PROFILE_RELEASE_DEBUGINFO_DEBUG=limited",
  ];

  it("follows inheritance, built-in (test → dev, bench → release) and declared", () => {
    expect(profileChain("test", inherits)).toEqual(["test", "dev"]);
    expect(profileChain("release-debuginfo", inherits)).toEqual(["release-debuginfo", "release"]);
    expect(profileChain("loop", { loop: "loop" })).toEqual(["loop"]);
  });

  it("keeps a profile's own and its parents' overrides, and no other", () => {
    expect(profileEnvFor("test", inherits, profiles, env)).toEqual(["CARGO_PROFILE_TEST_DEBUG=false", "CARGO_PROFILE_DEV_OPT_LEVEL=1"]);
    expect(profileEnvFor("bench", inherits, profiles, env)).toEqual(["CARGO_PROFILE_BENCH_LTO=thin", "CARGO_PROFILE_RELEASE_LTO=thin"]);
  });

  it("gives an override to the longest profile name it names", () => {
    expect(profileEnvFor("release", inherits, profiles, env)).toEqual(["CARGO_PROFILE_RELEASE_LTO=thin"]);
    expect(profileEnvFor("release-debuginfo", inherits, profiles, env)).toEqual([
      "CARGO_PROFILE_RELEASE_LTO=thin",
      "CARGO_PROFILE_RELEASE_DEBUGINFO_DEBUG=limited",
    ]);
  });
});
