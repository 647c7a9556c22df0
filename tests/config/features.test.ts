import { describe, expect, it } from "vitest";
import { parseFeatureSetDefs, resolveFeatureSet } from "../../.dagger/src/config/features.js";

const crate = {
  default: ["jemalloc", "zstd_compression"],
  jemalloc: [],
  zstd_compression: [],
  direct_tls: [],
  console: [],
  release_max_log_level: [],
};
const named = parseFeatureSetDefs(["logging:console,jemalloc,zstd_compression"]);

describe("feature sets", () => {
  it("all is --all-features and lists every optional feature", () => {
    const s = resolveFeatureSet("all", named, crate, ["direct_tls"]);
    expect(s.cargoArgs).toEqual(["--all-features"]);
    expect(s.features).toEqual(["console", "direct_tls", "jemalloc", "release_max_log_level", "zstd_compression"]);
  });

  it("none still carries the always-on features, as the seed's cargo_features_always", () => {
    expect(resolveFeatureSet("none", named, crate, ["direct_tls"]).cargoArgs).toEqual(["--no-default-features", "--features=direct_tls"]);
    expect(resolveFeatureSet("none", named, crate, []).cargoArgs).toEqual(["--no-default-features"]);
  });

  it("default expands the crate's default list", () => {
    expect(resolveFeatureSet("default", named, crate, ["direct_tls"]).features).toEqual(["direct_tls", "jemalloc", "zstd_compression"]);
  });

  it("named sets come from the settings", () => {
    expect(resolveFeatureSet("logging", named, crate, []).cargoArgs).toEqual([
      "--no-default-features",
      "--features=console,jemalloc,zstd_compression",
    ]);
  });

  it("an unknown set is rejected naming the valid ones", () => {
    expect(() => resolveFeatureSet("fast", named, crate, [])).toThrow('feat_set "fast" is not a feature set; valid: none, default, all, logging');
  });

  it("a set naming features the crate lacks is rejected naming them and the valid ones", () => {
    const bad = parseFeatureSetDefs(["odd:console,sparkles"]);
    expect(() => resolveFeatureSet("odd", bad, crate, [])).toThrow(/feature set "odd" names feature\(s\) the main crate does not have: sparkles; valid: console, /);
    expect(() => resolveFeatureSet("all", named, crate, ["quic"])).toThrow(/alwaysFeatures names feature\(s\) the main crate does not have: quic/);
  });

  it("malformed definitions are rejected with the entry", () => {
    expect(() => parseFeatureSetDefs(["no colon here"])).toThrow('feature set definition "no colon here" is not of the form name:feature,feature,…');
  });

  it("a named set called all, default or none is refused: it would be shadowed by the built-in set", () => {
    for (const name of ["all", "default", "none"]) {
      expect(() => parseFeatureSetDefs([`${name}:console`])).toThrow(`feature set definition "${name}:console" redefines the built-in set ${name}; name it otherwise`);
    }
  });

  it("a set defined twice is refused: the second would silently win", () => {
    expect(() => parseFeatureSetDefs(["lean:console", "lean:jemalloc"])).toThrow('feature set "lean" is defined twice');
  });
});
