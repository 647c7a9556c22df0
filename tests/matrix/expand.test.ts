import { describe, expect, it } from "vitest";
import { cellName } from "../../.dagger/src/config/cell.js";
import { AXES, perAxis } from "../../.dagger/src/config/axes.js";
import { expandMatrix, type MatrixLists } from "../../.dagger/src/matrix/expand.js";

const BAKE_HCL: MatrixLists = perAxis((a) => AXES[a].matrix);

describe("matrix expansion", () => {
  it("the default lists are bake.hcl's: 2 profiles × 3 feature sets × 2 toolchains = 12 cells, each once", () => {
    const cells = expandMatrix(BAKE_HCL);
    expect(cells).toHaveLength(12);
    expect(new Set(cells.map(cellName)).size).toBe(12);
    expect(cellName(cells[0]!)).toBe("test--nightly--x86_64-unknown-linux-gnu--none--debian--testing-slim--x86_64-v1-linux-gnu");
  });

  it("exclude removes the cells matching every axis of a pattern", () => {
    const cells = expandMatrix(BAKE_HCL, [], ["cargo_profile=release,rust_toolchain=nightly", "feat_set=none"]);
    expect(cells).toHaveLength(6);
    expect(cells.some((c) => c.cargoProfile === "release" && c.rustToolchain === "nightly")).toBe(false);
    expect(cells.some((c) => c.featSet === "none")).toBe(false);
  });

  it("include adds a cell; its missing axes take each list's first value; a cell already there is not doubled", () => {
    const cells = expandMatrix(BAKE_HCL, ["cargo_profile=bench,sys_target=x86_64-v3-linux-gnu", "cargo_profile=test"], []);
    expect(cells).toHaveLength(13);
    expect(cellName(cells[12]!)).toBe("bench--nightly--x86_64-unknown-linux-gnu--none--debian--testing-slim--x86_64-v3-linux-gnu");
  });

  it("bad values, empty lists and bad patterns are all named, with the valid choices", () => {
    const bad = { ...BAKE_HCL, rustTarget: ["riscv64gc-unknown-linux-gnu"], sysTarget: [], rustToolchain: ["nightly", "beta"] };
    let message = "";
    try {
      expandMatrix(bad, ["cargo_profile"], ["color=blue"]);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toContain('rust_targets: rust_target "riscv64gc-unknown-linux-gnu" is not valid; valid: x86_64-unknown-linux-gnu, aarch64-unknown-linux-gnu');
    expect(message).toContain("sys_targets is empty");
    expect(message).toMatch(/rust_toolchains: rust_toolchain "beta" is not valid; valid: stable, nightly/);
    expect(message).toContain('include "cargo_profile": "cargo_profile" is not axis=value; axes: cargo_profile, rust_toolchain');
    expect(message).toContain('exclude "color=blue": "color=blue" is not axis=value');
  });

  it("a cell whose Rust target and machine disagree is refused, naming the cell", () => {
    expect(() => expandMatrix({ ...BAKE_HCL, sysTarget: ["x86_64-v1-linux-gnu", "aarch64-v8-linux-gnu"] })).toThrow(/cell test--nightly--x86_64-unknown-linux-gnu--none--debian--testing-slim--aarch64-v8-linux-gnu: .*exclude it/);
  });

  it("excluding everything is an error, not an empty success", () => {
    expect(() => expandMatrix(BAKE_HCL, [], ["sys_name=debian"])).toThrow(/no cell left/);
  });

  it("an exclude that matches no cell is an error naming it, as a typo would otherwise run cells meant to be left out", () => {
    expect(() => expandMatrix(BAKE_HCL, [], ["feat_set=none", "cargo_profile=relase"])).toThrow('exclude "cargo_profile=relase" matches no cell of the matrix');
  });
});
