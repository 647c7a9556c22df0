import { describe, expect, it } from "vitest";
import { AxesSchema, SettingsSchema } from "../../.dagger/src/config/axes.js";
import { resolveToolchain, TOOLCHAIN_PATTERN } from "../../.dagger/src/config/toolchain.js";

describe("resolveToolchain", () => {
  it("resolves stable to the workspace's pinned channel, as bake.sh does", () => {
    expect(resolveToolchain("stable", "1.95.0", "nightly")).toEqual({ key: "stable", channel: "1.95.0", kind: "stable" });
  });

  it("keeps stable when the workspace pins nothing", () => {
    expect(resolveToolchain("stable", undefined, "nightly").channel).toBe("stable");
  });

  it("resolves nightly to the project's nightly setting", () => {
    expect(resolveToolchain("nightly", "1.95.0", "nightly-2026-11-01")).toEqual({
      key: "nightly",
      channel: "nightly-2026-11-01",
      kind: "nightly",
    });
  });

  it("passes dated nightlies and releases through, classified by channel", () => {
    expect(resolveToolchain("nightly-2026-10-02", undefined, "nightly").kind).toBe("nightly");
    expect(resolveToolchain("1.96.0", undefined, "nightly")).toEqual({ key: "1.96.0", channel: "1.96.0", kind: "stable" });
  });

  it("accepts the documented spellings only", () => {
    for (const ok of ["stable", "nightly", "nightly-2026-11-01", "1.95.0", "1.95"]) expect(TOOLCHAIN_PATTERN.test(ok)).toBe(true);
    for (const bad of ["beta-x", "nightly-26-1-1", "1.95.0-beta", "latest", ""]) expect(TOOLCHAIN_PATTERN.test(bad)).toBe(false);
  });

  it("refuses a dated nightly whose date does not exist, naming it (rustup would fail only after the system is built)", () => {
    for (const bad of ["nightly-2026-13-45", "nightly-2026-02-30", "nightly-2026-00-10"]) {
      const r = AxesSchema.shape.rustToolchain.safeParse(bad);
      expect(r.success, bad).toBe(false);
      expect(r.error?.issues[0]?.message).toContain(`rust_toolchain "${bad}" is not valid`);
      expect(SettingsSchema.shape.rustNightly.safeParse(bad).success, bad).toBe(false);
    }
    for (const ok of ["nightly-2024-02-29", "nightly-2026-12-31"]) {
      expect(AxesSchema.shape.rustToolchain.safeParse(ok).success, ok).toBe(true);
      expect(SettingsSchema.shape.rustNightly.safeParse(ok).success, ok).toBe(true);
    }
  });
});
