/**
 * tools and rust: bakery's cargo tools compiled once per system with a pinned toolchain, and
 * the cell's toolchain on the build system with those tools copied in. rust is keyed by the
 * system and the toolchain channel, not by profile or features.
 */
import type { Container } from "@dagger.io/dagger";
import type { Toolchain } from "../config/toolchain.js";
import { CARGO_CHEF_VERSION, RUSTUP_VERSION, TOOLS_TOOLCHAIN } from "../defaults.js";
import { buildStage, STAGE_FILES } from "./stages.js";
import { systemArgs, type SystemInputs } from "./system.js";

/** The cargo tools every toolchain image carries. */
export const CARGO_TOOLS = [`cargo-chef@${CARGO_CHEF_VERSION}`];

function toolsArgs(): Record<string, string> {
  return { rustup_version: RUSTUP_VERSION, tools_toolchain: TOOLS_TOOLCHAIN, cargo_tools: CARGO_TOOLS.join(" ") };
}

/** The build system with bakery's pinned toolchain and cargo tools (cargo-chef). */
export function toolsLayer(i: SystemInputs): Promise<Container> {
  return buildStage({
    library: i.library,
    files: [STAGE_FILES.system, STAGE_FILES.rust],
    target: "tools",
    args: { ...systemArgs(i), ...toolsArgs() },
    platform: i.sys.target.platform,
  });
}

/** What the toolchain image is made from. */
export interface RustInputs extends SystemInputs {
  readonly toolchain: Toolchain;
  readonly rustTarget: string;
}

/** Components installed with a toolchain: clippy and rustfmt, plus rust-src on nightly (build-std, miri). */
export function components(toolchain: Toolchain): string[] {
  return toolchain.kind === "nightly" ? ["clippy", "rustfmt", "rust-src"] : ["clippy", "rustfmt"];
}

/** The build system with the cell's toolchain and the cargo tools. */
export function rustLayer(i: RustInputs): Promise<Container> {
  return buildStage({
    library: i.library,
    files: [STAGE_FILES.system, STAGE_FILES.rust],
    target: "rust",
    args: {
      ...systemArgs(i),
      ...toolsArgs(),
      rust_channel: i.toolchain.channel,
      rust_target: i.rustTarget,
      rust_components: components(i.toolchain).join(","),
    },
    platform: i.sys.target.platform,
  });
}
