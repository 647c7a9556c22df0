/**
 * npm run docs: write what tests/harness/docs.ts derives from the module. The groups come
 * first: when they change, the rest is made again in a new process, which loads them.
 */
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { LAYER_FUNCTIONS } from "../../.dagger/src/graph.js";
import { REPO_ROOT } from "./module.js";
import { GROUPS_FILE, groupsSource, renderDocs, scannedGroups } from "./docs.js";

const groups = groupsSource(await scannedGroups());
if (readFileSync(join(REPO_ROOT, GROUPS_FILE), "utf8") !== groups) {
  writeFileSync(join(REPO_ROOT, GROUPS_FILE), groups);
  process.stdout.write(`docs: wrote ${GROUPS_FILE}\n`);
  execFileSync(process.execPath, process.execArgv.concat(process.argv.slice(1)), { stdio: "inherit" });
  process.exit(0);
}
const kebab = (s: string): string => s.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
for (const [path, text] of await renderDocs(LAYER_FUNCTIONS.filter((l) => l !== "tool").map(kebab))) {
  if (readFileSync(join(REPO_ROOT, path), "utf8") === text) continue;
  writeFileSync(join(REPO_ROOT, path), text);
  process.stdout.write(`docs: wrote ${path}\n`);
}
process.exit(0);
