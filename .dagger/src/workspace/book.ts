/**
 * What an mdbook book reads from the workspace: book.toml, its source directory, its theme and
 * extra CSS/JS, and every file its pages include ({{#include}}, {{#rustdoc_include}},
 * {{#playground}}), followed into included Markdown files. mdbook only logs an include it cannot
 * read and still succeeds, so a missing one is an error here, naming the page.
 */
import { posix } from "node:path";
import { parse as parseToml } from "smol-toml";
import type { WorkspaceReader } from "./reader.js";

/** The includes of a page: the path written, without mdbook's `:anchor` or `:line:line` suffix. */
export function pageIncludes(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/(\\?)\{\{#(?:include|rustdoc_include|playground)\s+([^}\s]+)[^}]*\}\}/g)) {
    if (m[1]) continue; // escaped: mdbook prints it as written
    out.push(m[2]!.replace(/:.*$/, ""));
  }
  return out;
}

type Toml = Record<string, unknown>;
const table = (v: unknown): Toml => (v && typeof v === "object" && !Array.isArray(v) ? (v as Toml) : {});
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : []);

/** Every path of the workspace the book reads (sorted); throws naming a missing include and its page. */
export async function bookSources(reader: WorkspaceReader): Promise<string[]> {
  const text = await reader.read("book.toml");
  if (text === undefined) throw new Error("the workspace has no book.toml (mdbook's configuration)");
  let config: Toml;
  try {
    config = parseToml(text) as Toml;
  } catch (e) {
    throw new Error(`book.toml: not valid TOML: ${(e as Error).message.split("\n")[0]}`);
  }
  const src = posix.normalize(String(table(config.book).src ?? "src")).replace(/\/$/, "");
  const html = table(table(config.output).html);
  const theme = posix.normalize(String(html.theme ?? "theme")).replace(/\/$/, "");
  const paths = new Set<string>(["book.toml", src, theme, ...strings(html["additional-css"]), ...strings(html["additional-js"])]);
  const missing: string[] = [];
  const queue = await reader.glob(`${src}/**/*.md`);
  const seen = new Set(queue);
  while (queue.length > 0) {
    const page = queue.shift()!;
    const body = (await reader.read(page)) ?? "";
    for (const inc of pageIncludes(body)) {
      const path = posix.normalize(posix.join(posix.dirname(page), inc));
      if (path.startsWith("../") || posix.isAbsolute(path)) {
        missing.push(`${page} includes ${inc}, which is outside the workspace`);
        continue;
      }
      if ((await reader.read(path)) === undefined) {
        missing.push(`${page} includes ${inc} (${path}), which is not in the workspace`);
        continue;
      }
      paths.add(path);
      if (path.endsWith(".md") && !seen.has(path)) {
        seen.add(path);
        queue.push(path);
      }
    }
  }
  if (missing.length > 0) throw new Error(`the book cannot be built: ${missing.join("; ")}`);
  return [...paths].sort();
}
