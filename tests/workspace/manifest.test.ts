import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { packageTargetRoots, readWorkspace } from "../../.dagger/src/workspace/manifest.js";
import { directoryFiles, memoryReader } from "./memory-reader.js";

const FIXTURE = join(import.meta.dirname, "../fixtures/workspace");

const fixtureFiles = (): Record<string, string> => directoryFiles(FIXTURE);

describe("readWorkspace on the fixture", () => {
  it("finds members, the main package, profiles, toolchain and the RocksDB pin", async () => {
    const ws = await readWorkspace(memoryReader(fixtureFiles()), "");
    expect(ws.packages.map((p) => p.name)).toEqual(["crumb", "loaf"]);
    expect(ws.mainPackage.name).toBe("loaf");
    expect(ws.mainPackage.features.default).toEqual(["jemalloc", "release_max_log_level", "zstd_compression"]);
    expect(ws.profiles).toEqual(["dev", "release", "test", "bench", "release-debuginfo", "release-native"]);
    expect(ws.profileInherits).toEqual({ "release-debuginfo": "release", "release-native": "release" });
    expect(ws.toolchainChannel).toBe("1.95.0");
    expect(ws.rocksdb).toEqual({
      url: "https://github.com/example/rust-rocksdb",
      rev: "5f2c1d7e9a0b4c3d8e6f1a2b7c9d0e4f3a5b6c8d",
      version: "0.48.0+11.8.1",
    });
    expect(ws.manifests).toEqual(["Cargo.toml", "src/core/Cargo.toml", "src/main/Cargo.toml"]);
    expect(ws.memberDirs).toEqual(["src/core", "src/main"]);
    expect(ws.mainPackage.metadata.version).toBe("0.3.1");
  });

  it("lists target roots only: explicit paths, auto-discovered tests, never plain modules", async () => {
    const ws = await readWorkspace(memoryReader(fixtureFiles()), "");
    expect(ws.targetRoots).toEqual(["src/core/mod.rs", "src/core/tests/roundtrip.rs", "src/main/lib.rs", "src/main/main.rs"]);
  });

  it("takes an explicit main package and rejects an unknown one with the valid names", async () => {
    const files = fixtureFiles();
    expect((await readWorkspace(memoryReader(files), "crumb")).mainPackage.name).toBe("crumb");
    await expect(readWorkspace(memoryReader(files), "bread")).rejects.toThrow('mainPackage "bread" is not in the workspace; valid: crumb, loaf');
  });

  it("asks for mainPackage when several packages have binaries", async () => {
    const files = { ...fixtureFiles(), "src/core/src/main.rs": "fn main() {}" };
    await expect(readWorkspace(memoryReader(files), "")).rejects.toThrow("cannot tell the main package: 2 packages have a binary (crumb, loaf); set mainPackage");
  });

  it("reports broken manifests by path", async () => {
    await expect(readWorkspace(memoryReader({ ...fixtureFiles(), "src/core/Cargo.toml": "[package\nname=" }), "")).rejects.toThrow(
      /^src\/core\/Cargo.toml: not valid TOML/,
    );
    await expect(readWorkspace(memoryReader({}), "")).rejects.toThrow("the source has no Cargo.toml");
  });

  it("reads a legacy rust-toolchain file and a single-package workspace", async () => {
    const ws = await readWorkspace(
      memoryReader({
        "Cargo.toml": '[package]\nname = "solo"\nversion = "1.2.3"\n[features]\nfast = []\n',
        "src/main.rs": "fn main() {}",
        "build.rs": "fn main() {}",
        "rust-toolchain": "nightly-2026-11-01\n",
      }),
      "",
    );
    expect(ws.mainPackage).toMatchObject({ name: "solo", dir: "" });
    expect(ws.toolchainChannel).toBe("nightly-2026-11-01");
    expect(ws.targetRoots).toEqual(["build.rs", "src/main.rs"]);
    expect(ws.rocksdb).toBeUndefined();
  });
});

