/**
 * Push root filesystem tarballs to a registry as an OCI image of one layer each, for the engine
 * lab (which has no registry to pull base images from):
 *
 *   npx tsx tests/engine/oci-push.ts REGISTRY NAME:TAG LAYER.tar…
 *
 * e.g. `… 127.0.0.1:5000 library/debian:testing-slim rootfs.tar`. Plain HTTP (a registry on
 * loopback); blobs the registry has are not sent again. Prints the manifest's digest.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";

/** A blob's digest, `sha256:<hex>`. */
export const sha = (b: Buffer | string): string => `sha256:${createHash("sha256").update(b).digest("hex")}`;

async function pushBlob(base: string, name: string, blob: Buffer): Promise<string> {
  const digest = sha(blob);
  if ((await fetch(`${base}/v2/${name}/blobs/${digest}`, { method: "HEAD" })).ok) return digest;
  const start = await fetch(`${base}/v2/${name}/blobs/uploads/`, { method: "POST" });
  const location = start.headers.get("location");
  if (start.status !== 202 || !location) throw new Error(`registry refused an upload to ${name}: ${start.status}`);
  const url = new URL(location, base);
  url.searchParams.set("digest", digest);
  const put = await fetch(url, { method: "PUT", body: new Uint8Array(blob), headers: { "content-type": "application/octet-stream" } });
  if (put.status !== 201) throw new Error(`registry refused blob ${digest}: ${put.status} ${await put.text()}`);
  return digest;
}

const DEFAULT_PATH = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

/** An image's blobs: a layer per root filesystem tarball (in order), its config and manifest. */
export interface OciImage {
  readonly layers: Buffer[];
  readonly config: Buffer;
  readonly manifest: Buffer;
  /** The manifest's digest: what a pull by digest, or the engine's builtin content, names. */
  readonly digest: string;
}

/** Make a one-platform OCI image (linux/amd64) of the tarballs, with the given environment (PATH as Debian's unless given). */
export function ociImage(rootfsTars: readonly string[], env: readonly string[] = [], createdBy = "debootstrap (bakery's engine lab)"): OciImage {
  const tars = rootfsTars.map((t) => readFileSync(t));
  const layers = tars.map((t) => gzipSync(t, { level: 6 }));
  const config = Buffer.from(
    JSON.stringify({
      architecture: "amd64",
      os: "linux",
      config: { Env: env.some((e) => e.startsWith("PATH=")) ? [...env] : [DEFAULT_PATH, ...env], Cmd: ["bash"] },
      rootfs: { type: "layers", diff_ids: tars.map((t) => sha(t)) },
      history: tars.map(() => ({ created_by: createdBy })),
    }),
  );
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: "application/vnd.oci.image.manifest.v1+json",
      config: { mediaType: "application/vnd.oci.image.config.v1+json", digest: sha(config), size: config.length },
      layers: layers.map((l) => ({ mediaType: "application/vnd.oci.image.layer.v1.tar+gzip", digest: sha(l), size: l.length })),
    }),
  );
  return { layers, config, manifest, digest: sha(manifest) };
}

/** Push the image of the tarballs (first the base); returns the manifest digest. */
export async function pushImage(registry: string, ref: string, rootfsTars: readonly string[]): Promise<string> {
  const [name, tag] = ref.split(":") as [string, string];
  if (!name || !tag) throw new Error(`image reference "${ref}" is not NAME:TAG`);
  const base = `http://${registry}`;
  const image = ociImage(rootfsTars);
  await pushBlob(base, name, image.config);
  for (const layer of image.layers) await pushBlob(base, name, layer);
  const put = await fetch(`${base}/v2/${name}/manifests/${tag}`, {
    method: "PUT",
    body: new Uint8Array(image.manifest),
    headers: { "content-type": "application/vnd.oci.image.manifest.v1+json" },
  });
  if (put.status !== 201) throw new Error(`registry refused the manifest of ${ref}: ${put.status} ${await put.text()}`);
  return image.digest;
}

if (process.argv[1]?.endsWith("oci-push.ts")) {
  const [registry, ref, ...tars] = process.argv.slice(2);
  if (!registry || !ref || tars.length === 0) {
    console.error("usage: oci-push.ts REGISTRY NAME:TAG LAYER.tar…");
    process.exit(2);
  }
  console.log(await pushImage(registry, ref, tars));
}
