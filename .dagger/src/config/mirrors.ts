/**
 * Mirrors: where bakery's downloads go instead of their upstream hosts, for builds behind a
 * firewall. Git fetches are rewritten by URL prefix, the way git's `url.<base>.insteadOf` does
 * (the longest matching prefix wins), and the same rules reach cargo's git dependencies inside
 * the build as `insteadOf` rules of the git CLI, so bakery's own fetches and cargo's agree.
 * apt's sources are rewritten by the same kind of rules, in the build system's sources lists.
 * crates.io is replaced as a cargo source (`[source.crates-io] replace-with`), which keeps
 * Cargo.lock untouched: the lock still names crates.io, and the mirror serves the same crates.
 * A private mirror's credentials are Dagger Secrets (MirrorAuth): sent to the mirrors only,
 * never put in an argument, a layer's files, its environment's plain values or a node's key.
 */
import { dag, type Container, type Directory, type Secret } from "@dagger.io/dagger";

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

/** The git mirrors' credentials: HTTP basic authentication, the password (a token) a Secret. */
export interface GitAuth {
  readonly user: string;
  readonly token: Secret;
}

/** A private mirror's credentials, each given only when the mirror asks for one. */
export interface MirrorAuth {
  /** For every git mirror (each rule's `to`). */
  readonly git?: GitAuth;
  /** cargo's token for the crates.io replacement (sent only to it, as cargo's registry token). */
  readonly crates?: Secret;
}

/** What a node's key says of credentials: which are given, never their values (a Secret's value is no input of a key). */
export function mirrorAuthKey(a: MirrorAuth): Record<string, unknown> {
  return {
    ...(a.git ? { git: { user: a.git.user, token: "secret gitMirrorsToken" } } : {}),
    ...(a.crates ? { crates: "secret cratesMirrorToken" } : {}),
  };
}

/** The environment variables the git CLI's credential helper reads the git mirrors' user and token from. */
export const GIT_AUTH_ENV = { user: "BAKERY_GIT_MIRROR_USER", token: "BAKERY_GIT_MIRROR_TOKEN" } as const;

/** A git credential helper (shell) answering `get` with the user and token from the environment. */
const GIT_CREDENTIAL_HELPER = `!f() { test "$1" = get || exit 0; echo "username=$${GIT_AUTH_ENV.user}"; echo "password=$${GIT_AUTH_ENV.token}"; }; f`;

/**
 * The rules as the git CLI's environment (GIT_CONFIG_COUNT, _KEY_i, _VALUE_i): url.<to>.insteadOf
 * = <from> for each, and with `credentials` a credential helper for each mirror (git matches
 * credential.<to>.helper by URL prefix, so the token goes to the mirrors and nowhere else).
 */
export function gitRewriteEnv(rules: readonly UrlRewrite[], credentials = false): [string, string][] {
  const helpers = credentials ? [...new Set(rules.map((r) => r.to))].map((to): [string, string] => [`credential.${to}.helper`, GIT_CREDENTIAL_HELPER]) : [];
  const entries = [...rules.map((r): [string, string] => [`url.${r.to}.insteadOf`, r.from]), ...helpers];
  if (entries.length === 0) return [];
  return [
    ["GIT_CONFIG_COUNT", String(entries.length)],
    ...entries.flatMap(([k, v], i): [string, string][] => [
      [`GIT_CONFIG_KEY_${i}`, k],
      [`GIT_CONFIG_VALUE_${i}`, v],
    ]),
  ];
}

/** A container whose git CLI fetches through the rules, authenticating at the mirrors when `auth` is given (its token a secret variable). */
export function withGitMirrors(c: Container, rules: readonly UrlRewrite[], auth?: GitAuth): Container {
  let out = c;
  for (const [k, v] of gitRewriteEnv(rules, auth !== undefined)) out = out.withEnvVariable(k, v);
  return auth ? out.withEnvVariable(GIT_AUTH_ENV.user, auth.user).withSecretVariable(GIT_AUTH_ENV.token, auth.token) : out;
}

/**
 * A git repository's tree at `commit`, fetched by the engine through the rules; the credentials
 * go with the fetch only when a rule sent it to a mirror.
 */
export function gitTree(url: string, commit: string, rules: readonly UrlRewrite[], auth?: GitAuth): Directory {
  return dag.git(rewriteUrl(url, rules), gitAuthOptions(mirroredAuth(url, rules, auth))).commit(commit).tree({ discardGitDir: true });
}

/** The credentials a fetch of `url` by the engine sends: the mirrors', when a rule sends it to one; none otherwise. */
export function mirroredAuth(url: string, rules: readonly UrlRewrite[], auth?: GitAuth): GitAuth | undefined {
  return rewriteUrl(url, rules) === url ? undefined : auth;
}

/** The engine's git options that authenticate a fetch from a mirror (none without credentials). */
export function gitAuthOptions(auth?: GitAuth): { httpAuthUsername?: string; httpAuthToken?: Secret } {
  return auth ? { httpAuthUsername: auth.user, httpAuthToken: auth.token } : {};
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

/** The name cargo knows the crates.io replacement by (a registry, so a token can be given for it alone). */
export const CRATES_MIRROR_REGISTRY = "bakery-mirror";

/** The environment variable cargo reads the replacement's token from (its credential provider cargo:token). */
export const CRATES_TOKEN_ENV = `CARGO_REGISTRIES_${CRATES_MIRROR_REGISTRY.toUpperCase().replace(/-/g, "_")}_TOKEN`;

/**
 * cargo's configuration that replaces crates.io by the mirror (CARGO_HOME/config.toml), or none:
 * the mirror is a registry that crates.io's source is replaced with, so cargo sends the
 * registry's token (CRATES_TOKEN_ENV) to it alone, when its config.json says auth-required.
 * cargo refuses an authenticated registry that names no credential provider, so it names
 * cargo:token, the provider that reads that variable.
 */
export function cratesMirrorConfig(index: string): string | undefined {
  if (index === "") return undefined;
  return ["[source.crates-io]", `replace-with = "${CRATES_MIRROR_REGISTRY}"`, "", `[registries.${CRATES_MIRROR_REGISTRY}]`, `index = ${JSON.stringify(index)}`, 'credential-provider = ["cargo:token"]', ""].join("\n");
}