describe("implicit members: path dependencies inside the workspace (as cargo makes them members)", () => {
  const files = (): Record<string, string> => ({
    "Cargo.toml": [
      "[workspace]",
      'members = ["src/*"]',
      'exclude = ["deps/skipped"]',
      "[workspace.dependencies.wrapper]",
      'path = "deps/wrapper"',
      'package = "oven-wrapper"',
      "[workspace.dependencies.unused]",
      'path = "deps/unused"',
    ].join("\n"),
    "src/app/Cargo.toml": '[package]\nname = "app"\nversion = "0.1.0"\n[dependencies]\nwrapper.workspace = true\n[dev-dependencies]\nhelper = { path = "../../tools/helper" }\n',
    "src/app/src/main.rs": "fn main() {}",
    "deps/wrapper/Cargo.toml": '[package]\nname = "oven-wrapper"\nversion = "0.0.1"\n[lib]\npath = "lib.rs"\n[target.\'cfg(unix)\'.dependencies]\ninner = { path = "../inner" }\n',
    "deps/wrapper/lib.rs": "",
    "deps/inner/Cargo.toml": '[package]\nname = "inner"\nversion = "0.0.1"\n[build-dependencies]\nskipped = { path = "../skipped" }\n',
    "deps/inner/src/lib.rs": "",
    "deps/inner/build.rs": "fn main() {}",
    "deps/skipped/Cargo.toml": '[package]\nname = "skipped"\nversion = "0.0.1"\n',
    "deps/unused/Cargo.toml": '[package]\nname = "unused"\nversion = "0.0.1"\n',
    "tools/helper/Cargo.toml": '[package]\nname = "helper"\nversion = "0.0.1"\n',
    "tools/helper/src/lib.rs": "",
  });

  it("follows every member's dependency tables (workspace = true through [workspace.dependencies]) and theirs; an excluded one is built, not a member", async () => {
    const ws = await readWorkspace(memoryReader(files()), "");
    expect(ws.memberDirs).toEqual(["deps/inner", "deps/skipped", "deps/wrapper", "src/app", "tools/helper"]);
    expect(ws.manifests).toEqual(["Cargo.toml", "deps/inner/Cargo.toml", "deps/skipped/Cargo.toml", "deps/wrapper/Cargo.toml", "src/app/Cargo.toml", "tools/helper/Cargo.toml"]);
    expect(ws.packages.map((p) => p.name).sort()).toEqual(["app", "helper", "inner", "oven-wrapper"]);
    expect(ws.targetRoots).toEqual(["deps/inner/build.rs", "deps/inner/src/lib.rs", "deps/wrapper/lib.rs", "src/app/src/main.rs", "tools/helper/src/lib.rs"]);
  });

  it("a path dependency outside the source is named: bakery cannot build it", async () => {
    const f = { ...files(), "src/app/Cargo.toml": '[package]\nname = "app"\nversion = "0.1.0"\n[dependencies]\nfar = { path = "../../../far" }\n' };
    await expect(readWorkspace(memoryReader(f), "")).rejects.toThrow('src/app/Cargo.toml: the path dependency far ("../../../far") is outside the source');
  });

  it("a path dependency without a Cargo.toml is named", async () => {
    const f = { ...files(), "src/app/Cargo.toml": '[package]\nname = "app"\nversion = "0.1.0"\n[dependencies]\ngone = { path = "../gone" }\n' };
    await expect(readWorkspace(memoryReader(f), "")).rejects.toThrow('src/app/Cargo.toml: the path dependency gone ("../gone") has no Cargo.toml');
  });
});

describe("packageTargetRoots", () => {
  const rs = ["p/src/lib.rs", "p/src/bin/a.rs", "p/src/bin/b/main.rs", "p/src/bin/b/util.rs", "p/benches/x.rs", "p/examples/e.rs", "p/src/m.rs", "p/custom.rs"];

  it("follows cargo's auto-discovery", () => {
    expect(packageTargetRoots("p", { package: { name: "p" } }, rs)).toEqual([
      "p/benches/x.rs",
      "p/examples/e.rs",
      "p/src/bin/a.rs",
      "p/src/bin/b/main.rs",
      "p/src/lib.rs",
    ]);
  });

  it("honours autobins = false, explicit target paths and a custom build script", () => {
    const m = { package: { name: "p", autobins: false, build: "custom.rs" }, bin: [{ name: "x", path: "src/m.rs" }] };
    const roots = packageTargetRoots("p", m, rs);
    expect(roots).toContain("p/src/m.rs");
    expect(roots).toContain("p/custom.rs");
    expect(roots).not.toContain("p/src/bin/a.rs");
  });
});
