/**
 * Virtual file trees: what the engine double knows about a Directory's contents. Trees come
 * from real host directories (hashed from disk, like the engine's host sync), from git
 * fixtures registered by a test, or from literal operations (withNewFile, withDirectory) on
 * known trees. Exec outputs have no tree: their contents are unknown to the double.
 */
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, posix } from "node:path";
import { globMatch, selectPaths } from "./patterns.js";

export interface VEntry {
  /** sha256 of the bytes */
  sha: string;
  executable: boolean;
  bytes: () => Buffer;
}

/**
 * Immutable map from relative POSIX path to file entry, plus *opaque* subtrees: directories
 * whose content the double cannot know (an exec output or an unregistered git tree copied into
 * a known tree), identified by the digest of the vertex they came from.
 */
export class VTree {
  constructor(
    readonly files: ReadonlyMap<string, VEntry>,
    readonly opaque: ReadonlyMap<string, string> = new Map(),
  ) {}

  static empty(): VTree {
    return new VTree(new Map());
  }

  /** True when `path` lies inside an opaque subtree. */
  inOpaque(path: string): boolean {
    const p = norm(path);
    for (const o of this.opaque.keys()) if (o === "" || p === o || p.startsWith(o + "/")) return true;
    return false;
  }

  /** Walk a real directory. Symlinks are followed; sockets and the like are skipped. */
  static fromDisk(root: string, include: readonly string[] = [], exclude: readonly string[] = []): VTree {
    const all: string[] = [];
    const walk = (rel: string): void => {
      for (const d of readdirSync(join(root, rel), { withFileTypes: true })) {
        const p = rel ? `${rel}/${d.name}` : d.name;
        const st = statSync(join(root, p));
        if (st.isDirectory()) walk(p);
        else if (st.isFile()) all.push(p);
      }
    };
    walk("");
    const files = new Map<string, VEntry>();
    for (const p of selectPaths(all.sort(), include, exclude)) {
      const abs = join(root, p);
      const bytes = readFileSync(abs);
      files.set(p, {
        sha: createHash("sha256").update(bytes).digest("hex"),
        executable: (statSync(abs).mode & 0o111) !== 0,
        bytes: () => bytes,
      });
    }
    return new VTree(files);
  }

  static fromLiteral(contents: Record<string, string>): VTree {
    const files = new Map<string, VEntry>();
    for (const [p, text] of Object.entries(contents)) files.set(p, literalEntry(text, false));
    return new VTree(files);
  }

  /** Content digest: sorted (path, mode, sha256) triples, and the opaque subtrees' digests. */
  digest(): string {
    const h = createHash("sha256");
    for (const p of [...this.files.keys()].sort()) {
      const e = this.files.get(p)!;
      h.update(`${p}\0${e.executable ? 755 : 644}\0${e.sha}\n`);
    }
    for (const p of [...this.opaque.keys()].sort()) h.update(`${p}\0opaque\0${this.opaque.get(p)}\n`);
    return h.digest("hex");
  }

  filter(include: readonly string[] = [], exclude: readonly string[] = []): VTree {
    const keep = new Set(selectPaths(this.files.keys(), include, exclude));
    const opaque = new Map<string, string>();
    for (const [p, d] of this.opaque) {
      if (selectPaths([p], include, exclude).length > 0) opaque.set(p, d);
      else if (include.some((i) => norm(i).startsWith(p + "/"))) {
        // A selection inside an unknown subtree: still unknown, but keyed by what was selected.
        opaque.set(p, createHash("sha256").update(`${d}\0${include.join("\0")}\0${exclude.join("\0")}`).digest("hex"));
      }
    }
    return new VTree(new Map([...this.files].filter(([p]) => keep.has(p))), opaque);
  }

