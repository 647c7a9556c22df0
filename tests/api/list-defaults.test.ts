/**
 * The engine registers no default of a list-typed argument (the SDK's register.ts sends only
 * primitive defaults and marks the others optional), so `dagger call … --help` shows none:
 * every list argument with a default says it in its own doc, and this test holds the two equal.
 */
import { describe, expect, it } from "vitest";
import { api } from "../harness/functions.js";

/** How a list default is written at the end of its argument's doc ("*\/" is how a doc comment writes "*" + "/"). */
export function defaultSentence(value: readonly unknown[]): string {
  return `Default: ${value.length ? value.map(String).join(", ").replaceAll("*/", "*\\/") : "none"}.`;
}

describe("list-typed defaults", () => {
  it("every list argument with a default states it in its doc, exactly", async () => {
    const wrong: string[] = [];
    for (const o of (await api()).objects) {
      for (const fn of [{ cli: "constructor", args: o.ctor ?? [] }, ...o.functions]) {
        for (const a of fn.args) {
          if (!a.type.startsWith("[") || !Array.isArray(a.default)) continue;
          const want = defaultSentence(a.default);
          if (!a.description.endsWith(want)) wrong.push(`${o.name}.${fn.cli} ${a.cli}: doc should end with: ${want}`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });
});
