import { describe, expect, it } from "vitest";
import { cellFlags } from "../../.dagger/src/layers/cargo.js";
import { cookCommand } from "../../.dagger/src/layers/deps.js";
import { buildCommand } from "../../.dagger/src/layers/build.js";
import { cellFor } from "../config/cells.js";

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
