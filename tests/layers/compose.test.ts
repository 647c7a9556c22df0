/**
 * The Dockerfile one stage build is given: what BuildKit's parser makes of the stage files, cut
 * down to the stages the target reaches, so that what does not build the target cannot re-key
 * it (the engine keys a dockerBuild's result on its Dockerfile and context).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { composeStages, instructions } from "../../.dagger/src/layers/compose.js";
import { STAGE_FILES } from "../../.dagger/src/layers/stages.js";
import { REPO_ROOT } from "../harness/schema.js";

const library = (file: string): string => readFileSync(join(REPO_ROOT, "docker", file), "utf8");
const SYSTEM = library(STAGE_FILES.system);
const RUST = library(STAGE_FILES.rust);

describe("instructions", () => {
  it("join continuation lines as BuildKit does: the backslash dropped, the next line's indentation kept, comments between skipped", () => {
    const text = ["# a comment", "", "RUN --mount=type=cache,id=x,target=/x \\", "    # between", "    make \\  ", "\t&& make install", "ENV A=1"].join("\n");
    expect(instructions(text)).toEqual([
      { op: "RUN", rest: "--mount=type=cache,id=x,target=/x     make \t&& make install" },
      { op: "ENV", rest: "A=1" },
    ]);
  });

  it("refuse a file whose last instruction runs on past its end", () => {
    expect(() => instructions("RUN make \\\n")).toThrow('stage library: an instruction ends in a continuation: "RUN make "');
  });
});

describe("composeStages", () => {
  it("gives a build the stages its target reaches, without comments, and the files they copy", () => {
    const c = composeStages([SYSTEM], "builder", {});
    expect([...c.dockerfile.matchAll(/^FROM (\S+) AS (\S+)$/gm)].map((m) => `${m[2]} on ${m[1]}`)).toEqual(["system on ${sys_name}:${sys_version}", "builder on system"]);
    expect(c.dockerfile).not.toMatch(/^#/m);
    expect(c.dockerfile.split("\n").filter((l) => l.startsWith("ARG ")).slice(0, 2)).toEqual(["ARG sys_name=debian", "ARG sys_version=testing-slim"]);
    expect(c.copies).toEqual(["lib/apt-install.sh", "lib/link-static-cxx.sh"]);
    expect(c.stageArgs).toEqual(["apt_cache", "base_packages", "build_packages", "static_cxx_dir"]);
  });

  it("reads the same for a comment, a reworded unreached stage, or a stage picked by no build arg", () => {
    const plain = composeStages([SYSTEM, RUST], "rust", {});
    const commented = SYSTEM.replace("FROM system AS builder", "# the build system\nFROM system AS builder");
    const otherImage = SYSTEM.replace("image-setup.sh", "image-setup-2.sh");
    expect(composeStages([commented, RUST], "rust", {})).toEqual(plain);
    expect(composeStages([otherImage, RUST], "rust", {})).toEqual(plain);
    // no mirror stage, no selecting ARG: as if the library had none
    expect(plain.dockerfile).not.toMatch(/-mirror|apt_mirrors|apt_sources|crates_/);
  });

  it("resolves a stage picked by a build arg, and skips a stage that only renames another", () => {
    const mirrored = composeStages([SYSTEM], "image", { apt_sources: "mirror", apt_mirrors: "http://deb.debian.org/=http://apt.example/" });
    const stages = [...mirrored.dockerfile.matchAll(/^FROM (\S+) AS (\S+)$/gm)].map((m) => `${m[2]} on ${m[1]}`);
    expect(stages).toEqual(["os-mirror on ${sys_name}:${sys_version}", "system on os-mirror", "service on system", "image-mirror on service", "image on image-mirror"]);
    expect(mirrored.copies).toContain("lib/apt-mirrors.sh");
    const plain = composeStages([SYSTEM], "image", {});
    expect([...plain.dockerfile.matchAll(/^FROM (\S+) AS (\S+)$/gm)].map((m) => `${m[2]} on ${m[1]}`)).toEqual(["system on ${sys_name}:${sys_version}", "service on system", "image on service"]);
  });

  it("follows COPY --from to the stage it names", () => {
    const c = composeStages([SYSTEM, library(STAGE_FILES.rocksdb)], "rocksdb", {});
    expect(c.dockerfile).toContain("FROM builder AS rocksdb-build");
    expect(c.dockerfile).toContain("COPY --from=rocksdb-build /opt/rocksdb/lib /lib");
    expect(c.copies).toEqual(["lib/apt-install.sh", "lib/link-static-cxx.sh", "lib/rocksdb-build.sh", "rocksdb"]);
  });

  it("names the stages when the target is none of them, and wants every stage named", () => {
    expect(() => composeStages([SYSTEM], "buildr", {})).toThrow(/^stage library: no stage "buildr"; stages: os-upstream, os-mirror, system, builder/);
    expect(() => composeStages(["FROM debian\nRUN true\n"], "x", {})).toThrow('stage library: every stage is named (FROM <base> AS <name>); not "FROM debian"');
  });
});
