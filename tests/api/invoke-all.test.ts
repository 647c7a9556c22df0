import { describe, expect, it } from "vitest";
import { MAIN_OBJECT, runSession } from "../harness/module.js";
import { scanModule } from "../harness/sdk.js";
import { DOCKER, expectValidQueries, FIXTURE } from "../graph/helpers.js";

describe("every function of the API", () => {
  it("is invoked through the real SDK against the double, returns a core object, and sends only schema-valid queries", async () => {
    const main = (await scanModule()).objects[MAIN_OBJECT]!;
    const fns = Object.keys(main.methods);
    expect(fns.length).toBeGreaterThanOrEqual(15);
    const { double, results } = await runSession({ ctor: { source: FIXTURE, docker: DOCKER } }, fns.map((fn) => ({ fn })));
    expect(results.filter((r) => r.error).map((r) => `${r.fn}: ${r.error!.message}`)).toEqual([]);
    for (const r of results) {
      const v = double.vertexById(String(r.value));
      expect(v?.type, r.fn).toBe(main.methods[r.fn]!.returnType!.name);
    }
    expectValidQueries(double);
  });
});
