import { describe, expect, it } from "vitest";
import { rocksdbPin } from "../../.dagger/src/workspace/rocksdb-pin.js";

const rev = "24dad4d15b47d932b9f060c1b9520c0d1e6b1fe5";

describe("rocksdbPin", () => {
  it("takes the resolved commit and the URL from rust-librocksdb-sys's source", () => {
    const lock = {
      package: [
        { name: "rust-rocksdb", version: "0.52.0", source: `git+https://github.com/matrix-construct/rust-rocksdb?rev=${rev}#${rev}` },
        { name: "rust-librocksdb-sys", version: "0.48.0+11.8.1", source: `git+https://github.com/matrix-construct/rust-rocksdb?rev=${rev}#${rev}` },
      ],
    };
    expect(rocksdbPin(lock)).toEqual({ url: "https://github.com/matrix-construct/rust-rocksdb", rev, version: "0.48.0+11.8.1" });
  });

  it("pins the commit after '#', not a branch named in the query", () => {
    const pin = rocksdbPin({ package: [{ name: "rust-librocksdb-sys", source: `git+https://example.org/r?branch=main#${rev}` }] });
    expect(pin?.rev).toBe(rev);
  });

  it("is absent when the workspace does not use RocksDB", () => {
    expect(rocksdbPin({ package: [{ name: "serde", source: "registry+https://github.com/rust-lang/crates.io-index" }] })).toBeUndefined();
    expect(rocksdbPin({})).toBeUndefined();
  });

  it("refuses a RocksDB that is not a git commit, naming the source", () => {
    expect(() => rocksdbPin({ package: [{ name: "rust-librocksdb-sys", source: "registry+https://github.com/rust-lang/crates.io-index" }] })).toThrow(
      'Cargo.lock: rust-librocksdb-sys source "registry+https://github.com/rust-lang/crates.io-index" is not a git source pinned to a commit',
    );
  });
});
