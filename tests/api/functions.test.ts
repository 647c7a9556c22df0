import { describe, expect, it } from "vitest";
import * as D from "../../.dagger/src/defaults.js";
import { LAYER_KINDS } from "../../.dagger/src/graph.js";
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
      for (const arg of o.constructor ?? []) if (!arg.description.trim()) undocumented.push(`${o.name}(${arg.name})`);
      for (const f of o.functions) {
        if (!f.description.trim()) undocumented.push(`${o.name}.${f.name}`);
        for (const arg of f.args) if (!arg.description.trim()) undocumented.push(`${o.name}.${f.name}(${arg.name})`);
      }
    }
    expect(undocumented).toEqual([]);
  });

  it("exposes every layer of the chain and the proving leaves as checks", async () => {
    const fns = new Map((await api()).objects.find((o) => o.name === "Bakery")!.functions.map((f) => [f.name, f]));
    for (const layer of Object.keys(LAYER_KINDS)) expect(fns.has(layer), layer).toBe(true);
    for (const leaf of ["check", "clippy", "unit"]) {
      expect(fns.get(leaf)?.check, leaf).toBe(true);
      expect(fns.get(leaf)?.args).toEqual([]);
    }
    expect(fns.get("rocksdb")?.returns).toBe("Directory");
    expect(fns.get("recipe")?.returns).toBe("File");
  });

  it("shows the defaults defaults.ts defines (the scanner resolves the constants)", async () => {
    const ctor = new Map((await api()).objects[0]!.constructor!.map((a) => [a.name, a]));
    expect(ctor.get("cargoProfile")?.default).toBe(D.DEFAULT_CARGO_PROFILE);
    expect(ctor.get("featSet")?.default).toBe(D.DEFAULT_FEAT_SET);
    expect(ctor.get("rustToolchain")?.default).toBe(D.DEFAULT_RUST_TOOLCHAIN);
    expect(ctor.get("rustTarget")?.default).toBe(D.DEFAULT_RUST_TARGET);
    expect(ctor.get("sysName")?.default).toBe(D.DEFAULT_SYS_NAME);
    expect(ctor.get("sysVersion")?.default).toBe(D.DEFAULT_SYS_VERSION);
    expect(ctor.get("sysTarget")?.default).toBe(D.DEFAULT_SYS_TARGET);
    expect(ctor.get("featureSets")?.default).toEqual(D.DEFAULT_FEATURE_SETS);
    expect(ctor.get("buildPackages")?.default).toEqual(D.DEFAULT_BUILD_PACKAGES);
    expect(ctor.get("source")).toMatchObject({ defaultPath: "/", ignore: D.SOURCE_IGNORE });
    expect(ctor.get("docker")).toMatchObject({ defaultPath: "/docker" });
    // every constructor argument is optional, so `dagger check` can build the object
    expect([...ctor.values()].filter((a) => !a.optional).map((a) => a.name)).toEqual([]);
  });
});
