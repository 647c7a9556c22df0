import { describe, expect, it } from "vitest";
import { MAIN_OBJECT, runSession } from "../harness/module.js";
import { scanModule } from "../harness/sdk.js";
import { DOCKER, expectValidQueries, FIXTURE } from "../graph/helpers.js";

/** Values for required arguments (the engine refuses a call without them). */
const REQUIRED: Record<string, Record<string, unknown>> = { tool: { name: "lychee" } };

describe("every function of the API", () => {
  it("is invoked through the real SDK against the double, returns a core object, and sends only schema-valid queries", async () => {
    const module = await scanModule();
    const main = module.objects[MAIN_OBJECT]!;
    // every function of the main object, and every function of every group it returns
    const paths: { path: string; returns: string }[] = [];
    for (const [name, fn] of Object.entries(main.methods)) {
      const group = module.objects[fn.returnType?.name ?? ""];
      if (!group) paths.push({ path: name, returns: fn.returnType!.name! });
      else for (const [sub, g] of Object.entries(group.methods)) paths.push({ path: `${name}.${sub}`, returns: g.returnType!.name! });
    }
    expect(paths.length).toBeGreaterThanOrEqual(30);
    for (const [name, fn] of Object.entries(main.methods)) {
      const required = Object.values(fn.arguments).filter((a) => !a.isOptional && a.defaultValue === undefined).map((a) => a.name);
      expect(Object.keys(REQUIRED[name] ?? {}), `examples for ${name}'s required arguments`).toEqual(required);
    }
    const { double, results } = await runSession({ ctor: { source: FIXTURE, docker: DOCKER } }, paths.map((p) => ({ fn: p.path, args: REQUIRED[p.path] })));
    expect(results.filter((r) => r.error).map((r) => `${r.fn}: ${r.error!.message}`)).toEqual([]);
    results.forEach((r, i) => expect(double.vertexById(String(r.value))?.type, r.fn).toBe(paths[i]!.returns));
    expectValidQueries(double);
  });
});
