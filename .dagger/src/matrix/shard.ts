/**
 * Splitting a matrix's cells into n shards, for n CI jobs on one shared engine: `--shard i/n`
 * picks the i-th (1-based). The split is stable and balanced: the cells are ordered by name, so
 * a cell's shard depends on which cells the matrix has and never on the order of its lists, and
 * dealt out in turn, so shard sizes differ by at most one and neighbouring cells (the same
 * profile, the same toolchain) land in different shards. The n shards together hold every cell
 * once.
 */
import { ConfigError } from "../config/axes.js";

/** A shard: the `index`-th of `count`, 1-based. */
export interface Shard {
  readonly index: number;
  readonly count: number;
}

/** Read `i/n`; "" is the whole matrix (undefined). Throws a ConfigError naming the bad value. */
export function parseShard(spec: string): Shard | undefined {
  if (spec === "") return undefined;
  const m = /^([0-9]+)\/([0-9]+)$/.exec(spec.trim());
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!m || count < 1 || index < 1 || index > count) {
    throw new ConfigError(`shard "${spec}" is not valid; give i/n with 1 ≤ i ≤ n, e.g. 1/3 (or "" for every cell)`);
  }
  return { index, count };
}

/** The cells of `shard` (all of them when it is undefined), in the matrix's own order. */
export function shardCells<C>(cells: readonly C[], name: (cell: C) => string, shard: Shard | undefined): C[] {
  if (!shard) return [...cells];
  const order = cells.map((c, i) => ({ name: name(c), i })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.i - b.i));
  const picked = new Set(order.filter((_, k) => k % shard.count === shard.index - 1).map((o) => o.i));
  return cells.filter((_, i) => picked.has(i));
}
