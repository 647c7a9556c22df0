/**
 * npm run docs: write what tests/harness/docs.ts derives from the module. The groups come
 * first: when they change, the rest is made again in a new process, which loads them.
 */
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { TARGET_LAYERS } from "../../.dagger/src/graph.js";
import { kebab } from "../../.dagger/src/names.js";
import { exitWith } from "./exit.js";
import { REPO_ROOT } from "./module.js";
import { GROUPS_FILE, groupsSource, renderDocs, scannedGroups } from "./docs.js";

const groups = groupsSource(await scannedGroups());
if (readFileSync(join(REPO_ROOT, GROUPS_FILE), "utf8") !== groups) {
  writeFileSync(join(REPO_ROOT, GROUPS_FILE), groups);
  // the rest is written by a new process, which loads the groups just written
  const rest = execFileSync(process.execPath, process.execArgv.concat(process.argv.slice(1)), { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
  await exitWith(0, `docs: wrote ${GROUPS_FILE}\n${rest}`);
}
const wrote: string[] = [];
for (const [path, text] of await renderDocs(TARGET_LAYERS.map(kebab))) {
  if (readFileSync(join(REPO_ROOT, path), "utf8") === text) continue;
  writeFileSync(join(REPO_ROOT, path), text);
  wrote.push(`docs: wrote ${path}\n`);
}
await exitWith(0, wrote.join(""));