  /** The subtree under `dir`, re-rooted; undefined when `dir` is inside an opaque subtree. */
  sub(dir: string): VTree | undefined {
    const prefix = norm(dir);
    if (prefix === "") return this;
    for (const [o, d] of this.opaque) {
      if (prefix === o || prefix.startsWith(o + "/")) {
        return prefix === o ? new VTree(new Map(), new Map([["", d]])) : undefined;
      }
    }
    const files = new Map<string, VEntry>();
    for (const [p, e] of this.files) if (p.startsWith(prefix + "/")) files.set(p.slice(prefix.length + 1), e);
    const opaque = new Map<string, string>();
    for (const [o, d] of this.opaque) if (o.startsWith(prefix + "/")) opaque.set(o.slice(prefix.length + 1), d);
    return new VTree(files, opaque);
  }

  file(path: string): VEntry | undefined {
    return this.files.get(norm(path));
  }

  isDir(path: string): boolean {
    const prefix = norm(path);
    if (prefix === "") return true;
    for (const p of this.files.keys()) if (p.startsWith(prefix + "/")) return true;
    for (const o of this.opaque.keys()) if (o === prefix || o.startsWith(prefix + "/")) return true;
    return false;
  }

  /** Immediate children of `dir`, directories suffixed with `/` as the engine does. */
  entries(dir = ""): string[] {
    const prefix = norm(dir);
    const out = new Set<string>();
    for (const p of this.files.keys()) {
      if (prefix !== "" && !p.startsWith(prefix + "/")) continue;
      const rest = prefix === "" ? p : p.slice(prefix.length + 1);
      const slash = rest.indexOf("/");
      out.add(slash < 0 ? rest : rest.slice(0, slash + 1));
    }
    for (const o of this.opaque.keys()) {
      if (prefix !== "" && !o.startsWith(prefix + "/")) continue;
      const rest = prefix === "" ? o : o.slice(prefix.length + 1);
      out.add(rest.split("/")[0] + "/");
    }
    return [...out].sort();
  }

  /** Files and directories whose whole path matches `pattern`. */
  glob(pattern: string): string[] {
    const dirs = new Set<string>();
    for (const p of this.files.keys()) {
      const parts = p.split("/");
      for (let i = 1; i < parts.length; i++) dirs.add(parts.slice(0, i).join("/"));
    }
    return [...this.files.keys(), ...dirs].filter((p) => globMatch(pattern, p)).sort();
  }

  with(path: string, entry: VEntry): VTree {
    const files = new Map(this.files);
    files.set(norm(path), entry);
    return new VTree(files, this.opaque);
  }

  /** Copy `other` under `dir` (merging), optionally narrowed by include/exclude. */
  withTree(dir: string, other: VTree, include: readonly string[] = [], exclude: readonly string[] = []): VTree {
    const files = new Map(this.files);
    const opaque = new Map(this.opaque);
    const prefix = norm(dir);
    const at = (p: string): string => (prefix ? (p ? `${prefix}/${p}` : prefix) : p);
    const selected = other.filter(include, exclude);
    for (const [p, e] of selected.files) files.set(at(p), e);
    for (const [p, d] of selected.opaque) opaque.set(at(p), d);
    return new VTree(files, opaque);
  }

  /** Place content the double cannot know at `dir`, keyed by the digest of where it came from. */
  withOpaque(dir: string, digest: string): VTree {
    const prefix = norm(dir);
    const files = new Map([...this.files].filter(([p]) => p !== prefix && !p.startsWith(prefix + "/")));
    const opaque = new Map(this.opaque);
    opaque.set(prefix, digest);
    return new VTree(files, opaque);
  }

  without(path: string): VTree {
    const prefix = norm(path);
    const keep = (p: string): boolean => p !== prefix && !p.startsWith(prefix + "/");
    return new VTree(new Map([...this.files].filter(([p]) => keep(p))), new Map([...this.opaque].filter(([p]) => keep(p))));
  }
}

export function literalEntry(text: string | Buffer, executable: boolean): VEntry {
  const bytes = Buffer.isBuffer(text) ? text : Buffer.from(text, "utf8");
  return { sha: createHash("sha256").update(bytes).digest("hex"), executable, bytes: () => bytes };
}

export function norm(path: string): string {
  const n = posix.normalize("/" + path).replace(/^\/+/, "").replace(/\/+$/, "");
  return n === "." ? "" : n;
}
