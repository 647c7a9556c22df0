/**
 * The cell configuration: the seven axes and the project settings as the caller gave them
 * (scalars and lists only). It travels inside the main object and every group object. Core
 * objects (the source and stage directories) stay top-level fields of those objects: the SDK
 * rebuilds a nested module object from its JSON state without loading the IDs inside it.
 */
import { object } from "@dagger.io/dagger";
import { AXIS_KEYS, AxesSchema, checkArchitectures, SETTING_KEYS, SettingsSchema, validate, type Axes, type Axis, type Settings } from "./axes.js";
import { make } from "../objects.js";

/** The axes and settings of one matrix cell, unvalidated until `validated()`. */
@object()
export class CellConfig {
  // generated:axis-fields (npm run docs writes them from axes.ts AXES)
  cargoProfile = "";
  rustToolchain = "";
  rustTarget = "";
  featSet = "";
  sysName = "";
  sysVersion = "";
  sysTarget = "";
  // /generated:axis-fields
  featureSets: string[] = [];
  alwaysFeatures: string[] = [];
  rustNightly = "";
  mainPackage = "";
  basePackages: string[] = [];
  buildPackages: string[] = [];
  rocksdbWith: string[] = [];
  rocksdbCxxFlags: string[] = [];
  cargoProfileEnv: string[] = [];
  rustExtraPaths: string[] = [];
  rustupMirror = "";
  gitMirrors: string[] = [];
  gitMirrorsUser = "";
  aptMirrors: string[] = [];
  cratesMirror = "";

  /** A configuration from the axes and the settings as the caller gave them. */
  static of(axes: Record<Axis, string>, settings: Settings): CellConfig {
    return make(CellConfig, { ...axes, ...settings });
  }

  /** This configuration with another cell's axes (validated by the caller). */
  withAxes(axes: Axes): CellConfig {
    return make(CellConfig, { ...this, ...axes });
  }

  /** The axes and the settings, as plain values. */
  private parts(): { axes: Record<Axis, string>; settings: Record<keyof Settings, unknown> } {
    const pick = <K extends string>(keys: readonly K[]) => Object.fromEntries(keys.map((k) => [k, (this as unknown as Record<K, unknown>)[k]])) as Record<K, never>;
    return { axes: pick(AXIS_KEYS), settings: pick(SETTING_KEYS) };
  }

  /** The axes and settings as they were validated where this configuration was made (see validated): not checked again. */
  values(): { axes: Axes; settings: Settings } {
    const { axes, settings } = this.parts();
    return { axes: axes as Axes, settings: settings as Settings };
  }

  /** Validate the axes and settings: pure, no engine call; throws a ConfigError naming every bad value. */
  validated(): { axes: Axes; settings: Settings } {
    const { axes, settings } = this.parts();
    const valid = validate(AxesSchema, axes);
    checkArchitectures(valid);
    return { axes: valid, settings: validate(SettingsSchema, settings) };
  }
}
