/**
 * Write an image into a content store directory laid out as the engine's builtin content
 * (`blobs/sha256/<hex>`, as Dagger's engine image carries its SDKs), for the engine lab:
 *
 *   npx tsx tests/engine/oci-content.ts DIR ENV_JSON LAYER.tar…
 *
 * ENV_JSON is a JSON list of `NAME=value` for the image's environment. Prints the manifest's
 * digest, which the engine is given in DAGGER_GO_SDK_MANIFEST_DIGEST or its TypeScript twin.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ociImage, sha } from "./oci-push.js";

/** Write every blob of the image under DIR; returns the manifest digest. */
export function writeContent(dir: string, rootfsTars: readonly string[], env: readonly string[]): string {
  const image = ociImage(rootfsTars, env, "bakery's engine lab");
  const blobs = join(dir, "blobs", "sha256");
  mkdirSync(blobs, { recursive: true });
  for (const blob of [image.config, image.manifest, ...image.layers]) {
    writeFileSync(join(blobs, sha(blob).slice("sha256:".length)), blob);
  }
  return image.digest;
}

if (process.argv[1]?.endsWith("oci-content.ts")) {
  const [dir, env, ...tars] = process.argv.slice(2);
  if (!dir || !env || tars.length === 0) {
    console.error("usage: oci-content.ts DIR ENV_JSON LAYER.tar…");
    process.exit(2);
  }
  console.log(writeContent(dir, tars, JSON.parse(env) as string[]));
}
