/** Cargo profiles: what a profile inherits and which overrides reach it, and where cargo writes it. */

/** The profiles a profile takes settings from, itself first: `release-debuginfo` → release. */
export function profileChain(profile: string, inherits: Readonly<Record<string, string>>): string[] {
  const builtin: Record<string, string> = { test: "dev", bench: "release" };
  const chain: string[] = [];
  for (let p: string | undefined = profile; p && !chain.includes(p); p = inherits[p] ?? builtin[p]) chain.push(p);
  return chain;
}

const envName = (profile: string): string => `CARGO_PROFILE_${profile.toUpperCase().replace(/-/g, "_")}_`;

/**
 * The CARGO_PROFILE_* overrides that can affect a profile: its own and those of the profiles it
 * inherits from. The others stay out of its cache key. An override belongs to the longest
 * profile name it starts with (CARGO_PROFILE_RELEASE_DEBUGINFO_DEBUG is release-debuginfo's).
 */
export function profileEnvFor(
  profile: string,
  inherits: Readonly<Record<string, string>>,
  profiles: readonly string[],
  env: readonly string[],
): string[] {
  const chain = new Set(profileChain(profile, inherits));
  const byLength = [...profiles].sort((a, b) => b.length - a.length);
  return env.filter((kv) => {
    const owner = byLength.find((p) => kv.startsWith(envName(p)));
    return owner !== undefined && chain.has(owner);
  });
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
