/**
 * What Cargo.lock says cargo downloads: every git repository (by URL and the commit cargo
 * resolved, with the packages taken from it) and the registry crates (pinned by checksum).
 */

/** A git repository Cargo.lock takes packages from, at the commit it resolved. */
export interface LockGitSource {
  readonly url: string;
  /** What the manifest asked for: rev=…, branch=…, tag=…, or "" (the default branch). */
  readonly requested: string;
  /** The full commit id cargo resolved (after `#`), or "" when the lock has none. */
  readonly commit: string;
  readonly packages: readonly string[];
}

/** The lockfile's download sources. */
export interface LockSources {
  readonly git: readonly LockGitSource[];
  /** Registry packages, by registry URL: how many, and how many have a checksum. */
  readonly registries: Readonly<Record<string, { readonly crates: number; readonly checksummed: number }>>;
}

/** A `[[package]]` of a parsed Cargo.lock, as far as bakery reads it. */
export interface LockPackage {
  name?: string;
  version?: string;
  source?: string;
  checksum?: string;
}

/** Whether a git revision is a full commit id (what pins a source; a branch or short id does not). */
export function isCommit(rev: string): boolean {
  return /^[0-9a-f]{40}$/.test(rev);
}

/** A `git+<url>?<query>#<commit>` source, split; undefined for any other source. */
export function parseGitSource(source: string): { url: string; requested: string; commit: string } | undefined {
  const m = /^git\+([^?#]+)(?:\?([^#]*))?(?:#(.*))?$/.exec(source);
  return m ? { url: m[1]!, requested: m[2] ?? "", commit: m[3] ?? "" } : undefined;
}

/** The download sources of a parsed Cargo.lock, git repositories in the order the lock first names them. */
export function lockSources(lock: { package?: LockPackage[] }): LockSources {
  const git = new Map<string, { url: string; requested: string; commit: string; packages: string[] }>();
  const registries: Record<string, { crates: number; checksummed: number }> = {};
  for (const p of lock.package ?? []) {
    if (!p.source) continue;
    const g = parseGitSource(p.source);
    if (g) {
      const key = `${g.url}#${g.commit}`;
      const known = git.get(key) ?? { ...g, packages: [] };
      known.packages.push(p.name ?? "");
      git.set(key, known);
    } else if (p.source.startsWith("registry+") || p.source.startsWith("sparse+")) {
      const r = (registries[p.source.replace(/^registry\+/, "")] ??= { crates: 0, checksummed: 0 });
      r.crates++;
      if (p.checksum) r.checksummed++;
    }
  }
  return { git: [...git.values()], registries };
}
