/**
 * rocksdb: librocksdb.a and its headers, built from the exact rust-rocksdb commit Cargo.lock
 * pins. Its inputs are the system, the CPU baseline and the libraries compiled in: one build
 * per (sys, CPU level) whatever the profile, toolchain or feature set.
 */
import type { Container, Directory } from "@dagger.io/dagger";
import { withGitMirrors, type GitAuth, type MirrorAuth, type UrlRewrite } from "../config/mirrors.js";
import type { SysTarget } from "../config/sys-target.js";
import type { RocksdbPin } from "../workspace/rocksdb-pin.js";
import { buildStage, STAGE_FILES } from "./stages.js";
import { systemArgs, type SystemInputs } from "./system.js";

/** Where the RocksDB sources sit inside a rust-rocksdb checkout (a git submodule). */
export const ROCKSDB_SUBMODULE = "librocksdb-sys/rocksdb";

/** The CPU a RocksDB build targets: a sys_target level, or the build machine (release-native). */
export interface RocksdbCpu {
  readonly target: SysTarget;
  readonly native: boolean;
}

/** CMake PORTABLE and CMAKE_CXX_FLAGS for a CPU (reference spec: RocksDB args). */
export function rocksdbCpuArgs(cpu: RocksdbCpu): { portable: string; cxxFlags: string } {
  const { target, native } = cpu;
  const aarch64 = target.arch === "aarch64";
  const tls = native ? "-ftls-model=local-exec" : "-ftls-model=initial-exec";
  const extra = aarch64 ? " -mno-outline-atomics" : !native && target.level !== "v1" ? " -mpclmul" : "";
  const portable = native ? "0" : (target.isa ?? "1");
  return { portable, cxxFlags: tls + extra };
}

/** What the RocksDB build is made from. */
export interface RocksdbInputs extends SystemInputs {
  readonly pin: RocksdbPin;
  readonly cpu: RocksdbCpu;
  readonly with: readonly string[];
  /** C++ flags added after the CPU level's (rocksdbCxxFlags), when given. */
  readonly cxxFlags?: readonly string[];
  /** The git rewrites the checkout goes through (git applies them to the pin's URL and the submodule's). */
  readonly git: readonly UrlRewrite[];
  /** The git mirrors' credentials, when they ask for them. */
  readonly auth?: MirrorAuth;
  /** The build system, where the sources are checked out. */
  readonly system: Container;
}

/** Where the fetch container checks rust-rocksdb out. */
const CHECKOUT = "/usr/src/rust-rocksdb";

/**
 * The git CLI's commands that check rust-rocksdb out at the pin with its RocksDB submodule: the
 * commit, then the submodule at the commit it records. Run by the git CLI (not the engine's git
 * fetch) so the rewrites reach the submodule's URL too, which the engine would take from
 * .gitmodules as it is.
 */
export function rocksdbCheckoutCommand(url: string, rev: string): string[] {
  return [
    "sh", "-ec",
    // origin set, so a relative submodule URL resolves against the repository's
    'git init -q "$0"; cd "$0"; git remote add origin "$1"; git fetch -q --depth=1 origin "$2"; git checkout -q FETCH_HEAD; git submodule update -q --init --depth=1 -- "$3"',
    CHECKOUT, url, rev, ROCKSDB_SUBMODULE,
  ];
}

/** The RocksDB sources at the pinned commit, fetched on the build system (it has git) through the git rewrites, with the mirrors' credentials if given. */
export function rocksdbSource(system: Container, pin: RocksdbPin, rewrites: readonly UrlRewrite[], auth?: GitAuth): Directory {
  return withGitMirrors(system, rewrites, auth).withExec(rocksdbCheckoutCommand(pin.url, pin.rev)).directory(`${CHECKOUT}/${ROCKSDB_SUBMODULE}`).filter({ exclude: [".git"] });
}

/** Build the rocksdb stage and return its files (lib/, include/). */
export async function rocksdbLayer(i: RocksdbInputs): Promise<Directory> {
  const { portable, cxxFlags } = rocksdbCpuArgs(i.cpu);
  const image = await buildStage({
    stages: i.stages,
    files: [STAGE_FILES.system, STAGE_FILES.rocksdb],
    target: "rocksdb",
    args: {
      ...systemArgs(i),
      rocksdb_portable: portable,
      rocksdb_cxx_flags: [cxxFlags, ...(i.cxxFlags ?? [])].join(" "),
      rocksdb_with: i.with.join(" "),
    },
    platform: i.sys.platform,
    context: { rocksdb: rocksdbSource(i.system, i.pin, i.git, i.auth?.git) },
  });
  return image.rootfs();
}
