/**
 * image: the service's runtime image, as shipped. The system image (slim base) plus only the
 * run-time packages the cell's linkage needs and an unprivileged user (Dockerfile.system, stage
 * image); then the checked binary, entrypoint, ports, health check, and OCI labels and
 * annotations from the package's metadata. Nothing of the build tree reaches it: the binary is
 * the one file taken from the build, after the linkage check of install.
 */
import type { Container } from "@dagger.io/dagger";
import type { ImageSettings, ReleaseInfo } from "../config/release-config.js";
import type { PackageMetadata } from "../workspace/manifest.js";
import { installedPath, runtimeImagePackages, type ServedInputs } from "./install.js";
import { buildStage, STAGE_FILES } from "./stages.js";
import { systemArgs } from "./system.js";

/** The org.opencontainers.image.* labels (and annotations) of a release, empty values left out. */
export function ociLabels(binary: string, meta: PackageMetadata, release: ReleaseInfo): Record<string, string> {
  const labels: Record<string, string | undefined> = {
    "org.opencontainers.image.title": binary,
    "org.opencontainers.image.description": meta.description,
    "org.opencontainers.image.version": release.version || meta.version,
    "org.opencontainers.image.revision": release.revision,
    "org.opencontainers.image.created": release.created,
    "org.opencontainers.image.source": meta.repository,
    "org.opencontainers.image.url": meta.homepage ?? meta.repository,
    "org.opencontainers.image.documentation": meta.documentation,
    "org.opencontainers.image.licenses": meta.license,
    "org.opencontainers.image.authors": meta.authors.join(", ") || undefined,
    "org.opencontainers.image.vendor": release.vendor,
  };
  return Object.fromEntries(Object.entries(labels).filter((e): e is [string, string] => Boolean(e[1])));
}

/** What the service image is made from. */
export interface ImageInputs extends ServedInputs {
  readonly settings: ImageSettings;
  readonly labels: Readonly<Record<string, string>>;
}

export async function imageLayer(i: ImageInputs): Promise<Container> {
  const base = await buildStage({
    stages: i.stages,
    files: [STAGE_FILES.system],
    target: "image",
    args: { ...systemArgs(i), runtime_packages: runtimeImagePackages({ ...i, variant: "plain" }).join(" "), image_user: i.settings.user },
    platform: i.sys.platform,
  });
  const bin = installedPath(i.binary);
  let c = base
    .withFile(bin, i.install.file(bin), { permissions: 0o755 })
    .withUser(i.settings.user)
    .withWorkdir(`/var/lib/${i.settings.user}`)
    .withEntrypoint([bin])
    .withDefaultArgs([]);
  for (const port of i.settings.ports) c = c.withExposedPort(port);
  if (i.settings.healthcheck.length) {
    c = c.withDockerHealthcheck([bin, ...i.settings.healthcheck], { interval: "30s", timeout: "15s", startPeriod: "60s" });
  }
  for (const [k, v] of Object.entries(i.labels).sort()) c = c.withLabel(k, v).withAnnotation(k, v);
  return c;
}
