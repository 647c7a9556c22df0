/**
 * A matrix cell: the seven axes validated against the workspace and resolved into everything
 * the layers need (toolchain channel, features, CPU baseline, rustflags). The cell is the only
 * way axis values reach a layer.
 */
import { AXIS_KEYS, ConfigError, type Axes, type Settings } from "./axes.js";
import { parseSysTarget, type SysTarget } from "./sys-target.js";
import { resolveToolchain, type Toolchain } from "./toolchain.js";
import { parseFeatureSetDefs, resolveFeatureSet, type FeatureSet } from "./features.js";
import { profileDir, profileEnvFor } from "./profiles.js";
import { rustflags, type Rustflags } from "./rustflags.js";
import type { Workspace } from "../workspace/manifest.js";
import { PATHS } from "../defaults.js";

/** One resolved matrix cell. */
export interface Cell {
  readonly axes: Axes;
  /** The cargo profile (the cargo_profile axis). */
  readonly cargoProfile: string;
  /** target/<triple>/<profileDir> */
  readonly profileDir: string;
  readonly features: FeatureSet;
  readonly toolchain: Toolchain;
  readonly rustTarget: string;
  readonly sys: { readonly name: string; readonly version: string; readonly target: SysTarget };
  readonly rustflags: Rustflags;
  /** The CARGO_PROFILE_* overrides that reach this profile. */
  readonly profileEnv: readonly string[];
  /** The cell's name, as tuwunel's bake names it: profile--toolchain--rust_target--feat_set--sys_name--sys_version--sys_target. */
  readonly name: string;
}

/** A cell's name (tuwunel's bake's): its axes joined with `--`. */
export function cellName(a: Axes): string {
  return AXIS_KEYS.map((k) => a[k]).join("--");
}

/** Resolve axes (already form-checked) against the workspace. Throws ConfigError naming the bad value. */
export function resolveCell(axes: Axes, ws: Workspace, settings: Settings): Cell {
  if (!ws.profiles.includes(axes.cargoProfile)) {
    throw new ConfigError(`cargo_profile "${axes.cargoProfile}" is not a profile of this workspace; valid: ${ws.profiles.join(", ")}`);
  }
  let features: FeatureSet;
  let toolchain: Toolchain;
  let flags: Rustflags;
  const target = parseSysTarget(axes.sysTarget);
  try {
    features = resolveFeatureSet(axes.featSet, parseFeatureSetDefs(settings.featureSets), ws.mainPackage.features, settings.alwaysFeatures);
    toolchain = resolveToolchain(axes.rustToolchain, ws.toolchainChannel, settings.rustNightly);
    flags = rustflags({
      profile: axes.cargoProfile,
      toolchain,
      sys: target,
      rocksdbWith: ws.rocksdb ? settings.rocksdbWith : [],
      staticCxxDir: PATHS.staticCxx,
      staticCxxRedirectDir: PATHS.staticCxxRedirect,
    });
  } catch (e) {
    throw e instanceof ConfigError ? e : new ConfigError((e as Error).message);
  }
  return {
    axes,
    cargoProfile: axes.cargoProfile,
    profileDir: profileDir(axes.cargoProfile),
    features,
    toolchain,
    rustTarget: axes.rustTarget,
    sys: { name: axes.sysName, version: axes.sysVersion, target },
    rustflags: flags,
    profileEnv: profileEnvFor(axes.cargoProfile, ws.profileInherits, ws.profiles, settings.cargoProfileEnv),
    name: cellName(axes),
  };
}
