import { describe, expect, it } from "vitest";
import { components, toolSpec } from "../../.dagger/src/layers/rust.js";
import { CARGO_TOOLS } from "../../.dagger/src/defaults.js";
import { resolveToolchain } from "../../.dagger/src/config/toolchain.js";

describe("toolchain layer inputs", () => {
  it("installs rust-src only on nightly (build-std needs it)", () => {
    expect(components(resolveToolchain("stable", "1.95.0", "nightly"))).toEqual(["clippy", "rustfmt"]);
    expect(components(resolveToolchain("nightly", "1.95.0", "nightly"))).toEqual(["clippy", "rustfmt", "rust-src"]);
  });

  it("pins every cargo tool to an exact version", () => {
    for (const tool of Object.keys(CARGO_TOOLS) as (keyof typeof CARGO_TOOLS)[]) expect(toolSpec(tool)).toMatch(/^[a-z0-9-]+@\d+\.\d+\.\d+$/);
    expect(toolSpec("cargo-chef")).toBe("cargo-chef@0.1.77");
  });
});
