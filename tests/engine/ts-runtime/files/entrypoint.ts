// Run by tsx in the module's container: hands the SDK every TypeScript file of the module's
// source and its generated client; the SDK registers the module or calls one of its functions.
import { entrypoint } from "@dagger.io/dagger"
import { readdirSync, statSync } from "node:fs"
import { extname, join } from "node:path"

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return sources(path)
    return [".ts", ".mts"].includes(extname(path)) ? [path] : []
  })
}

entrypoint([...sources(import.meta.dirname), join(import.meta.dirname, "..", "sdk", "client.gen.ts")])
