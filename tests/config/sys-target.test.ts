import { describe, expect, it } from "vitest";
import { parseSysTarget, SYS_TARGETS } from "../../.dagger/src/config/sys-target.js";

describe("parseSysTarget", () => {
  it("splits x86_64 levels into triple, ISA and platform", () => {
    expect(parseSysTarget("x86_64-v1-linux-gnu")).toEqual({
      name: "x86_64-v1-linux-gnu",
      arch: "x86_64",
      level: "v1",
      triple: "x86_64-linux-gnu",
      isa: "x86-64",
      platform: "linux/amd64",
    });
    expect(parseSysTarget("x86_64-v3-linux-gnu").isa).toBe("x86-64-v3");
  });

  it("gives aarch64 no x86 ISA and the arm64 platform", () => {
    const t = parseSysTarget("aarch64-v8-linux-gnu");
    expect(t.isa).toBeUndefined();
    expect(t.triple).toBe("aarch64-linux-gnu");
    expect(t.platform).toBe("linux/arm64");
  });

  it("knows every level the seed's CI uses", () => {
    for (const name of SYS_TARGETS) expect(parseSysTarget(name).name).toBe(name);
  });
});
