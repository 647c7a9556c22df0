/**
 * How names are spelled: the code's camelCase (functions, arguments, layers), the CLI's
 * kebab-case (`dagger call build-bins --cargo-profile`, target names such as `installs:docker`),
 * and an axis's list (cargo_profiles, --cargo-profiles).
 */

/** A camelCase name as the CLI spells it: buildBins → build-bins. */
export function kebab(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, "$1-$2").toLowerCase();
}

/** A kebab-case name as the code spells it: build-bins → buildBins. */
export function camel(name: string): string {
  return name.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** The name of an axis's list: cargo_profile → cargo_profiles, featSet → featSets (bake's plural variables, matrix's arguments). */
export function listName(name: string): string {
  return `${name}s`;
}
