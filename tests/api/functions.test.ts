import { describe, expect, it } from "vitest";
import * as D from "../../.dagger/src/defaults.js";
import { AXES, AXIS_KEYS } from "../../.dagger/src/config/axes.js";
import { LAYER_FUNCTIONS } from "../../.dagger/src/graph.js";
import { api, render } from "../harness/functions.js";

describe("the module's API, from the SDK's own scanner (what dagger functions shows)", () => {
  it("matches the committed snapshot (types, defaults, docs, check flags)", async () => {
    await expect(render(await api())).toMatchFileSnapshot("./__snapshots__/functions.txt");
  });

  it("documents the module, every function and every argument", async () => {
    const a = await api();
    expect(a.description.length).toBeGreaterThan(100);
    const undocumented: string[] = [];
    for (const o of a.objects) {
      if (!o.description.trim()) undocumented.push(o.name);
      for (const arg of o.ctor ?? []) if (!arg.description.trim()) undocumented.push(`${o.name}(${arg.name})`);
      for (const f of o.functions) {
        if (!f.description.trim()) undocumented.push(`${o.name}.${f.name}`);
        for (const arg of f.args) if (!arg.description.trim()) undocumented.push(`${o.name}.${f.name}(${arg.name})`);
      }
    }
    expect(undocumented).toEqual([]);
  });

  it("exposes every layer of the chain, and the checks in groups", async () => {
    const a = await api();
    const fns = (o: string) => new Map(a.objects.find((x) => x.name === o)!.functions.map((f) => [f.name, f]));
    const main = fns("Bakery");
    for (const layer of LAYER_FUNCTIONS) expect(main.has(layer), layer).toBe(true);
    expect(main.get("rocksdb")?.returns).toBe("Directory");
    expect(main.get("recipe")?.returns).toBe("File");
    for (const [group, type] of [["lints", "Lints"], ["tests", "Tests"], ["smokes", "Smokes"], ["integration", "Integration"], ["installs", "Installs"], ["pkg", "Pkg"], ["publish", "Publish"]]) {
      expect(main.get(group!)?.returns).toBe(type);
      expect(main.get(group!)?.args.every((x) => x.optional), `${group} needs no argument`).toBe(true);
    }
    const checks = (o: string) => [...fns(o).values()].filter((f) => f.check).map((f) => f.name).sort();
    expect(checks("Lints")).toEqual(["audit", "check", "clippy", "fmt", "lychee", "typos"]);
    // the seed's default membership: no valgrind variants, no bench (docker/bake.hcl's groups)
    expect(checks("Tests")).toEqual(["doc", "integ", "unit"]);
    expect(checks("Smokes")).toEqual(["smokeStartup", "smokeVersion"]);
    expect(fns("Smokes").get("smokePerf")?.check).toBe(false);
    expect(checks("Integration")).toEqual(["rustSdkInteg"]);
    // a check needs no argument, or `dagger check` skips it
    expect(checks("Pkg")).toEqual(["debInstall"]);
    expect(checks("Installs")).toEqual([]);
    expect(checks("Publish")).toEqual([]);
    for (const o of ["Lints", "Tests", "Smokes", "Integration", "Pkg"]) {
      for (const f of fns(o).values()) if (f.check) expect(f.args.every((x) => x.optional), `${o}.${f.name}`).toBe(true);
    }
    expect(fns("Lints").get("audit")?.cache).toBe("24h");
    expect(main.get("clippy")?.check).toBe(false);
  });

  it("the tool function's doc names every tool bakery pins", async () => {
    const tool = (await api()).objects.find((o) => o.name === "Bakery")!.functions.find((f) => f.name === "tool")!;
    const doc = tool.args.find((a) => a.name === "name")!.description;
    expect(Object.keys(D.CARGO_TOOLS).filter((t) => !new RegExp(`\\b${t}\\b`).test(doc))).toEqual([]);
  });

  it("names the checks as `dagger check` will (module:group:function, kebab-case)", async () => {
    const a = await api();
    const main = a.objects.find((o) => o.name === "Bakery")!;
    const names: string[] = [];
    for (const f of main.functions) {
      const group = a.objects.find((o) => o.name === f.returns);
      if (group) for (const g of group.functions) if (g.check) names.push(`bakery:${f.cli}:${g.cli}`);
    }
    expect(names).toEqual([
      "bakery:lints:fmt", "bakery:lints:typos", "bakery:lints:audit", "bakery:lints:lychee", "bakery:lints:check", "bakery:lints:clippy",
      "bakery:tests:unit", "bakery:tests:integ", "bakery:tests:doc",
      "bakery:smokes:smoke-version", "bakery:smokes:smoke-startup",
      "bakery:integration:rust-sdk-integ",
      "bakery:complement:gate",
      "bakery:pkg:deb-install",
    ]);
  });

  it("shows the defaults the axes and defaults.ts declare (the scanner resolves the constants)", async () => {
    const ctor = new Map((await api()).objects.find((o) => o.name === "Bakery")!.ctor!.map((a) => [a.name, a]));
    for (const a of AXIS_KEYS) expect(ctor.get(a)?.default, a).toBe(AXES[a].default);
    expect(ctor.get("featureSets")?.default).toEqual(D.DEFAULT_FEATURE_SETS);
    expect(ctor.get("buildPackages")?.default).toEqual(D.DEFAULT_BUILD_PACKAGES);
    expect(ctor.get("source")).toMatchObject({ defaultPath: "/", ignore: D.SOURCE_IGNORE });
    expect(ctor.get("stages")).toMatchObject({ defaultPath: "/docker" });
    // every constructor argument is optional, so `dagger check` can build the object
    expect([...ctor.values()].filter((a) => !a.optional).map((a) => a.name)).toEqual([]);
  });

  it("gives matrix every axis's list, each defaulting to the axis's matrix default", async () => {
    const bakery = (await api()).objects.find((o) => o.name === "Bakery")!;
    const matrix = new Map(bakery.functions.find((f) => f.name === "matrix")!.args.map((a) => [a.name, a]));
    for (const a of AXIS_KEYS) expect(matrix.get(`${a}s`)?.default, `${a}s`).toEqual(AXES[a].matrix);
  });
});
