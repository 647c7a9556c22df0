/**
 * `sys_target` — the machine a cell builds for, written `<arch>-<level>-<os>-<abi>` as in
 * tuwunel's bake (`x86_64-v3-linux-gnu`, `aarch64-v8-linux-gnu`). It fixes the image platform, the
 * Debian multiarch triple, and the CPU baseline given to rustc and RocksDB.
 */

export interface SysTarget {
  /** As written: `x86_64-v3-linux-gnu`. */
  readonly name: string;
  readonly arch: "x86_64" | "aarch64";
  /** `v1`…`v4` on x86_64, `v8` on aarch64. */
  readonly level: string;
  /** Debian multiarch triple: `x86_64-linux-gnu`. */
  readonly triple: string;
  /** CPU name for rustc's `-C target-cpu` and RocksDB's PORTABLE (x86_64 only): `x86-64-v3`. */
  readonly isa?: string;
  /** Image platform. */
  readonly platform: "linux/amd64" | "linux/arm64";
}

/** Every sys_target bakery knows, in the order `--help` lists them. */
export const SYS_TARGETS = [
  "x86_64-v1-linux-gnu",
  "x86_64-v2-linux-gnu",
  "x86_64-v3-linux-gnu",
  "x86_64-v4-linux-gnu",
  "aarch64-v8-linux-gnu",
] as const;

/** Split a sys_target; the caller has validated it against SYS_TARGETS. */
export function parseSysTarget(name: string): SysTarget {
  const [arch, level, os, abi] = name.split("-") as [SysTarget["arch"], string, string, string];
  const triple = `${arch}-${os}-${abi}`;
  if (arch === "x86_64") {
    return { name, arch, level, triple, isa: level === "v1" ? "x86-64" : `x86-64-${level}`, platform: "linux/amd64" };
  }
  return { name, arch, level, triple, platform: "linux/arm64" };
}
