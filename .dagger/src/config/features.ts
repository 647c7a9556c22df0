/**
 * Feature sets: `none`, `default`, `all`, and named sets from the project settings. A set
 * becomes cargo arguments the way tuwunel's bake derives them: `all` is `--all-features`; every
 * other set is `--no-default-features --features=<set>,<always>` (`default` expands to the
 * main crate's default list, so `--no-default-features` can be passed uniformly).
 */

export interface FeatureSet {
  readonly name: string;
  /** The features enabled, sorted; for `all`, every optional feature of the main crate. */
  readonly features: readonly string[];
  /** Arguments for cargo and cargo-chef. */
  readonly cargoArgs: readonly string[];
}

/** The sets every workspace has; a named set may not take these names. */
export const BUILTIN_FEATURE_SETS = ["none", "default", "all"] as const;

/** Parse `name:feat,feat` definitions. Throws with the offending entry. */
export function parseFeatureSetDefs(defs: readonly string[]): Map<string, string[]> {
  const sets = new Map<string, string[]>();
  for (const def of defs) {
    const m = /^([a-z][a-z0-9_-]*):([A-Za-z0-9_,/-]*)$/.exec(def);
    if (!m) throw new Error(`feature set definition "${def}" is not of the form name:feature,feature,…`);
    if ((BUILTIN_FEATURE_SETS as readonly string[]).includes(m[1]!)) {
      throw new Error(`feature set definition "${def}" redefines the built-in set ${m[1]}; name it otherwise`);
    }
    if (sets.has(m[1]!)) throw new Error(`feature set "${m[1]}" is defined twice`);
    sets.set(m[1]!, m[2]!.split(",").filter((f) => f !== ""));
  }
  return sets;
}

/**
 * Resolve the named set against the main crate's `[features]` table.
 * Throws naming the unknown set or features and the valid ones.
 */
export function resolveFeatureSet(
  name: string,
  named: ReadonlyMap<string, readonly string[]>,
  crateFeatures: Readonly<Record<string, readonly string[]>>,
  always: readonly string[],
): FeatureSet {
  const optional = Object.keys(crateFeatures).filter((f) => f !== "default").sort();
  const check = (what: string, feats: readonly string[]): void => {
    const unknown = feats.filter((f) => !optional.includes(f));
    if (unknown.length > 0) {
      throw new Error(
        `${what} names feature(s) the main crate does not have: ${unknown.join(", ")}; valid: ${optional.join(", ") || "(none)"}`,
      );
    }
  };
  check("alwaysFeatures", always);
  if (name === "all") return { name, features: optional, cargoArgs: ["--all-features"] };
  let base: readonly string[];
  if (name === "none") base = [];
  else if (name === "default") base = crateFeatures.default ?? [];
  else if (named.has(name)) {
    base = named.get(name)!;
    check(`feature set "${name}"`, base);
  } else {
    const valid = [...BUILTIN_FEATURE_SETS, ...named.keys()];
    throw new Error(`feat_set "${name}" is not a feature set; valid: ${valid.join(", ")}`);
  }
  const features = [...new Set([...base, ...always])].sort();
  const cargoArgs = ["--no-default-features", ...(features.length ? [`--features=${features.join(",")}`] : [])];
  return { name, features, cargoArgs };
}
