/**
 * The `rust_toolchain` axis is a key, as in tuwunel's bake: `stable` means the workspace's pinned
 * channel (rust-toolchain.toml), `nightly` means the project's nightly setting, and any other
 * accepted value (a dated nightly, an `x.y.z` release) is used as written.
 */

export type ToolchainKind = "stable" | "nightly";

/** A resolved toolchain key. */
export interface Toolchain {
  /** The axis value: `stable`, `nightly`, `nightly-2026-11-01`, `1.95.0`. */
  readonly key: string;
  /** What rustup installs. */
  readonly channel: string;
  /** Nightly toolchains get the `-Z` flags and rust-src; everything else is treated as stable. */
  readonly kind: ToolchainKind;
}

/** What the rust_toolchain axis accepts. */
export const TOOLCHAIN_PATTERN = /^(stable|nightly|nightly-\d{4}-\d{2}-\d{2}|\d+\.\d+(\.\d+)?)$/;
/** The accepted spellings, for error messages. */
export const TOOLCHAIN_CHOICES = "stable, nightly, nightly-YYYY-MM-DD, or a release x.y.z";

/** True when a dated nightly's date exists in the calendar (`nightly-2026-13-45` does not). */
export function isRealNightlyDate(channel: string): boolean {
  const m = /^nightly-(\d{4})-(\d{2})-(\d{2})$/.exec(channel);
  if (!m) return true;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

/**
 * Resolve the key. `workspaceChannel` is rust-toolchain.toml's `channel` (undefined when the
 * workspace pins none, then `stable` stays `stable`).
 */
export function resolveToolchain(key: string, workspaceChannel: string | undefined, nightly: string): Toolchain {
  const channel = key === "stable" ? (workspaceChannel ?? "stable") : key === "nightly" ? nightly : key;
  return { key, channel, kind: channel.startsWith("nightly") ? "nightly" : "stable" };
}
