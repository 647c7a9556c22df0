/** Cargo profiles: which exist in a workspace, and where cargo writes each one. */

/** Profiles cargo defines for every workspace. */
export const BUILTIN_PROFILES = ["dev", "release", "test", "bench"] as const;

/** The profiles a workspace can build: the built-ins plus its own `[profile.<name>]` tables. */
export function availableProfiles(profileTable: Record<string, unknown> | undefined): string[] {
  return [...new Set([...BUILTIN_PROFILES, ...Object.keys(profileTable ?? {})])];
}

/** The directory under `target/<triple>/` that a profile's artifacts land in. */
export function profileDir(profile: string): string {
  if (profile === "dev" || profile === "test") return "debug";
  if (profile === "release" || profile === "bench") return "release";
  return profile;
}

/** True for profiles whose artifacts ship (and so are linked statically). */
export function isReleaseLike(profile: string): boolean {
  return profile === "release" || profile === "bench" || profile.startsWith("release-");
}
