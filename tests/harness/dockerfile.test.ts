import { readFileSync } from "node:fs";
import { join } from "node:path";
import { STAGE_FILES } from "../../.dagger/src/layers/stages.js";
import { describe, expect, it } from "vitest";
import { expand, parseDockerfile, planBuild } from "./dockerfile.js";
import { REPO_ROOT } from "./schema.js";

const text = [
  "ARG base=debian:trixie-slim",
  "FROM ${base} AS one",
  "ARG a=1",
  "ENV P=/x:$PATH",
  "RUN --mount=type=cache,id=c-${a},target=/c,sharing=locked \\",
  "    echo $a",
  "FROM one AS two",
  "ARG b",
  "RUN echo two",
  "FROM scratch AS out",
  "COPY --from=two /x /x",
  "FROM one AS unused",
  "RUN false",
].join("\n");

describe("the double's Dockerfile conversion", () => {
  it("builds only the stages the target needs, in order", () => {
    const plans = planBuild(parseDockerfile(text), "out", {}, "linux/amd64");
    expect(plans.map((p) => p.name)).toEqual(["one", "two", "out"]);
  });

  it("expands ARGs in FROM and mount options; a cache id becomes the engine's volume key \"/\" + id", () => {
    const [one] = planBuild(parseDockerfile(text), "one", { a: "7" }, "linux/amd64");
    expect(one!.steps[0]).toEqual({ kind: "from", address: "debian:trixie-slim", platform: "linux/amd64" });
    const run = one!.steps.find((s) => s.kind === "exec");
    expect(run).toMatchObject({ kind: "exec", args: { a: "7" }, mounts: [{ id: "/c-7", target: "/c", sharing: "LOCKED" }] });
    const [anon] = planBuild(parseDockerfile("FROM a\nRUN --mount=type=cache,target=/root/.cache/ x"), "", {}, "linux/amd64");
    expect(anon!.steps.find((s) => s.kind === "exec")).toMatchObject({ mounts: [{ id: "//root/.cache", target: "/root/.cache/" }] });
  });

  it("an ARG with a value joins the environment before the next RUN, and stays in the container's; stages built on it inherit it", () => {
    const plans = planBuild(parseDockerfile(text), "two", { a: "7" }, "linux/amd64");
    const [one, two] = plans;
    const envBefore = (p: typeof one, i: number) => p!.steps.slice(0, i).filter((s) => s.kind === "env").map((s) => (s as { name: string }).name);
    const runAt = one!.steps.findIndex((s) => s.kind === "exec");
    expect(envBefore(one, runAt)).toContain("a");
    expect(one!.containerEnv.get("a")).toBe("7");
    // two: FROM one; its RUN is keyed on one's ARG (inherited), not on its own valueless ARG b.
    expect(two!.steps.find((s) => s.kind === "exec")).toMatchObject({ args: { a: "7" } });
    expect(two!.containerEnv.get("a")).toBe("7");
    expect(two!.containerEnv.has("b")).toBe(false);
  });

  it("an ARG with no value joins nothing; one declared after the last RUN is not in the container's environment", () => {
    const t = "FROM a AS s\nARG early\nRUN x\nARG late=1\n";
    const [s] = planBuild(parseDockerfile(t), "s", {}, "linux/amd64");
    expect(s!.steps.find((x) => x.kind === "exec")).toMatchObject({ args: {} });
    expect([...s!.containerEnv.keys()]).toEqual(["PATH"]);
    const [given] = planBuild(parseDockerfile(t), "s", { early: "e" }, "linux/amd64");
    expect(given!.containerEnv.get("early")).toBe("e");
  });

  it("a build arg a stage does not declare leaves it unchanged", () => {
    const a = planBuild(parseDockerfile(text), "one", {}, "linux/amd64");
    const b = planBuild(parseDockerfile(text), "one", { b: "x", unrelated: "y" }, "linux/amd64");
    expect(b).toEqual(a);
    const twoA = planBuild(parseDockerfile(text), "two", {}, "linux/amd64")[1];
    const twoB = planBuild(parseDockerfile(text), "two", { b: "x" }, "linux/amd64")[1];
    expect(twoB).not.toEqual(twoA);
  });

  it("inherits ENV from the base stage and expands against it", () => {
    const two = planBuild(parseDockerfile(text), "two", {}, "linux/amd64")[1]!;
    expect(two.env.get("P")).toBe("/x:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
    expect(expand("${X:-d} ${P:+set} $Q", new Map([["P", "1"]]))).toBe("d set ");
  });

  it("refuses what it does not model, so stage files cannot outgrow it silently", () => {
    expect(() => parseDockerfile("FROM a\nHEALTHCHECK CMD true")).toThrow(/does not model HEALTHCHECK/);
    expect(() => parseDockerfile("FROM a\nRUN <<EOF\necho\nEOF")).toThrow(/heredocs are not modelled/);
    expect(() => planBuild(parseDockerfile(text), "nope", {}, "linux/amd64")).toThrow('target stage "nope" not found');
  });

  it("parses every stage of bakery's stage library", () => {
    const composed = Object.values(STAGE_FILES).map((f) => readFileSync(join(REPO_ROOT, "docker", f), "utf8")).join("\n");
    const parsed = parseDockerfile(composed);
    expect(parsed.stages.map((s) => s.name)).toEqual([
      "os-upstream", "os-mirror", "system", "builder", "runtime", "service", "image-upstream", "image-mirror", "image",
      "tools-toolchain", "tools-crates-upstream", "tools-crates-mirror", "cargo-tool", "cargo-tool-token", "rust", "rocksdb-build", "rocksdb",
      "complement-tester", "complement-testee", "complement-testee-valgrind",
    ]);
    for (const s of parsed.stages) expect(() => planBuild(parsed, s.name!, {}, "linux/amd64")).not.toThrow();
  });
});
