import { describe, expect, it } from "vitest";
import { cellFlags } from "../../.dagger/src/layers/cargo.js";
import { cookCommand } from "../../.dagger/src/layers/deps.js";
import { buildCommand } from "../../.dagger/src/layers/build.js";
import { PATHS } from "../../.dagger/src/defaults.js";
import { cellFor } from "../config/cells.js";
import { digests, FIXTURE } from "../graph/helpers.js";

describe("the flags every cargo step of a cell shares", () => {
  it("spells unstable flags for cargo and for cargo-chef", () => {
    const native = cellFor({ cargoProfile: "release-native" });
    expect(cellFlags(native, "cargo")).toContain("-Zbuild-std");
    const chef = cellFlags(native, "chef");
    expect(chef.slice(chef.indexOf("-Z"), chef.indexOf("-Z") + 2)).toEqual(["-Z", "build-std"]);
  });

  it("the cook and every build carry the same profile, target and features", () => {
    const cell = cellFor({ featSet: "default" });
    const shared = cellFlags(cell, "cargo").join(" ");
    expect(shared).toBe("--locked --workspace --profile test --target x86_64-unknown-linux-gnu --no-default-features --features=direct_tls,jemalloc,release_max_log_level,zstd_compression");
    for (const kind of ["build", "tests", "bins"] as const) expect(buildCommand(cell, kind).join(" ")).toContain(shared);
    expect(cookCommand(cell, "code").join(" ")).toContain(shared);
    expect(cookCommand(cell, "meta")).toContain("--check");
    expect(cookCommand(cell, "code")).not.toContain("--check");
  });
});

describe("the C++ runtime of a static cell", () => {
  const cellEnv = async (ctor: Record<string, unknown>) => {
    const { double, of } = await digests(FIXTURE, ["cellEnv"], ctor);
    const vs = [...double.closure(of.cellEnv!)].map((d) => double.vertices.get(d)!);
    const redirect = vs.find((v) => v.field === "withNewFile" && v.args.path === `${PATHS.staticCxxRedirect}/libstdc++.so`);
    const flags = double.envOf(of.cellEnv!).get("CARGO_BUILD_RUSTFLAGS")!.split(" ");
    return { redirect: redirect?.args.contents, flags };
  };

  it("a build script's dylib=stdc++ finds a linker script naming the static archive, searched before any other directory", async () => {
    const { redirect, flags } = await cellEnv({ rustToolchain: "stable", cargoProfile: "release" });
    expect(redirect).toBe(`INPUT(${PATHS.staticCxx}/libstdc++.a)\n`);
    const searched = flags.filter((f) => f.startsWith("-L"));
    expect(searched[0]).toBe(`-L${PATHS.staticCxxRedirect}`);
    expect(searched).toContain(`-L${PATHS.staticCxx}`);
  });

  it("a dynamic cell links the shared runtime: no redirect", async () => {
    const { redirect, flags } = await cellEnv({ rustToolchain: "nightly", cargoProfile: "test" });
    expect(redirect).toBeUndefined();
    expect(flags.some((f) => f.includes(PATHS.staticCxxRedirect))).toBe(false);
  });
});
