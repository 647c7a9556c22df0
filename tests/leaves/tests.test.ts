import { describe, expect, it } from "vitest";
import { doctestFlags, runnerVariable, testCommand } from "../../.dagger/src/leaves/tests.js";
import { cellFor } from "../config/cells.js";

describe("test commands", () => {
  it("unit runs library and binary tests without stopping at the first failure", () => {
    expect(testCommand(cellFor({}), "unit").slice(0, 2)).toEqual(["cargo", "test"]);
    expect(testCommand(cellFor({}), "unit").slice(-3)).toEqual(["--no-fail-fast", "--lib", "--bins"]);
  });

  it("integ runs every integration test target; doc runs doctests", () => {
    expect(testCommand(cellFor({}), "integ").slice(-3)).toEqual(["--no-fail-fast", "--test", "*"]);
    expect(testCommand(cellFor({}), "doc").slice(-2)).toEqual(["--no-fail-fast", "--doc"]);
  });

  it("the bench profile runs benches, as the seed does", () => {
    const bench = cellFor({ cargoProfile: "bench" });
    expect(testCommand(bench, "unit")).toEqual(expect.arrayContaining(["cargo", "bench", "--no-fail-fast", "--lib"]));
    expect(testCommand(bench, "integ")).toEqual(expect.arrayContaining(["cargo", "bench", "--bench", "*"]));
  });

  it("nextest gets the cargo profile as --cargo-profile and refuses doctests and benches", () => {
    const cmd = testCommand(cellFor({}), "unit", "nextest");
    expect(cmd.slice(0, 3)).toEqual(["cargo", "nextest", "run"]);
    expect(cmd[cmd.indexOf("--cargo-profile") + 1]).toBe("test");
    expect(cmd).not.toContain("--profile");
    expect(() => testCommand(cellFor({}), "doc", "nextest")).toThrow("nextest does not run doctests");
  });

  it("names cargo's runner variable after the target triple", () => {
    expect(runnerVariable("x86_64-unknown-linux-gnu")).toBe("CARGO_TARGET_X86_64_UNKNOWN_LINUX_GNU_RUNNER");
  });

  it("doctests are compiled with the cell's flags (rustdoc reads RUSTDOCFLAGS, not the rustflags): a static cell's doctests link statically", () => {
    const cell = cellFor({ rustToolchain: "stable" });
    expect(doctestFlags(cell, false).split(" ")).toEqual([...cell.rustflags.flags]);
    expect(doctestFlags(cell, false)).toContain("-Crelocation-model=static");
    expect(doctestFlags(cell, true).split(" ").slice(-2)).toEqual(["-D", "warnings"]);
  });
});
