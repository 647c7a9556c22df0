import { spawnSync } from "node:child_process";
import { chmodSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { smokeCommand, type SmokeSettings } from "../../.dagger/src/leaves/smokes.js";
import { scratch } from "../harness/scratch.js";

const settings: SmokeSettings = { versionArgs: ["-V"], startupArgs: ["--smoke"], valgrindArgs: ["--workers=1"], env: [] };

describe("smoke commands", () => {
  it("the version check passes on output and fails on none (run here with a real shell)", () => {
    const dir = scratch("smoke");
    const talk = join(dir, "talk");
    const mute = join(dir, "mute");
    writeFileSync(talk, "#!/bin/sh\necho \"loaf 0.3.1\"\n");
    writeFileSync(mute, "#!/bin/sh\nexit 0\n");
    chmodSync(talk, 0o755);
    chmodSync(mute, 0o755);
    const run = (bin: string) => {
      const [cmd, ...args] = smokeCommand("version", "x", settings).map((a) => (a === "/usr/bin/x" ? bin : a));
      return spawnSync(cmd!, args, { encoding: "utf8" });
    };
    expect(run(talk).status).toBe(0);
    expect(run(talk).stdout).toBe("loaf 0.3.1\n");
    expect(run(mute).status).not.toBe(0);
  });

  it("startup, valgrind and perf run the installed binary with the startup arguments", () => {
    expect(smokeCommand("startup", "loaf", settings)).toEqual(["/usr/bin/loaf", "--smoke"]);
    expect(smokeCommand("valgrind", "loaf", settings)).toEqual([
      "valgrind", "--error-exitcode=1", "--exit-on-first-error=yes", "--undef-value-errors=no", "--leak-check=no", "/usr/bin/loaf", "--smoke", "--workers=1",
    ]);
    expect(smokeCommand("perf", "loaf", settings).slice(0, 4)).toEqual(["perf", "stat", "-e", "task-clock,context-switches,cpu-migrations,page-faults"]);
  });
});
