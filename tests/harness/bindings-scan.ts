/**
 * The SDK's introspector run over any module's source directory, as tests/harness/sdk.ts runs it
 * over bakery's: the same pinned scanner, the same staged client.gen.ts (the scanner recognises
 * core types only from a file of that name). Used for modules other than bakery, such as the
 * consumer example under examples/.
 */
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { SDK_DIST, moduleFiles, stagedClientGen, type ScannedModule } from "./sdk.js";

type Scan = (files: string[], name: string, load: boolean) => Promise<ScannedModule>;

let scanner: Promise<Scan> | undefined;
const scans = new Map<string, Promise<ScannedModule>>();

function loadScanner(): Promise<Scan> {
  scanner ??= (async () => {
    const mod = (await import(pathToFileURL(join(SDK_DIST, "module/introspector/index.js")).href)) as { scan: Scan };
    return mod.scan;
  })();
  return scanner;
}

/** Scan the module whose TypeScript sources are under `srcDir` (its `.dagger/src`), named `name` as in its dagger.json. */
export function scanModuleAt(srcDir: string, name: string): Promise<ScannedModule> {
  const key = `${name}\0${srcDir}`;
  let s = scans.get(key);
  if (!s) {
    s = (async () => (await loadScanner())([...moduleFiles(srcDir), stagedClientGen()], name, false))();
    scans.set(key, s);
  }
  return s;
}
