import { describe, expect, it } from "vitest";
import { cellName } from "../../.dagger/src/config/cell.js";
import { AXES, perAxis } from "../../.dagger/src/config/axes.js";
import { expandMatrix, type MatrixLists } from "../../.dagger/src/matrix/expand.js";
import { parseShard, shardCells } from "../../.dagger/src/matrix/shard.js";

const BAKE_HCL: MatrixLists = perAxis((a) => AXES[a].matrix);
const names = (n: number, cells = expandMatrix(BAKE_HCL)) =>
  Array.from({ length: n }, (_, i) => shardCells(cells, cellName, parseShard(`${i + 1}/${n}`)).map(cellName));

describe("matrix shards", () => {
  it("n shards hold every cell once, their sizes differing by at most one", () => {
    for (const n of [1, 2, 3, 4, 5, 12]) {
      const shards = names(n);
      expect(shards.flat().sort(), `${n} shards`).toEqual(expandMatrix(BAKE_HCL).map(cellName).sort());
      const sizes = shards.map((s) => s.length);
      expect(Math.max(...sizes) - Math.min(...sizes), `${n} shards: ${sizes.join(", ")}`).toBeLessThanOrEqual(1);
    }
  });

  it("are stable: the order of the lists changes no cell's shard", () => {
    const reordered = expandMatrix({ ...BAKE_HCL, cargoProfile: ["release", "test"], featSet: ["all", "none", "default"] });
    expect(names(3, reordered).map((s) => [...s].sort())).toEqual(names(3).map((s) => [...s].sort()));
  });

  it("spread the cells of one profile and one toolchain over the shards", () => {
    for (const shard of names(4)) {
      expect(new Set(shard.map((c) => c.split("--")[0])).size, shard.join(" ")).toBe(2);
    }
    for (const shard of names(2)) {
      expect(new Set(shard.map((c) => c.split("--")[1])).size, shard.join(" ")).toBe(2);
    }
  });

  it("more shards than cells leaves the extra shards empty", () => {
    expect(names(14).map((s) => s.length)).toEqual([...Array(12).fill(1), 0, 0]);
  });

  it('"" is every cell; a bad shard is refused, naming it and the form', () => {
    expect(parseShard("")).toBeUndefined();
    expect(parseShard("2/3")).toEqual({ index: 2, count: 3 });
    for (const bad of ["0/3", "4/3", "1/0", "3", "a/b", "-1/2", "1/2/3"]) {
      expect(() => parseShard(bad), bad).toThrow(`shard "${bad}" is not valid; give i/n with 1 ≤ i ≤ n, e.g. 1/3`);
    }
  });
});
