/**
 * What releases are labelled and run with: the service image's user, ports and health check,
 * the vendor, and the version, revision and creation time of the build (from CI: `git
 * describe`, the commit id, the commit date). Scalars only, like CellConfig, so it survives
 * the SDK's rebuild of nested objects.
 */
import { object } from "@dagger.io/dagger";
import { z } from "zod";
import { validate } from "./axes.js";
import { make } from "../objects.js";

/** What a release is labelled with besides the package metadata. */
export interface ReleaseInfo {
  /** The version (default: the package's). */
  readonly version: string;
  /** The source revision, e.g. a commit id; omitted when empty. */
  readonly revision: string;
  /** The creation time (RFC 3339); omitted when empty, so an unchanged build stays cached. */
  readonly created: string;
  readonly vendor: string;
}

/** Project settings of the service image (tuwunel defaults in defaults.ts). */
export interface ImageSettings {
  readonly user: string;
  readonly ports: readonly number[];
  /** Arguments of the binary that check a running server's health; none when empty. */
  readonly healthcheck: readonly string[];
}

const ReleaseSchema = z.object({
  imageUser: z.string().regex(/^[a-z_][a-z0-9_-]{0,31}$/, { error: (i) => `imageUser "${String(i.input)}" is not a valid user name` }),
  imagePorts: z.array(z.number().int().min(1).max(65535, { error: (i) => `imagePorts: ${String(i.input)} is not a port (1-65535)` })),
  imageHealthcheck: z.array(z.string()),
  vendor: z.string(),
  version: z.string().regex(/^([0-9A-Za-z][0-9A-Za-z.+_-]*)?$/, { error: (i) => `version "${String(i.input)}" is not a version string` }),
  revision: z.string().regex(/^[0-9A-Za-z._/-]*$/, { error: (i) => `revision "${String(i.input)}" is not a revision` }),
  created: z.string().regex(/^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$/, {
    error: (i) => `created "${String(i.input)}" is not an RFC 3339 time such as 2026-11-28T06:00:00Z`,
  }),
});

/** The release settings of the module's functions. */
@object()
export class ReleaseConfig {
  imageUser = "";
  imagePorts: number[] = [];
  imageHealthcheck: string[] = [];
  vendor = "";
  version = "";
  revision = "";
  created = "";

  /** A release configuration from the caller's values. */
  static of(values: z.infer<typeof ReleaseSchema>): ReleaseConfig {
    return make(ReleaseConfig, values);
  }

  /** Validate: pure, throws a ConfigError naming every bad value. */
  validated(): { image: ImageSettings; release: ReleaseInfo } {
    const v = validate(ReleaseSchema, { ...this });
    return {
      image: { user: v.imageUser, ports: v.imagePorts, healthcheck: v.imageHealthcheck },
      release: { version: v.version, revision: v.revision, created: v.created, vendor: v.vendor },
    };
  }
}
