import { describe, expect, it } from "vitest";
import { GROUPS, resolveTarget, targetNames } from "../../.dagger/src/matrix/targets.js";
import { scannedGroups } from "../harness/docs.js";

describe("targets", () => {
  it("GROUPS lists every group's checks and functions exactly as the SDK's scanner sees them", async () => {
    const table = Object.fromEntries(Object.entries(GROUPS).map(([g, v]) => [g, { checks: [...v.checks], functions: [...v.functions] }]));
    expect(table).toEqual(await scannedGroups());
  });

  it("resolves layers, the clippy shortcut, groups, group:function and unique bare names", () => {
    expect(resolveTarget("deps-meta")).toEqual({ name: "deps-meta", calls: [{ layer: "depsMeta" }] });
    expect(resolveTarget("clippy")).toEqual({ name: "clippy", calls: [{ group: "lints", fn: "clippy" }] });
    expect(resolveTarget("lints").calls.map((c) => ("fn" in c ? c.fn : ""))).toEqual([...GROUPS.lints.checks]);
    expect(GROUPS.lints.checks).toEqual(expect.arrayContaining(["fmt", "clippy"]));
    expect(resolveTarget("installs").calls.map((c) => ("fn" in c ? c.fn : ""))).toEqual(["install", "static", "installValgrind", "installPerf", "docker", "oci"]);
    expect(resolveTarget("tests:unit-valgrind")).toEqual({ name: "tests:unit-valgrind", calls: [{ group: "tests", fn: "unitValgrind" }] });
    expect(resolveTarget("docker").name).toBe("installs:docker");
  });

  it("every name it lists resolves; a bad one is refused naming the valid forms", () => {
    for (const n of targetNames()) expect(() => resolveTarget(n), n).not.toThrow();
    expect(() => resolveTarget("nope")).toThrow(/target "nope" is not a layer, group or function; valid: a layer \(system, .*\), clippy, a group \(lints, tests/);
    expect(() => resolveTarget("lints:nope")).toThrow(/names no function "nope" of lints \(its functions: fmt, typos/);
    expect(() => resolveTarget("tool")).toThrow(/not a layer/);
  });
});
