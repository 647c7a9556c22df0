/**
 * Mirrors: where bakery's downloads go instead of their upstream hosts, for builds behind a
 * firewall. Git fetches are rewritten by URL prefix, the way git's `url.<base>.insteadOf` does
 * (the longest matching prefix wins), and the same rules reach cargo's git dependencies inside
 * the build as `insteadOf` rules of the git CLI, so bakery's own fetches and cargo's agree.
 * apt's sources are rewritten by the same kind of rules, in the build system's sources lists.
 * crates.io is replaced as a cargo source (`[source.crates-io] replace-with`), which keeps
 * Cargo.lock untouched: the lock still names crates.io, and the mirror serves the same crates.
 */

/** One URL rewrite: URLs starting with `from` are fetched from `to` + the rest. */
export interface UrlRewrite {
  readonly from: string;
  readonly to: string;
}

/** A git URL bakery or cargo may fetch: https, http, ssh, git or file, with a host or a path. */
const GIT_URL = /^(https?:\/\/[^\s/]+|ssh:\/\/[^\s/]+|git:\/\/[^\s/]+|file:\/\/)(\/\S*)?$/;

/** An apt source's URL: http or https, with a host. */
const APT_URL = /^https?:\/\/[^\s/]+(\/\S*)?$/;

/**
 * What is wrong with a list of rewrites, each "<from>=<to>" of two URL prefixes matching `url`,
 * each `from` once: the message names the option and the bad entry; undefined when nothing is.
 */
function rewritesProblem(option: string, entries: readonly string[], url: RegExp, valid: string): string | undefined {
  const seen = new Set<string>();
  for (const e of entries) {
    const { from, to } = split(e);
    if (!url.test(from) || !url.test(to)) return `${option} entry "${e}" is not valid; valid: <from>=<to>, ${valid}`;
    if (seen.has(from)) return `${option} gives "${from}" twice; give each prefix once`;
    seen.add(from);
  }
  return undefined;
}

/** What is wrong with `gitMirrors`, each "<from>=<to>" (both URL prefixes, each `from` once), naming the bad entry; undefined when nothing is. */
export function gitMirrorsProblem(entries: readonly string[]): string | undefined {
  return rewritesProblem("gitMirrors", entries, GIT_URL, "both URL prefixes (https://, http://, ssh://, git:// or file://), e.g. https://github.com/=https://git.example/github/");
}

/**
 * What is wrong with `aptMirrors`, each "<from>=<to>" of an apt source's URL prefix and an
 * http:// mirror (each `from` once); undefined when nothing is. An https:// mirror is refused:
 * the base images have no CA certificates before their first install, so apt could not verify
 * the mirror's certificate (apt checks what it downloads by the archive's signature either way).
 */
export function aptMirrorsProblem(entries: readonly string[]): string | undefined {
  const shape = rewritesProblem("aptMirrors", entries, APT_URL, "both http(s) URL prefixes, e.g. http://deb.debian.org/=http://apt.example/");
  if (shape) return shape;
  const https = entries.find((e) => split(e).to.startsWith("https://"));
  if (https) {
    return `aptMirrors entry "${https}" points apt at an https:// mirror, which the base images cannot verify before ca-certificates is installed; valid: an http:// mirror (apt checks every download by the archive's signature)`;
  }
  return undefined;
}

/** An entry "<from>=<to>" split at its first "=". */
function split(entry: string): UrlRewrite {
  const eq = entry.indexOf("=");
  return eq < 0 ? { from: "", to: "" } : { from: entry.slice(0, eq), to: entry.slice(eq + 1) };
}

/** The rules of a validated list of rewrites (`gitMirrors`, `aptMirrors`). */
export function urlRewrites(entries: readonly string[]): UrlRewrite[] {
  return entries.map(split);
}

/** A URL as fetched under the rules: the longest matching `from` is replaced by its `to`. */
export function rewriteUrl(url: string, rules: readonly UrlRewrite[]): string {
  const r = rules.filter((x) => url.startsWith(x.from)).sort((a, b) => b.from.length - a.from.length)[0];
  return r ? r.to + url.slice(r.from.length) : url;
}

/** The rules as the git CLI's environment (GIT_CONFIG_COUNT, _KEY_i, _VALUE_i: url.<to>.insteadOf = <from>). */
export function gitRewriteEnv(rules: readonly UrlRewrite[]): [string, string][] {
  if (rules.length === 0) return [];
  return [
    ["GIT_CONFIG_COUNT", String(rules.length)],
    ...rules.flatMap((r, i): [string, string][] => [
      [`GIT_CONFIG_KEY_${i}`, `url.${r.to}.insteadOf`],
      [`GIT_CONFIG_VALUE_${i}`, r.from],
    ]),
  ];
}

/** What is wrong with a Go proxy list (GOPROXY): "" (Go's default), or entries of http(s) URLs, "direct" or "off" separated by "," or "|"; undefined when nothing is. */
export function goProxyProblem(value: string): string | undefined {
  if (value === "" || value.split(/[,|]/).every((e) => e === "direct" || e === "off" || /^https?:\/\/[^\s/,|]+(\/[^\s,|]*)?$/.test(e))) return undefined;
  return `goProxy "${value}" is not valid; valid: "" (Go's default, proxy.golang.org) or a GOPROXY list of http(s) URLs, direct or off, e.g. https://goproxy.example,direct`;
}

/** A sparse registry index: cargo wants its URL with the trailing slash. */
const SPARSE_INDEX = /^sparse\+https?:\/\/[^\s/]+(\/\S*)?\/$/;

/** What is wrong with `cratesMirror`: "" (crates.io), a sparse index (sparse+https://…/) or a git index's URL; undefined when nothing is. */
export function cratesMirrorProblem(url: string): string | undefined {
  if (url === "" || SPARSE_INDEX.test(url) || GIT_URL.test(url)) return undefined;
  return `cratesMirror "${url}" is not valid; valid: "" (crates.io), a sparse index sparse+https://<host>/<path>/ (with its trailing slash), or a git index's URL`;
}

/** cargo's configuration that replaces crates.io by the mirror (CARGO_HOME/config.toml), or none. */
export function cratesMirrorConfig(index: string): string | undefined {
  if (index === "") return undefined;
  return ['[source.crates-io]', 'replace-with = "bakery-mirror"', "", "[source.bakery-mirror]", `registry = ${JSON.stringify(index)}`, ""].join("\n");
}
