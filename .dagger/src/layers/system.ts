/**
 * system: the OS image with the base packages (stage `system`), and the build system on top of
 * it with compilers and -dev libraries (stage `builder`). Keyed by (sys_name, sys_version,
 * sys_target) and the package lists; nothing of the Rust matrix reaches it.
 */
import type { Container, Directory } from "@dagger.io/dagger";
import type { UrlRewrite } from "../config/mirrors.js";
import type { SysTarget } from "../config/sys-target.js";
import { PATHS } from "../defaults.js";
import { buildStage, STAGE_FILES } from "./stages.js";

/** The system a cell's layers run on: the OS, and the machine's triple and platform (not its CPU level). */
export interface Sys {
  readonly name: string;
  readonly version: string;
  /** Debian multiarch triple: `x86_64-linux-gnu`. */
  readonly triple: string;
  readonly platform: SysTarget["platform"];
}

/** The system of a cell's system axes. */
export function sysOf(sys: { readonly name: string; readonly version: string; readonly target: SysTarget }): Sys {
  return { name: sys.name, version: sys.version, triple: sys.target.triple, platform: sys.target.platform };
}

/**
 * What the system stages are made from; every stage file composed on them takes these too. The
 * base system (no build packages) leaves `buildPackages` out.
 */
export interface SystemInputs {
  readonly stages: Directory;
  readonly sys: Sys;
  readonly basePackages: readonly string[];
  readonly buildPackages?: readonly string[];
  /** Rewrites of apt's source URLs (the settings' aptMirrors); none leaves the image's sources as they are. */
  readonly aptMirrors: readonly UrlRewrite[];
}

/**
 * The build args that point apt at its mirrors: the system stage is then built on the OS image
 * with its sources rewritten (stage os-mirror), and the service image gets the OS image's own
 * sources back. None without mirrors, so that the stages build exactly as before (os-upstream).
 */
export function aptMirrorArgs(rules: readonly UrlRewrite[]): Record<string, string> {
  if (rules.length === 0) return {};
  return { apt_sources: "mirror", apt_mirrors: rules.map((r) => `${r.from}=${r.to}`).join(" ") };
}

/** Build args of the system stages, shared by every stage file composed on them. */
export function systemArgs(i: SystemInputs): Record<string, string> {
  return {
    ...aptMirrorArgs(i.aptMirrors),
    sys_name: i.sys.name,
    sys_version: i.sys.version,
    sys_triple: i.sys.triple,
    apt_cache: `bakery-apt-${i.sys.name}-${i.sys.version}-${i.sys.triple}`,
    base_packages: i.basePackages.join(" "),
    ...(i.buildPackages ? { build_packages: i.buildPackages.join(" ") } : {}),
    static_cxx_dir: PATHS.staticCxx,
  };
}

/** The build system: base OS + build packages. */
export function systemLayer(i: SystemInputs): Promise<Container> {
  return buildStage({ stages: i.stages, files: [STAGE_FILES.system], target: "builder", args: systemArgs(i), platform: i.sys.platform });
}

/** The OS image with its base packages only. */
export function baseLayer(i: SystemInputs): Promise<Container> {
  return buildStage({ stages: i.stages, files: [STAGE_FILES.system], target: "system", args: systemArgs(i), platform: i.sys.platform });
}
