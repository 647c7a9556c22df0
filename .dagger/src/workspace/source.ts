/**
 * Which Rust workspace bakery builds: the given source when it has a Cargo.toml, otherwise the
 * embedded default (a pinned tuwunel release fetched by commit), announced on the function's
 * log so nobody mistakes it for their own code.
 */
import { dag, type Directory } from "@dagger.io/dagger";
import { EMBEDDED_SOURCE } from "../defaults.js";

/** The workspace to build, and whether it is the embedded default. */
export interface ResolvedSource {
  readonly dir: Directory;
  /** Set when the embedded default is used. */
  readonly embedded?: typeof EMBEDDED_SOURCE;
}

/** The embedded default workspace: the pinned tuwunel commit, fetched from `url` (its URL through the git rewrites). */
export function embeddedSource(url: string): Directory {
  return dag.git(url).commit(EMBEDDED_SOURCE.commit).tree({ discardGitDir: true });
}

/**
 * A failed read of the embedded default (most often its fetch: no route to its git host), said
 * as such, with the way round it.
 */
export function embeddedFailure(e: typeof EMBEDDED_SOURCE, cause: unknown): Error {
  const why = cause instanceof Error ? cause.message : String(cause);
  return new Error(
    `reading the embedded default ${e.name} ${e.tag} (${e.url} @ ${e.commit}) failed: ${why}\n` +
      "bakery builds it because the source has no Cargo.toml; pass --source=<a Rust workspace> to build your own.",
    { cause },
  );
}

/** The given source if it is a Rust workspace, else the embedded default fetched from `embeddedUrl` (its URL through the git rewrites), said on the log. */
export async function resolveSource(source: Directory, embeddedUrl: string): Promise<ResolvedSource> {
  if (await source.exists("Cargo.toml")) return { dir: source };
  const e = EMBEDDED_SOURCE;
  console.error(`bakery: the source has no Cargo.toml; building the embedded default ${e.name} ${e.tag} (${e.url} @ ${e.commit}${embeddedUrl === e.url ? "" : `, fetched from ${embeddedUrl}`})`);
  return { dir: embeddedSource(embeddedUrl), embedded: e };
}
