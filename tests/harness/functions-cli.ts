/**
 * npm run functions [-- --json]
 * Print the module's API as the engine would register it, from the SDK's own scanner.
 */
import { exitWith } from "./exit.js";
import { api, render } from "./functions.js";

const json = process.argv.includes("--json");
const a = await api();
await exitWith(0, json ? JSON.stringify(a, null, 2) + "\n" : render(a));
