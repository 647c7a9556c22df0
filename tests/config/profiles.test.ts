import { describe, expect, it } from "vitest";
import { availableProfiles, isReleaseLike, profileDir } from "../../.dagger/src/config/profiles.js";

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
