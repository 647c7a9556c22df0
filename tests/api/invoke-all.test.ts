import { describe, expect, it } from "vitest";
import { MAIN_OBJECT, runSession, type Call } from "../harness/module.js";
import { scanModule } from "../harness/sdk.js";
import { DOCKER, expectValidQueries, FIXTURE } from "../graph/helpers.js";

/** Values for required arguments (the engine refuses a call without them). */
const REQUIRED: Record<string, Record<string, unknown>> = { tool: { name: "lychee" } };

/** Calls that need more than defaults to succeed: publishing needs a ref (a dry run needs no credentials). */
const EXAMPLES: Record<string, Omit<Call, "fn">> = {
  "publish.ghcrIo": { args: { dryRun: true }, groupArgs: { publish: { ref: "v0.3.1" } } },
  "publish.dockerIo": { args: { dryRun: true }, groupArgs: { publish: { ref: "v0.3.1" } } },
};

describe("every function of the API", () => {
  it("is invoked through the real SDK against the double, returns a core object, and sends only schema-valid queries", async () => {
    const module = await scanModule();
    const main = module.objects[MAIN_OBJECT]!;
    // every function of the main object, and every function of every group it returns
    const paths: { path: string; returns: string }[] = [];
    for (const [name, fn] of Object.entries(main.methods)) {
      const group = module.objects[fn.returnType?.name ?? ""];
      const returns = (t: { kind: string; name?: string; typeDef?: { kind: string; name?: string } }): string => (t.kind === "LIST_KIND" ? (t.typeDef?.kind === "STRING_KIND" ? "String" : "?") : t.name!);
      if (!group) paths.push({ path: name, returns: returns(fn.returnType!) });
      else for (const [sub, g] of Object.entries(group.methods)) paths.push({ path: `${name}.${sub}`, returns: returns(g.returnType!) });
    }
    expect(paths.length).toBeGreaterThanOrEqual(30);
    for (const [name, fn] of Object.entries(main.methods)) {
      const required = Object.values(fn.arguments)
        .filter((a) => !a.isOptional && a.defaultValue === undefined && a.defaultPath === undefined)
        .map((a) => a.name);
      expect(Object.keys(REQUIRED[name] ?? {}), `examples for ${name}'s required arguments`).toEqual(required);
    }
    // a static bench cell, so that every function applies (a dynamic one has no static binary;
    // bench runs only on the bench profile's test build)
    // Complement's runs report one passing test (the double runs nothing; see tests/complement).
    const outcomes = JSON.stringify({ Action: "pass", Package: "github.com/matrix-org/complement/tests", Test: "TestLogin" });
    const { double, results } = await runSession(
      { ctor: { source: FIXTURE, stages: DOCKER, rustToolchain: "stable", cargoProfile: "bench" }, double: { overrides: { "File.contents": () => outcomes } } },
      paths.map((p) => ({ fn: p.path, args: REQUIRED[p.path], ...EXAMPLES[p.path] })),
    );
    expect(results.filter((r) => r.error).map((r) => `${r.fn}: ${r.error!.message}`)).toEqual([]);
    results.forEach((r, i) => {
      if (paths[i]!.returns === "String") expect(Array.isArray(r.value), r.fn).toBe(true);
      else expect(double.vertexById(String(r.value))?.type, r.fn).toBe(paths[i]!.returns);
    });
    expectValidQueries(double);
  });
});
