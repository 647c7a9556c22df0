/**
 * Documentation: the book (pinned mdbook over the docs sources, nothing compiled) and rustdoc
 * of the workspace on the metadata dependency pass, with RUSTDOCFLAGS honoured: warnings are
 * denied on request.
 */
import { dag, type Container, type Directory } from "@dagger.io/dagger";
import type { Cell } from "../config/cell.js";
import { PATHS } from "../defaults.js";
import { withSources } from "../layers/build.js";
import { cellFlags } from "../layers/cargo.js";
import { withTools } from "../layers/rust.js";
import { bookSources } from "../workspace/book.js";
import { directoryReader } from "../workspace/reader.js";
import type { Graph, Node } from "../graph.js";

/** Where the book is built. */
export const BOOK_DIR = "/usr/src/book";

/** What the book is made from. */
export interface BookInputs {
  /** An image with mdbook on PATH. */
  readonly image: Container;
  /** The book's sources (book.toml and what it includes). */
  readonly source: Directory;
}

/**
 * mdbook build, failing when mdbook logs an error: mdbook 0.5.4 logs a page it cannot
 * preprocess (`ERROR Error updating "{{#include …}}", Could not read file for link …`) and still
 * exits 0.
 */
export const BOOK_COMMAND = [
  "sh",
  "-c",
  `mdbook build --dest-dir "$0" >/tmp/mdbook.log 2>&1; status=$?; cat /tmp/mdbook.log; [ "$status" -eq 0 ] && ! grep -qE '^ *(\\[)?ERROR(\\])? ' /tmp/mdbook.log`,
  BOOK_DIR,
];

export function bookLeaf(i: BookInputs): Directory {
  return i.image
    .withDirectory(PATHS.workspace, i.source)
    .withWorkdir(PATHS.workspace)
    .withDirectory(BOOK_DIR, dag.directory())
    .withExec(BOOK_COMMAND)
    .directory(BOOK_DIR);
}

/**
 * rustdoc's flags: warnings denied when asked (by default none are); a base path for the
 * shared static files (nightly only).
 */
export function rustdocFlags(cell: Cell, basePath: string, denyWarnings: boolean): string {
  if (basePath && cell.toolchain.kind !== "nightly") {
    throw new Error(`docs --base-path needs a nightly rust_toolchain (rustdoc's --static-root-path is unstable); the cell's is ${cell.toolchain.channel}`);
  }
  const base = basePath ? ["-Zunstable-options", `--static-root-path=${basePath.replace(/\/$/, "")}/static.files/`] : [];
  return [...(denyWarnings ? ["-D", "warnings"] : []), ...base].join(" ");
}

/** The rustdoc command over the workspace's own crates. */
export function docCommand(cell: Cell): string[] {
  return ["cargo", "doc", ...cellFlags(cell, "cargo"), "--no-deps", "--document-private-items"];
}

/** What the docs are made from. */
export interface DocsInputs {
  /** The metadata dependency pass. */
  readonly depsMeta: Container;
  readonly source: Directory;
  readonly cell: Cell;
  readonly basePath: string;
  readonly denyWarnings: boolean;
}

export function docsLeaf(i: DocsInputs): Directory {
  return withSources(i.depsMeta, i.source)
    .withEnvVariable("RUSTDOCFLAGS", rustdocFlags(i.cell, i.basePath, i.denyWarnings))
    .withExec(docCommand(i.cell))
    .directory(`${PATHS.targetDir}/${i.cell.rustTarget}/doc`);
}

/** The book on the graph: mdbook on the system, over what book.toml and its pages read (bookSources) and `paths` besides. */
export function bookOn(g: Graph, paths: readonly string[]): Node<Directory> {
  return g.leaf("pkg:book", { system: g.system(), tool: g.tool("mdbook") }, async ({ system, tool }) => {
    const sources = await bookSources(directoryReader(g.source));
    return bookLeaf({ image: withTools(system, [tool]), source: g.source.filter({ include: [...new Set([...sources, ...paths])] }) });
  });
}

/** The docs on the graph: rustdoc on the metadata pass. */
export function docsOn(g: Graph, basePath: string, denyWarnings: boolean): Node<Directory> {
  return g.leaf("pkg:docs", { depsMeta: g.depsMeta() }, ({ depsMeta }) => docsLeaf({ depsMeta, source: g.rustSource(), cell: g.cell, basePath, denyWarnings }));
}
