import { describe, expect, it } from "vitest";
import { globMatch, selectPaths } from "./patterns.js";

const paths = ["Cargo.toml", "src/main/Cargo.toml", "src/main/lib.rs", "target/debug/x", "src/main/target/y", "docs/a.md", ".git/HEAD"];

describe("include/exclude patterns (dockerignore semantics)", () => {
  it("a pattern naming a directory selects everything below it", () => {
    expect(selectPaths(paths, ["src"])).toEqual(["src/main/Cargo.toml", "src/main/lib.rs", "src/main/target/y"]);
  });

  it("a bare name matches at the root only; **/ matches at any depth", () => {
    expect(selectPaths(paths, [], ["target"])).not.toContain("target/debug/x");
    expect(selectPaths(paths, [], ["target"])).toContain("src/main/target/y");
    expect(selectPaths(paths, [], ["**/target"])).not.toContain("src/main/target/y");
  });

  it("* does not cross directories, ** does, later negations win", () => {
    expect(selectPaths(paths, ["*.toml"])).toEqual(["Cargo.toml"]);
    expect(selectPaths(paths, ["**/Cargo.toml"])).toEqual(["Cargo.toml", "src/main/Cargo.toml"]);
    expect(selectPaths(paths, [], ["src", "!src/main/lib.rs"])).toContain("src/main/lib.rs");
  });

  it("glob matches whole paths", () => {
    expect(globMatch("src/*/Cargo.toml", "src/main/Cargo.toml")).toBe(true);
    expect(globMatch("src/*/Cargo.toml", "src/a/b/Cargo.toml")).toBe(false);
    expect(globMatch("**/*.rs", "src/main/lib.rs")).toBe(true);
    expect(globMatch("**/*.rs", "lib.rs")).toBe(true);
  });
});
