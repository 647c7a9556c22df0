/**
 * Which Rust workspace bakery builds: the given source when it has a Cargo.toml, otherwise the
 * embedded default (a pinned tuwunel release fetched by commit), announced on the function's
 * log so nobody mistakes it for their own code.
 */
import type { Directory } from "@dagger.io/dagger";
import { EMBEDDED_SOURCE } from "../defaults.js";

/** The workspace to build, and whether it is the embedded default. */
export interface ResolvedSource {
  readonly dir: Directory;
  /** Set when the embedded default is used. */
  readonly embedded?: typeof EMBEDDED_SOURCE;
}

/** How the embedded default is fetched: from its URL through the git rewrites, with the mirrors' credentials if any. */
export interface EmbeddedFetch {
  /** The URL it is fetched from. */
  readonly url: string;
  /** Its tree at the pinned commit, fetched from that URL. */
  readonly tree: (commit: string) => Directory;
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

/** The given source if it is a Rust workspace, else the embedded default fetched as `fetch` says, said on the log. */
export async function resolveSource(source: Directory, fetch: EmbeddedFetch): Promise<ResolvedSource> {
  if (await source.exists("Cargo.toml")) return { dir: source };
  const e = EMBEDDED_SOURCE;
  console.error(`bakery: the source has no Cargo.toml; building the embedded default ${e.name} ${e.tag} (${e.url} @ ${e.commit}${fetch.url === e.url ? "" : `, fetched from ${fetch.url}`})`);
  return { dir: fetch.tree(e.commit), embedded: e };
}
