/**
 * The book's command, run by a real shell against a stand-in `mdbook` that prints what mdbook
 * 0.5.4 prints (seen running it on a book with a missing include: it logs the error and exits 0).
 */
import { spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { BOOK_COMMAND } from "../../.dagger/src/leaves/docs.js";
import { scratch } from "../harness/scratch.js";

/** Run BOOK_COMMAND with an `mdbook` on PATH that prints `log` and exits `status`. */
function run(log: string, status: number): number {
  const dir = scratch("book");
  mkdirSync(join(dir, "bin"));
  writeFileSync(join(dir, "bin", "mdbook"), `#!/bin/sh\ncat <<'LOG'\n${log}\nLOG\nexit ${status}\n`);
  chmodSync(join(dir, "bin", "mdbook"), 0o755);
  const [sh, flag, script, dest] = BOOK_COMMAND as [string, string, string, string];
  const r = spawnSync(sh, [flag, script, dest], { env: { ...process.env, PATH: `${join(dir, "bin")}:${process.env.PATH}` }, encoding: "utf8" });
  return r.status ?? -1;
}

const OK = [" INFO Book building has started", " INFO Running the html backend", " INFO HTML book written to `/usr/src/book`"].join("\n");
const MISSING_INCLUDE = [
  " INFO Book building has started",
  'ERROR Error updating "{{#include ../missing.txt}}", Could not read file for link {{#include ../missing.txt}} (/usr/src/workspace/docs/../missing.txt)',
  " WARN Caused By: failed to read `/usr/src/workspace/docs/../missing.txt`",
  " INFO HTML book written to `/usr/src/book`",
].join("\n");

describe("the book's command", () => {
  it("passes a clean build", () => expect(run(OK, 0)).toBe(0));
  it("fails a build mdbook logged an error for, although mdbook exited 0", () => expect(run(MISSING_INCLUDE, 0)).not.toBe(0));
  it("fails when mdbook fails", () => expect(run(OK, 1)).not.toBe(0));
});
