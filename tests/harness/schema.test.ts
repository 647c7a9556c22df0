import { existsSync, readFileSync } from "node:fs";
import { buildSchema, getNamedType, isObjectType } from "graphql";
import { describe, expect, it } from "vitest";
import { deriveSdl, exactSchemaPath, loadSchema, sdkDeclarations } from "./schema.js";

describe("the double's schema", () => {
  it("loads the exact engine schema when it is beside the project, else the derived one", () => {
    const s = loadSchema();
    expect(s.kind).toBe(existsSync(exactSchemaPath()) ? "exact" : "derived");
    expect(s.schema.getQueryType()?.getFields().container).toBeDefined();
  });

  it("derives a schema from the SDK's declarations with the API the module uses", () => {
    const derived = buildSchema(deriveSdl(readFileSync(sdkDeclarations(), "utf8")));
    const fields = (t: string) => Object.keys((derived.getType(t) as { getFields(): object }).getFields());
    expect(fields("Container")).toEqual(expect.arrayContaining(["withExec", "withMountedCache", "withDirectory", "directory", "file", "rootfs", "sync"]));
    expect(fields("Directory")).toEqual(expect.arrayContaining(["dockerBuild", "filter", "glob", "exists", "withNewFile"]));
    expect(fields("Query")).toEqual(expect.arrayContaining(["container", "git", "host", "cacheVolume", "node", "currentFunctionCall"]));
  });

  it.skipIf(!existsSync(exactSchemaPath()))("the derived schema is a subset of the exact one (so it cannot accept what the engine rejects by name)", () => {
    const exact = loadSchema().schema;
    const derived = buildSchema(deriveSdl(readFileSync(sdkDeclarations(), "utf8")));
    const missing: string[] = [];
    for (const [name, type] of Object.entries(derived.getTypeMap())) {
      if (name.startsWith("__") || !isObjectType(type)) continue;
      const real = exact.getType(name);
      if (!real || !isObjectType(real)) {
        missing.push(name);
        continue;
      }
      for (const [fname, f] of Object.entries(type.getFields())) {
        const rf = real.getFields()[fname];
        if (!rf) missing.push(`${name}.${fname}`);
        else {
          for (const a of f.args) {
            const ra = rf.args.find((x) => x.name === a.name);
            if (!ra) missing.push(`${name}.${fname}(${a.name})`);
            else if (getNamedType(ra.type).name !== getNamedType(a.type).name) missing.push(`${name}.${fname}(${a.name}: ${getNamedType(a.type).name} ≠ ${getNamedType(ra.type).name})`);
          }
        }
      }
    }
    expect(missing).toEqual([]);
  });
});
