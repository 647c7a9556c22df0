/**
 * rocksdb: librocksdb.a and its headers, built from the exact rust-rocksdb commit Cargo.lock
 * pins. Its inputs are the system, the CPU baseline and the libraries compiled in: one build
 * per (sys, CPU level) whatever the profile, toolchain or feature set.
 */
import { dag, type Directory } from "@dagger.io/dagger";
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
}

/** The RocksDB sources at the pinned commit (the submodule is fetched with the checkout). */
export function rocksdbSource(pin: RocksdbPin): Directory {
  return dag.git(pin.url).commit(pin.rev).tree({ discardGitDir: true }).directory(ROCKSDB_SUBMODULE);
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
      rocksdb_cxx_flags: cxxFlags,
      rocksdb_with: i.with.join(" "),
    },
    platform: i.sys.platform,
    context: { rocksdb: rocksdbSource(i.pin) },
  });
  return image.rootfs();
}
