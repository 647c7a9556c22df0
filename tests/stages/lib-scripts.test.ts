/**
 * docker/lib's scripts as a shell reads them, without a container: every line of a script's
 * header is a comment, and a script called wrongly prints its usage and nothing else. (The
 * Docker lane runs them for real, and shellcheck over them.)
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "../harness/schema.js";
import { scratch } from "../harness/scratch.js";

const LIB = join(REPO_ROOT, "docker", "lib");
const scripts = readdirSync(LIB).filter((f) => f.endsWith(".sh")).sort();

describe("docker/lib scripts", () => {
  it.each(scripts)("%s: every line before its `set` line is a comment", (name) => {
    const lines = readFileSync(join(LIB, name), "utf8").split("\n");
    expect(lines[0]).toMatch(/^#!\/bin\/(ba)?sh$/);
    const set = lines.findIndex((l) => /^set -/.test(l));
    expect(set, `${name} has no set line`).toBeGreaterThan(0);
    // A header line without '#' runs as a command, and sh goes on past it: set -e comes later.
    const stray = lines.slice(1, set).map((l, i) => [i + 2, l] as const).filter(([, l]) => l.trim() !== "" && !l.startsWith("#"));
    expect(stray).toEqual([]);
  });

  it("complement-run.sh called without arguments prints its usage and nothing else", () => {
    const r = spawnSync("sh", [join(LIB, "complement-run.sh")], { encoding: "utf8" });
    expect(r.status).toBe(2);
    expect(r.stderr).toBe("usage: complement-run.sh TESTEE_TAR OUT\n");
  });

  describe("apt-mirrors.sh, on sources of both forms in a directory of its own (APT_ETC)", () => {
    const DEB822 = "Types: deb\nURIs: http://deb.debian.org/debian\nSuites: testing\nComponents: main\n\nTypes: deb\nURIs: http://deb.debian.org/debian-security http://other.example/x\nSuites: testing-security\n";
    const ONE_LINE = "deb [arch=amd64 signed-by=/usr/share/keyrings/a b.gpg] http://archive.ubuntu.com/ubuntu noble main\n# deb http://deb.debian.org/debian old main\ndeb http://deb.debian.org/debian-security bookworm main\n";
    const setUp = () => {
      const dir = scratch("apt-mirrors");
      mkdirSync(join(dir, "etc/sources.list.d"), { recursive: true });
      writeFileSync(join(dir, "etc/sources.list.d/debian.sources"), DEB822);
      writeFileSync(join(dir, "etc/sources.list.d/extra.list"), ONE_LINE);
      const run = (...args: string[]) => spawnSync("sh", [join(LIB, "apt-mirrors.sh"), ...args], { encoding: "utf8", env: { ...process.env, APT_ETC: join(dir, "etc"), APT_KEEP: join(dir, "keep") } });
      const read = (f: string) => readFileSync(join(dir, "etc/sources.list.d", f), "utf8");
      return { dir, run, read };
    };

    it("rewrites each URI by its longest matching prefix, in URIs fields and deb lines, and leaves comments and other hosts", () => {
      const { run, read } = setUp();
      const r = run("rewrite", "http://deb.debian.org/=http://apt.example/d/", "http://deb.debian.org/debian-security=http://apt.example/sec", "http://archive.ubuntu.com/ubuntu=http://apt.example/u");
      expect(r.stderr).toBe("");
      expect(r.status).toBe(0);
      expect(read("debian.sources")).toBe(DEB822.replace("URIs: http://deb.debian.org/debian\n", "URIs: http://apt.example/d/debian\n").replace("http://deb.debian.org/debian-security http", "http://apt.example/sec http"));
      expect(read("extra.list")).toBe("deb [arch=amd64 signed-by=/usr/share/keyrings/a b.gpg] http://apt.example/u noble main\n# deb http://deb.debian.org/debian old main\ndeb http://apt.example/sec bookworm main\n");
    });

    it("restore puts the image's own sources back and leaves nothing of its own", () => {
      const { dir, run, read } = setUp();
      expect(run("rewrite", "http://deb.debian.org/=http://apt.example/d/").status).toBe(0);
      expect(run("restore").status).toBe(0);
      expect(read("debian.sources")).toBe(DEB822);
      expect(read("extra.list")).toBe(ONE_LINE);
      expect(existsSync(join(dir, "keep"))).toBe(false);
    });

    it("fails, listing apt's sources, when no rule matches any of them", () => {
      const { run, read } = setUp();
      const r = run("rewrite", "http://ftp.example/=http://apt.example/");
      expect(r.status).toBe(1);
      expect(r.stderr).toContain("apt-mirrors.sh: no apt source starts with a mirrored prefix (http://ftp.example/=http://apt.example/); apt's sources:\nURIs: http://deb.debian.org/debian\n");
      expect(read("debian.sources")).toBe(DEB822);
    });
  });
});
