/**
 * The cell configuration: the seven axes and the project settings as the caller gave them
 * (scalars and lists only). It travels inside the main object and every group object. Core
 * objects (the source and stage directories) stay top-level fields of those objects: the SDK
 * rebuilds a nested module object from its JSON state without loading the IDs inside it.
 */
import { object } from "@dagger.io/dagger";
import { AxesSchema, checkArchitectures, SettingsSchema, validate, type Axes, type Settings } from "./axes.js";

/** The axes and settings of one matrix cell, unvalidated until `validated()`. */
@object()
export class CellConfig {
  cargoProfile = "";
  featSet = "";
  rustToolchain = "";
  rustTarget = "";
  sysName = "";
  sysVersion = "";
  sysTarget = "";
  featureSets: string[] = [];
  alwaysFeatures: string[] = [];
  rustNightly = "";
  mainPackage = "";
  basePackages: string[] = [];
  buildPackages: string[] = [];
  rocksdbWith: string[] = [];
  cargoProfileEnv: string[] = [];
  rustExtraPaths: string[] = [];
  rustupMirror = "";

  /** A configuration from the axes and the settings as the caller gave them. */
  static of(axes: Record<keyof Axes, string>, settings: Settings): CellConfig {
    return Object.assign(new CellConfig(), axes, settings);
  }

  /** The axes and settings as they were validated where this configuration was made (see validated): not checked again. */
  values(): { axes: Axes; settings: Settings } {
    const { cargoProfile, featSet, rustToolchain, rustTarget, sysName, sysVersion, sysTarget } = this;
    const { featureSets, alwaysFeatures, rustNightly, mainPackage, basePackages, buildPackages, rocksdbWith, cargoProfileEnv, rustExtraPaths, rustupMirror } = this;
    return {
      axes: { cargoProfile, featSet, rustToolchain, rustTarget, sysName, sysVersion, sysTarget } as Axes,
      settings: { featureSets, alwaysFeatures, rustNightly, mainPackage, basePackages, buildPackages, rocksdbWith, cargoProfileEnv, rustExtraPaths, rustupMirror } as Settings,
    };
  }

  /** Validate the axes and settings: pure, no engine call; throws a ConfigError naming every bad value. */
  validated(): { axes: Axes; settings: Settings } {
    const axes = validate(AxesSchema, {
      cargoProfile: this.cargoProfile,
      featSet: this.featSet,
      rustToolchain: this.rustToolchain,
      rustTarget: this.rustTarget,
      sysName: this.sysName,
      sysVersion: this.sysVersion,
      sysTarget: this.sysTarget,
    });
    checkArchitectures(axes);
    const settings = validate(SettingsSchema, {
      featureSets: this.featureSets,
      alwaysFeatures: this.alwaysFeatures,
      rustNightly: this.rustNightly,
      mainPackage: this.mainPackage,
      basePackages: this.basePackages,
      buildPackages: this.buildPackages,
      rocksdbWith: this.rocksdbWith,
      cargoProfileEnv: this.cargoProfileEnv,
      rustExtraPaths: this.rustExtraPaths,
      rustupMirror: this.rustupMirror,
    });
    return { axes, settings };
  }
}
