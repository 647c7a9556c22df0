/**
 * Path patterns as the engine applies them to `include`/`exclude` lists (Host.directory,
 * Directory.filter, withDirectory): dockerignore semantics (moby/patternmatcher). A pattern
 * matches a path when it matches the path itself or one of its parent directories; `**`
 * spans directories, `*` and `?` do not cross `/`; a leading `!` re-includes; later
 * patterns win. This is the double's model of the engine, stated here so tests can see it.
 */

interface Compiled {
  negated: boolean;
  regex: RegExp;
}

function globToRegex(glob: string): RegExp {
  let re = "";
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === "*") {
      if (glob[i + 1] === "*") {
        // `**/` matches zero or more directories; a bare `**` matches anything.
        if (glob[i + 2] === "/") {
          re += "(?:.*/)?";
          i += 2;
        } else {
          re += ".*";
          i += 1;
        }
      } else {
        re += "[^/]*";
      }
    } else if (c === "?") {
      re += "[^/]";
    } else if (c === "[") {
      const end = glob.indexOf("]", i + 1);
      if (end < 0) {
        re += "\\[";
      } else {
        let cls = glob.slice(i + 1, end);
        if (cls.startsWith("!")) cls = "^" + cls.slice(1);
        re += `[${cls.replace(/\\/g, "\\\\")}]`;
        i = end;
      }
    } else if (c === "\\" && i + 1 < glob.length) {
      re += "\\" + glob[++i];
    } else {
      re += c.replace(/[.+^${}()|]/g, "\\$&");
    }
  }
  return new RegExp(`^${re}$`);
}

function clean(pattern: string): string {
  return pattern.replace(/^\.\//, "").replace(/^\/+/, "").replace(/\/+$/, "");
}

export function compilePatterns(patterns: readonly string[]): Compiled[] {
  return patterns
    .map((p) => p.trim())
    .filter((p) => p !== "" && !p.startsWith("#"))
    .map((p) => {
      const negated = p.startsWith("!");
      return { negated, regex: globToRegex(clean(negated ? p.slice(1) : p)) };
    });
}

/** Every prefix of `path` that names it or one of its parent directories. */
function selfAndParents(path: string): string[] {
  const parts = path.split("/");
  return parts.map((_, i) => parts.slice(0, i + 1).join("/"));
}

/** True when the last pattern that matches `path` (or a parent) is not negated. */
export function matches(compiled: readonly Compiled[], path: string): boolean {
  const candidates = selfAndParents(path);
  let matched = false;
  for (const { negated, regex } of compiled) {
    if (candidates.some((c) => regex.test(c))) matched = !negated;
  }
  return matched;
}

/** Apply an include list then an exclude list to a set of relative file paths. */
export function selectPaths(
  paths: Iterable<string>,
  include: readonly string[] = [],
  exclude: readonly string[] = [],
): string[] {
  const inc = compilePatterns(include);
  const exc = compilePatterns(exclude);
  const out: string[] = [];
  for (const p of paths) {
    if (inc.length > 0 && !matches(inc, p)) continue;
    if (exc.length > 0 && matches(exc, p)) continue;
    out.push(p);
  }
  return out;
}

/** `Directory.glob` semantics: the pattern must match the whole relative path. */
export function globMatch(pattern: string, path: string): boolean {
  return globToRegex(clean(pattern)).test(path);
}
