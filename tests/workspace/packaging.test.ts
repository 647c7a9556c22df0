import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { profileDir } from "../../.dagger/src/config/profiles.js";
import { packagingProfile } from "../../.dagger/src/layers/package.js";
import type { Package } from "../../.dagger/src/workspace/manifest.js";
import { readWorkspace } from "../../.dagger/src/workspace/manifest.js";
import { packagedBinaryPath, packagingAssetPaths } from "../../.dagger/src/workspace/packaging.js";
import { directoryFiles, memoryReader } from "./memory-reader.js";

const FIXTURE = join(import.meta.dirname, "../fixtures/workspace");

/** A package with only the packaging a test gives it. */
function pkg(packaging: Package["packaging"], dir = "src/main"): Package {
  return { name: "tuwunel", metadata: { authors: [] }, dir, features: {}, binaries: ["tuwunel"], hasBinary: true, packaging };
}

describe("package metadata", () => {
  it("the fixture's packages install its binary where their assets say (sbin, not cargo-deb's default)", async () => {
    const ws = await readWorkspace(memoryReader(directoryFiles(FIXTURE)), "");
    expect(packagedBinaryPath(ws.mainPackage, "deb", "loaf")).toBe("/usr/sbin/loaf");
    expect(packagedBinaryPath(ws.mainPackage, "rpm", "loaf")).toBe("/usr/sbin/loaf");
    expect(packagingAssetPaths(ws.mainPackage, "deb")).toEqual(["debian/loaf.service", "loaf-example.toml"]);
  });

  it("a deb without a binary asset installs it in /usr/bin (cargo-deb's default); an rpm without one is an error", () => {
    expect(packagedBinaryPath(pkg({ deb: [], rpm: [] }), "deb", "tuwunel")).toBe("/usr/bin/tuwunel");
    expect(() => packagedBinaryPath(pkg({ deb: [], rpm: [] }), "rpm", "tuwunel")).toThrow(/generate-rpm\] of tuwunel has no asset for the binary tuwunel/);
  });

  it.each(["test", "dev", "bench", "release", "release-debuginfo"])(
    "%s: cargo-deb and cargo-generate-rpm are told a profile whose directory is the one cargo wrote",
    (profile) => {
      // Both tools read target/<triple>/<name>/ with only dev mapped to debug.
      const toolDir = (name: string): string => (name === "dev" ? "debug" : name);
      expect(toolDir(packagingProfile({ cargoProfile: profile, profileDir: profileDir(profile) }))).toBe(profileDir(profile));
    },
  );
});
