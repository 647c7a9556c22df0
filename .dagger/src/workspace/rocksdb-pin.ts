/**
 * The RocksDB revision a workspace links, read from Cargo.lock: the `source` of
 * `rust-librocksdb-sys` is `git+<url>?rev=<rev>#<commit>`. The commit after `#` is what cargo
 * actually resolved, so it is the pin (a branch name would be a stale cache key).
 */
import { isCommit, parseGitSource, type LockPackage } from "./lock-sources.js";

export interface RocksdbPin {
  readonly url: string;
  /** The full commit id. */
  readonly rev: string;
  /** The crate version, e.g. `0.48.0+11.8.1`. */
  readonly version: string;
}

/** The crate whose lockfile source pins RocksDB. */
export const ROCKSDB_SYS_CRATE = "rust-librocksdb-sys";

/** Find the pin in a parsed Cargo.lock; undefined when the workspace does not use RocksDB from git. */
export function rocksdbPin(lock: { package?: LockPackage[] }): RocksdbPin | undefined {
  const pkg = (lock.package ?? []).find((p) => p.name === ROCKSDB_SYS_CRATE);
  if (!pkg?.source) return undefined;
  const g = parseGitSource(pkg.source);
  if (!g || !isCommit(g.commit)) {
    throw new Error(`Cargo.lock: ${ROCKSDB_SYS_CRATE} source "${pkg.source}" is not a git source pinned to a commit`);
  }
  return { url: g.url, rev: g.commit, version: pkg.version ?? "" };
}
