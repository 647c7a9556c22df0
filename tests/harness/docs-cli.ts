/**
 * npm run docs: write what tests/harness/docs.ts derives from the module. The source's regions
 * (sources.ts) come first, then the groups: when either changes, the rest is made again in a new
 * process, which loads them.
 */
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { TARGET_LAYERS } from "../../.dagger/src/graph.js";
import { kebab } from "../../.dagger/src/names.js";
import { exitWith } from "./exit.js";
import { REPO_ROOT } from "./module.js";
import { GROUPS_FILE, groupsSource, renderDocs, scannedGroups } from "./docs.js";
import { REGIONS } from "./sources.js";

/** Write `text` to `path` if it differs; say so. */
function write(path: string, text: string): string {
  if (readFileSync(join(REPO_ROOT, path), "utf8") === text) return "";
  writeFileSync(join(REPO_ROOT, path), text);
  return `docs: wrote ${path}\n`;
}

/** The rest, written by a new process, which loads what this one has just written. */
const again = (): string => execFileSync(process.execPath, process.execArgv.concat(process.argv.slice(1)), { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });

const regions = Object.entries(REGIONS).map(([path, make]) => write(path, make(readFileSync(join(REPO_ROOT, path), "utf8")))).join("");
if (regions) await exitWith(0, regions + again());
const groups = write(GROUPS_FILE, groupsSource(await scannedGroups()));
if (groups) await exitWith(0, groups + again());
const wrote = [...(await renderDocs(TARGET_LAYERS.map(kebab)))].map(([path, text]) => write(path, text));
await exitWith(0, wrote.join(""));
