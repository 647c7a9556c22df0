/**
 * The source regions `npm run docs` writes: only what lies between a region's markers changes,
 * indented as its marker; a file without the region is refused; and what each region holds is
 * made from the tables alone (docs.test.ts checks that the committed files hold it).
 */
import { describe, expect, it } from "vitest";
import { AXES, AXIS_KEYS } from "../../.dagger/src/config/axes.js";
import { TARGET_LAYERS } from "../../.dagger/src/graph.js";
import { bakeAxes, constructorAxes, layerFunctions, matrixLists, replaceRegion } from "./sources.js";

describe("the generated source regions", () => {
  it("replace only what lies between their markers, indented as the opening one", () => {
    const text = "a(\n    // generated:x (written)\n    old,\n    // /generated:x\n  b,\n)";
    expect(replaceRegion(text, "f.ts", "x", ["one,", "", "two,"])).toBe("a(\n    // generated:x (written)\n    one,\n\n    two,\n    // /generated:x\n  b,\n)");
    expect(replaceRegion("# generated:y (w)\nold\n# /generated:y\n", "f.sh", "y", ["new"], "#")).toBe("# generated:y (w)\nnew\n# /generated:y\n");
  });

  it("refuse a file that lacks the region, naming the file and the markers", () => {
    expect(() => replaceRegion("a\n", "index.ts", "x", [])).toThrow("index.ts lacks the region // generated:x … // /generated:x");
    expect(() => replaceRegion("// /generated:x\n// generated:x (w)\n", "index.ts", "x", [])).toThrow(/lacks the region/);
  });

  it("hold one argument per axis and one function per layer function, from the tables", () => {
    const ctor = constructorAxes().join("\n");
    for (const a of AXIS_KEYS) {
      expect(ctor).toContain(`/** ${AXES[a].help} */\n${a}: string = ${JSON.stringify(AXES[a].default)},`);
      expect(matrixLists().join("\n")).toContain(`${a}s: string[] = [${AXES[a].matrix.map((v) => JSON.stringify(v)).join(", ")}],`);
      expect(bakeAxes().join("\n")).toContain(`${AXES[a].bake}:${AXES[a].bake.replace(/_/g, "-")}:${AXES[a].bake}s:`);
    }
    const fns = layerFunctions().join("\n");
    for (const l of TARGET_LAYERS) expect(fns).toContain(`async ${l}(): Promise<`);
    expect(fns.match(/@func\(\)/g)).toHaveLength(TARGET_LAYERS.length);
  });
});
