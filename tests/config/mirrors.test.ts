import { describe, expect, it } from "vitest";
import { aptMirrorsProblem, cratesMirrorConfig, cratesMirrorProblem, gitMirrorsProblem, gitRewriteEnv, rewriteUrl, urlRewrites } from "../../.dagger/src/config/mirrors.js";

describe("git rewrites", () => {
  const rules = urlRewrites(["https://github.com/=https://git.example/gh/", "https://github.com/facebook/=https://git.example/fb/"]);

  it("replace the longest matching prefix, as git's insteadOf does, and leave other URLs alone", () => {
    expect(rewriteUrl("https://github.com/facebook/rocksdb", rules)).toBe("https://git.example/fb/rocksdb");
    expect(rewriteUrl("https://github.com/matrix-construct/tuwunel", rules)).toBe("https://git.example/gh/matrix-construct/tuwunel");
    expect(rewriteUrl("https://gitlab.com/a/b", rules)).toBe("https://gitlab.com/a/b");
  });

  it("reach the git CLI as insteadOf rules of its environment", () => {
    expect(gitRewriteEnv(rules)).toEqual([
      ["GIT_CONFIG_COUNT", "2"],
      ["GIT_CONFIG_KEY_0", "url.https://git.example/gh/.insteadOf"],
      ["GIT_CONFIG_VALUE_0", "https://github.com/"],
      ["GIT_CONFIG_KEY_1", "url.https://git.example/fb/.insteadOf"],
      ["GIT_CONFIG_VALUE_1", "https://github.com/facebook/"],
    ]);
    expect(gitRewriteEnv([])).toEqual([]);
  });

  it("refuse an entry that is not <from>=<to> of two URLs, or a prefix given twice, naming it", () => {
    expect(gitMirrorsProblem(["https://github.com/=https://git.example/"])).toBeUndefined();
    expect(gitMirrorsProblem(["https://github.com/"])).toMatch(/^gitMirrors entry "https:\/\/github.com\/" is not valid; valid: <from>=<to>/);
    expect(gitMirrorsProblem(["github.com=git.example"])).toContain('"github.com=git.example" is not valid');
    expect(gitMirrorsProblem(["https://a.example/=https://b.example/", "https://a.example/=https://c.example/"])).toBe('gitMirrors gives "https://a.example/" twice; give each prefix once');
  });
});

describe("apt mirrors", () => {
  it("are <from>=<to> of http(s) prefixes, each from once, naming the bad entry", () => {
    expect(aptMirrorsProblem([])).toBeUndefined();
    expect(aptMirrorsProblem(["http://deb.debian.org/=http://apt.example/debian/", "http://security.debian.org/=http://apt.example/security/"])).toBeUndefined();
    expect(aptMirrorsProblem(["deb.debian.org=apt.example"])).toBe('aptMirrors entry "deb.debian.org=apt.example" is not valid; valid: <from>=<to>, both http(s) URL prefixes, e.g. http://deb.debian.org/=http://apt.example/');
    expect(aptMirrorsProblem(["http://a.example/=http://b.example/", "http://a.example/=http://c.example/"])).toBe('aptMirrors gives "http://a.example/" twice; give each prefix once');
  });

  it("refuse an https mirror, which apt cannot verify before the base image has CA certificates", () => {
    expect(aptMirrorsProblem(["http://deb.debian.org/=https://apt.example/"])).toMatch(/^aptMirrors entry "http:\/\/deb.debian.org\/=https:\/\/apt.example\/" points apt at an https:\/\/ mirror, which the base images cannot verify before ca-certificates is installed; valid: an http:\/\/ mirror/);
  });
});

describe("the crates.io replacement", () => {
  it("is a sparse index with its trailing slash, a git index, or none", () => {
    expect(cratesMirrorProblem("")).toBeUndefined();
    expect(cratesMirrorProblem("sparse+https://crates.example/index/")).toBeUndefined();
    expect(cratesMirrorProblem("https://git.example/crates.io-index")).toBeUndefined();
    expect(cratesMirrorProblem("sparse+https://crates.example/index")).toMatch(/^cratesMirror "sparse\+https:\/\/crates.example\/index" is not valid; valid: "" \(crates.io\), a sparse index/);
    expect(cratesMirrorProblem("crates.example")).toContain("is not valid");
  });

  // cargo refuses an authenticated registry without a credential provider (found in the lab), so
  // the mirror names cargo:token, which reads CARGO_REGISTRIES_BAKERY_MIRROR_TOKEN
  it("replaces crates.io as a cargo source, so Cargo.lock's crates.io entries stay as they are, with cargo's token as its credentials", () => {
    expect(cratesMirrorConfig("")).toBeUndefined();
    expect(cratesMirrorConfig("sparse+https://crates.example/index/")).toBe(
      '[source.crates-io]\nreplace-with = "bakery-mirror"\n\n[registries.bakery-mirror]\nindex = "sparse+https://crates.example/index/"\ncredential-provider = ["cargo:token"]\n',
    );
  });
});
