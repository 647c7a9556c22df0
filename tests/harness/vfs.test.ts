import { describe, expect, it } from "vitest";
import { VTree } from "./vfs.js";

const tree = VTree.fromLiteral({ "a/x.txt": "x", "a/b/y.txt": "y", "c.md": "c" });

describe("VTree", () => {
  it("digests content, not history", () => {
    expect(VTree.fromLiteral({ "c.md": "c", "a/x.txt": "x", "a/b/y.txt": "y" }).digest()).toBe(tree.digest());
    expect(VTree.fromLiteral({ "a/x.txt": "x", "a/b/y.txt": "Y", "c.md": "c" }).digest()).not.toBe(tree.digest());
  });

  it("filters, re-roots and lists entries like the engine", () => {
    expect([...tree.filter(["a"]).files.keys()]).toEqual(["a/x.txt", "a/b/y.txt"]);
    expect([...tree.sub("a")!.files.keys()]).toEqual(["x.txt", "b/y.txt"]);
    expect(tree.entries()).toEqual(["a/", "c.md"]);
    expect(tree.glob("**/*.txt")).toEqual(["a/b/y.txt", "a/x.txt"]);
  });

  it("keeps unknown content opaque but keyed by where it came from", () => {
    const t = tree.withOpaque("ext", "d1");
    expect(t.digest()).not.toBe(tree.withOpaque("ext", "d2").digest());
    expect(t.inOpaque("ext/any/file")).toBe(true);
    expect(t.entries()).toEqual(["a/", "c.md", "ext/"]);
    expect(t.filter(["ext"]).opaque.get("ext")).toBe("d1");
    expect(t.sub("ext/inner")).toBeUndefined();
  });
});
