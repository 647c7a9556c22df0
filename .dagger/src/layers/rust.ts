/**
 * Toolchains and cargo tools. bakery's own pinned toolchain (tools-toolchain) compiles each
 * pinned cargo tool in its own build (cargo-tool), keyed by the system and that tool's pin only;
 * the tools' binaries are then copied where they are used. The cell's toolchain (rust) is keyed
 * by the system and the channel, never by profile or features.
 */
import { dag, type Container, type Directory, type Secret } from "@dagger.io/dagger";
import { cratesMirrorConfig, type MirrorAuth } from "../config/mirrors.js";
import type { Toolchain } from "../config/toolchain.js";
import { CARGO_TOOLS, RUSTUP_VERSION, TOOLS_TOOLCHAIN } from "../defaults.js";
import { buildStage, STAGE_FILES } from "./stages.js";
import { systemArgs, type SystemInputs } from "./system.js";

/** A cargo tool bakery pins (a crate of CARGO_TOOLS). */
export type CargoTool = keyof typeof CARGO_TOOLS;

/** A tool name as a caller wrote it, checked. */
export function cargoTool(name: string): CargoTool {
  if (!(name in CARGO_TOOLS)) throw new Error(`tool "${name}" is not one bakery pins; valid: ${Object.keys(CARGO_TOOLS).join(", ")}`);
  return name as CargoTool;
}

/** Where tool binaries are copied in every image that uses them (on PATH). */
export const TOOLS_BIN = "/opt/tools/bin";

/** The `crate@version` spec of a pinned tool. */
export function toolSpec(tool: CargoTool): string {
  return `${tool}@${CARGO_TOOLS[tool].version}`;
}

/** What bakery's own toolchain is made from: the system, and where rustup downloads from. */
export interface ToolchainInputs extends SystemInputs {
  /** A mirror of static.rust-lang.org ("" for the real one). */
  readonly rustupMirror: string;
}

function toolchainArgs(i: ToolchainInputs): Record<string, string> {
  return { ...systemArgs(i), rustup_version: RUSTUP_VERSION, rustup_mirror: i.rustupMirror, tools_toolchain: TOOLS_TOOLCHAIN };
}

/** The build system with bakery's pinned toolchain (no tools yet). */
export function toolsToolchainLayer(i: ToolchainInputs): Promise<Container> {
  return buildStage({
    stages: i.stages,
    files: [STAGE_FILES.system, STAGE_FILES.rust],
    target: "tools-toolchain",
    args: toolchainArgs(i),
    platform: i.sys.platform,
  });
}

/** What one cargo tool is built from: bakery's toolchain, the tool, and where crates.io's crates come from. */
export interface ToolInputs extends ToolchainInputs {
  readonly tool: CargoTool;
  /** The crates.io replacement (the settings' cratesMirror; "" for crates.io). */
  readonly cratesMirror: string;
  /** Its token, when it asks for one. */
  readonly auth?: MirrorAuth;
}

/** The build secret's name the stage cargo-tool-token mounts as cargo's token for the mirror. */
export const CRATES_TOKEN_SECRET = "crates-mirror-token";

/**
 * The crates mirror's token as the stage's build secret, which a Dockerfile names by the
 * secret's name: a token from the CLI (env://…) has none, so it is given one. The plaintext
 * passes through the module into the engine's secret store, as the CLI's does; the engine keys
 * a named secret on its name, so a new token rebuilds no tool.
 */
async function cratesTokenSecret(token: Secret): Promise<Secret> {
  return dag.setSecret(CRATES_TOKEN_SECRET, await token.plaintext());
}

/**
 * The build args that give the tools' cargo the crates.io replacement (stage tools-crates-mirror
 * writes CARGO_HOME's config.toml); none for crates.io, so the stage builds as before.
 */
export function cratesMirrorArgs(index: string): Record<string, string> {
  const config = cratesMirrorConfig(index);
  return config ? { crates_source: "mirror", crates_mirror_config: config } : {};
}

/** One pinned cargo tool's binaries (a directory holding exactly CARGO_TOOLS[tool].bins). */
export async function cargoToolLayer(i: ToolInputs): Promise<Directory> {
  const { tool } = i;
  const token = i.auth?.crates;
  const image = await buildStage({
    stages: i.stages,
    files: [STAGE_FILES.system, STAGE_FILES.rust],
    target: token ? "cargo-tool-token" : "cargo-tool",
    args: { ...toolchainArgs(i), ...cratesMirrorArgs(i.cratesMirror), cargo_tool: toolSpec(tool) },
    platform: i.sys.platform,
    ...(token ? { secrets: [await cratesTokenSecret(token)] } : {}),
  });
  return image.directory("/opt/tool/bin").filter({ include: CARGO_TOOLS[tool].bins });
}

/** Copy tools' binaries into an image, and put their directory first on its PATH (the system image's PATH lacks it). */
export function withTools(image: Container, tools: readonly Directory[]): Container {
  return tools.reduce((c, bins) => c.withDirectory(TOOLS_BIN, bins), image).withEnvVariable("PATH", `${TOOLS_BIN}:$PATH`, { expand: true });
}

/** What the cell's toolchain image is made from. */
export interface RustInputs extends ToolchainInputs {
  readonly toolchain: Toolchain;
  readonly rustTarget: string;
}

/** Components installed with a toolchain: clippy and rustfmt, plus rust-src on nightly (build-std). */
export function components(toolchain: Toolchain): string[] {
  return toolchain.kind === "nightly" ? ["clippy", "rustfmt", "rust-src"] : ["clippy", "rustfmt"];
}

/** The build system with the cell's toolchain (no tools). */
export function rustLayer(i: RustInputs): Promise<Container> {
  return buildStage({
    stages: i.stages,
    files: [STAGE_FILES.system, STAGE_FILES.rust],
    target: "rust",
    args: {
      ...systemArgs(i),
      rustup_version: RUSTUP_VERSION,
      rustup_mirror: i.rustupMirror,
      rust_channel: i.toolchain.channel,
      rust_target: i.rustTarget,
      rust_components: components(i.toolchain).join(","),
    },
    platform: i.sys.platform,
  });
}
