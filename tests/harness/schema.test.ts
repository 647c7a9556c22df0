import { existsSync } from "node:fs";
import { getNamedType, isEnumType, isObjectType } from "graphql";
import { describe, expect, it } from "vitest";
import { derivedSchema, exactSchemaPath, loadSchema } from "./schema.js";

const exactPresent = process.env.BAKERY_DAGGER_SCHEMA !== "derived" && existsSync(exactSchemaPath());

describe("the double's schema", () => {
  it("loads the exact engine schema when it is beside the project, else the derived one", () => {
    const s = loadSchema();
    expect(s.kind).toBe(exactPresent ? "exact" : "derived");
    expect(s.schema.getQueryType()?.getFields().container).toBeDefined();
  });

  it("derives a schema from the SDK's declarations with the API the module uses, enums as the SDK writes them", () => {
    const derived = derivedSchema();
    const fields = (t: string) => Object.keys((derived.getType(t) as { getFields(): object }).getFields());
    expect(fields("Container")).toEqual(expect.arrayContaining(["withExec", "withMountedCache", "withDirectory", "directory", "file", "rootfs", "sync"]));
    expect(fields("Directory")).toEqual(expect.arrayContaining(["dockerBuild", "filter", "glob", "exists", "withNewFile"]));
    expect(fields("Query")).toEqual(expect.arrayContaining(["container", "git", "host", "cacheVolume", "node", "currentFunctionCall"]));
    const kind = derived.getType("TypeDefKind");
    const kinds = isEnumType(kind) ? kind.getValues().map((v) => v.name) : [];
    expect(kinds).toEqual(expect.arrayContaining(["STRING", "STRING_KIND", "OBJECT"]));
  });

  it.skipIf(!exactPresent)("the derived schema is a subset of the exact one (so it cannot accept what the engine rejects by name)", () => {
    const exact = loadSchema().schema;
    const derived = derivedSchema();
    const missing: string[] = [];
    for (const [name, type] of Object.entries(derived.getTypeMap())) {
      if (name.startsWith("__")) continue;
      if (isEnumType(type)) {
        const real = exact.getType(name);
        const values = isEnumType(real) ? new Set(real.getValues().map((v) => v.name)) : new Set<string>();
        for (const v of type.getValues()) if (!values.has(v.name)) missing.push(`${name}.${v.name}`);
        continue;
      }
      if (!isObjectType(type)) continue;
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
