import { describe, expect, it } from "vitest";
import { isCook } from "../harness/plan.js";
import { digests, FIXTURE } from "./helpers.js";

const LAYERS = ["system", "tools", "rust", "rocksdb", "kitchen", "recipe", "depsMeta", "depsCode", "buildTests"];

describe("one cell: what the leaves share", () => {
  it("check, clippy and unit share system, toolchain, rocksdb and recipe", async () => {
    const { double, of } = await digests(FIXTURE, [...LAYERS, "lints.check", "lints.clippy", "tests.unit"]);
    const closure = (fn: string) => double.closure(of[fn]!);
    for (const leaf of ["lints.check", "lints.clippy", "tests.unit"]) {
      for (const layer of ["system", "rust", "rocksdb", "recipe", "kitchen"]) {
        expect(closure(leaf).has(of[layer]!), `${leaf} builds on ${layer}`).toBe(true);
      }
    }
  });

  it("check and clippy share one metadata pass; unit uses the code-generation pass", async () => {
    const { double, of } = await digests(FIXTURE, [...LAYERS, "lints.check", "lints.clippy", "tests.unit"]);
    const closure = (fn: string) => double.closure(of[fn]!);
    expect(closure("lints.check").has(of.depsMeta!)).toBe(true);
    expect(closure("lints.clippy").has(of.depsMeta!)).toBe(true);
    expect(closure("lints.check").has(of.depsCode!)).toBe(false);
    expect(closure("lints.clippy").has(of.depsCode!)).toBe(false);
    expect(closure("tests.unit").has(of.depsCode!)).toBe(true);
    expect(closure("tests.unit").has(of.buildTests!)).toBe(true);
    expect(closure("tests.unit").has(of.depsMeta!)).toBe(false);
  });

  it("compiles dependencies at most twice per cell, whatever the leaves", async () => {
    const { double, of } = await digests(FIXTURE, ["lints.check", "lints.clippy", "tests.unit", "build", "buildBins"]);
    const all = new Set<string>();
    for (const d of Object.values(of)) double.closure(d, all);
    const cooks = [...all].map((d) => double.vertices.get(d)!).filter(isCook);
    expect(cooks).toHaveLength(2);
    expect(cooks.map((c) => (c.args.args as string[]).includes("--check")).sort()).toEqual([false, true]);
  });

  it("cooks with exactly the flags the builds use, so cargo's fingerprints match", async () => {
    const { double, of } = await digests(FIXTURE, ["depsCode", "buildTests"]);
    const execs = [...double.closure(of.buildTests!)].map((d) => double.vertices.get(d)!).filter((v) => v.field === "withExec");
    const cook = execs.find(isCook)!.args.args as string[];
    const test = execs.find((v) => (v.args.args as string[])[1] === "test")!.args.args as string[];
    const shared = (a: string[]) => a.filter((x) => /^--(locked|workspace|profile|target|all-features|no-default-features|features)/.test(x) || !x.startsWith("-"));
    const cookFlags = shared(cook.slice(cook.indexOf("--all-targets") + 1));
    expect(test.join(" ")).toContain(cookFlags.join(" "));
  });
});
