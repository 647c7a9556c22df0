/**
 * The facts of tuwunel v1.9.0, bakery's first user, read from its tree
 * (`../shared/data/tuwunel-v1.9.0-facts.json` beside the project, or `$BAKERY_TUWUNEL_FACTS`).
 * Data only: tests check bakery's file sets, paths and keys against them. Where the file is
 * absent (a clone without the shared data), the suites that need it are skipped and say why.
 */
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { REPO_ROOT } from "../harness/schema.js";

/** The facts file's shape (the fields the tests read). */
export interface TuwunelFacts {
  readonly source: string;
  readonly rust_toolchain_channel: string;
  readonly workspace_members: readonly string[];
  readonly workspace_profiles: readonly string[];
  readonly main_package: { readonly path: string; readonly name: string; readonly features: readonly string[]; readonly default_features: readonly string[] };
  readonly deb_assets: readonly (readonly [string, string, string])[];
  readonly deb_systemd_units: Readonly<Record<string, unknown>>;
  readonly rpm_assets: readonly { readonly source: string; readonly dest: string; readonly mode: string }[];
  readonly cargo_lock_git_sources: readonly string[];
  readonly complement_config_keys: readonly string[];
  readonly matrix_rust_sdk_config_keys: readonly string[];
  readonly typos_args: readonly string[];
  readonly lychee_args_default: string;
  readonly lychee_flags: readonly string[];
  readonly book_includes: readonly string[];
  readonly complement_baseline: { readonly path: string; readonly lines: number };
  readonly files: readonly string[];
}

/** Where the facts file is looked for. */
export const FACTS_PATH = process.env.BAKERY_TUWUNEL_FACTS ?? resolve(REPO_ROOT, "../shared/data/tuwunel-v1.9.0-facts.json");

/** True when the facts are beside the project. */
export const factsPresent = existsSync(FACTS_PATH);

/** Why the real-tree suites are skipped, when they are. */
export const FACTS_SKIP_REASON = `tuwunel's facts are not at ${FACTS_PATH} (set BAKERY_TUWUNEL_FACTS)`;

let cached: TuwunelFacts | undefined;

/** The facts; only call when factsPresent. */
export function facts(): TuwunelFacts {
  cached ??= JSON.parse(readFileSync(FACTS_PATH, "utf8")) as TuwunelFacts;
  return cached;
}
