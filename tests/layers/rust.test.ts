import { describe, expect, it } from "vitest";
import { CARGO_TOOLS, components } from "../../.dagger/src/layers/rust.js";
import { CARGO_CHEF_VERSION } from "../../.dagger/src/defaults.js";
import { resolveToolchain } from "../../.dagger/src/config/toolchain.js";

describe("toolchain layer inputs", () => {
  it("installs rust-src only on nightly (build-std needs it)", () => {
    expect(components(resolveToolchain("stable", "1.95.0", "nightly"))).toEqual(["clippy", "rustfmt"]);
    expect(components(resolveToolchain("nightly", "1.95.0", "nightly"))).toEqual(["clippy", "rustfmt", "rust-src"]);
  });

  it("pins every cargo tool to a version", () => {
    expect(CARGO_TOOLS).toEqual([`cargo-chef@${CARGO_CHEF_VERSION}`]);
    for (const t of CARGO_TOOLS) expect(t).toMatch(/^[a-z0-9-]+@\d+\.\d+\.\d+$/);
  });
});
