import { describe, expect, it } from "vitest";
import { sharedDouble } from "../harness/module.js";
import { scanModule, sdkRuntime } from "../harness/sdk.js";
import type { Vertex } from "../harness/engine-double.js";

describe("registration: what the engine learns when it loads the module", () => {
  it("the SDK's Register sends schema-valid typedefs: checks flagged, default paths and ignores attached", async () => {
    const double = await sharedDouble();
    double.reset();
    const rt = await sdkRuntime();
    const module = await scanModule();
    Object.assign(process.env, double.sessionEnv());
    let id = "";
    await rt.connection(async () => {
      id = await new rt.Register(module).run();
    });
    expect(double.queries.flatMap((q) => q.invalid)).toEqual([]);
    const closure = [...double.closure(double.vertexById(id)!.digest)].map((d) => double.vertices.get(d)!);
    const byField = (f: string): Vertex[] => closure.filter((v) => v.field === f);
    // Function vertices: `function_(name, returnType)`; the check flag is a withCheck on them.
    const named = (v: Vertex): string => {
      for (let cur: Vertex | undefined = v; cur; cur = cur.parent ? double.vertices.get(cur.parent) : undefined) {
        if (cur.field === "function") return String(cur.args.name);
      }
      return "?";
    };
    expect(byField("withCheck").map(named).sort()).toEqual([
      "audit", "check", "clippy", "debInstall", "doc", "fmt", "gate", "integ", "lychee",
      "rustSdkInteg", "smokeStartup", "smokeVersion", "typos", "unit",
    ]);
    // the one generator: the Complement baseline's update
    expect(byField("withGenerator").map(named)).toEqual(["updateBaseline"]);
    // the main constructor's directories and complement's inputs (group objects' constructors take them without defaults)
    const withDefault = byField("withArg").filter((v) => v.args.defaultPath !== undefined);
    expect(withDefault.map((v) => v.args.name).sort()).toEqual(["complementInputs", "inputs", "source", "stages"]);
    for (const name of ["inputs", "complementInputs"]) expect(withDefault.find((v) => v.args.name === name)!.args).toMatchObject({ defaultPath: "/complement" });
    expect(withDefault.find((v) => v.args.name === "source")!.args).toMatchObject({ defaultPath: "/", ignore: expect.arrayContaining(["**/target", ".git"]) });
    expect(withDefault.find((v) => v.args.name === "stages")!.args).toMatchObject({ defaultPath: "/docker" });
  });
});
