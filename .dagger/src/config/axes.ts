/**
 * Validation of everything a caller passes in, before any container is built. The zod schemas
 * check each value's form; the workspace-dependent checks (does the profile exist, are the
 * features in the main crate) happen in cell.ts once the manifests are read. Every message
 * names the argument, the bad value and the valid choices.
 */
import { z } from "zod";
import { SYS_TARGETS } from "./sys-target.js";
import { isRealNightlyDate, TOOLCHAIN_CHOICES, TOOLCHAIN_PATTERN } from "./toolchain.js";
import { aptMirrorsProblem, cratesMirrorProblem, gitMirrorsProblem } from "./mirrors.js";
import { ROCKSDB_LIBS } from "./rustflags.js";

/** Rust targets bakery builds natively (the arch must match sys_target's). */
export const RUST_TARGETS = ["x86_64-unknown-linux-gnu", "aarch64-unknown-linux-gnu"] as const;

/** Base images bakery's apt-based system stage supports. */
export const SYS_NAMES = ["debian", "ubuntu"] as const;

const choice = <T extends string>(arg: string, values: readonly T[]) =>
  z.string().refine((v): v is T => (values as readonly string[]).includes(v), {
    error: (iss) => `${arg} "${String(iss.input)}" is not valid; valid: ${values.join(", ")}`,
  });

const pattern = (arg: string, re: RegExp, valid: string) =>
  z.string().regex(re, { error: (iss) => `${arg} "${String(iss.input)}" is not valid; valid: ${valid}` });

/** Report a check's problem, if it found one, as the value's issue. */
const problem = (ctx: z.RefinementCtx, message: string | undefined): void => {
  if (message) ctx.addIssue({ code: "custom", message });
};

/** A toolchain spelling whose dated nightly, if any, is a real date. */
const toolchain = (arg: string, re: RegExp, valid: string) =>
  pattern(arg, re, valid).refine(isRealNightlyDate, {
    error: (iss) => `${arg} "${String(iss.input)}" is not valid: no such date; valid: ${valid}`,
  });

/** A path inside the workspace: relative, never climbing out with "..". */
export const WORKSPACE_PATH_RE = /^(?!\/)(?!.*(^|\/)\.\.(\/|$))[A-Za-z0-9_.\/-]+$/;

const PROFILE_RE = /^[a-z][a-z0-9_-]*$/;
const PACKAGE_RE = /^[a-z0-9][a-z0-9+.-]*$/;

/** What declares an axis: everything else about it (the constructor's argument, the matrix's list, CellConfig's field, bake.sh's variables, the README's table) is derived. */
export interface AxisDecl {
  /** bake.sh's variable (the CLI flag is its kebab-case; its list is the plural, e.g. cargo_profiles). */
  readonly bake: string;
  /** The constructor's default, and bake.sh's. */
  readonly default: string;
  /** The matrix's default list (bake.hcl's). */
  readonly matrix: readonly string[];
  /** The constructor argument's doc: what a value is, and the valid ones. */
  readonly help: string;
  /** The plural, as the matrix argument's doc says it ("Its <many> (<bake>s)."). */
  readonly many: string;
  /** The rule a value follows; `arg` is the name its error messages give (bake's). */
  readonly rule: (arg: string) => z.ZodType<string, string>;
}

/**
 * The matrix axes, in the order a cell's name joins them, each declared once. The constructor's
 * axis arguments, CellConfig's fields, matrix's lists and bake.sh's variables are written from
 * this table by `npm run docs` (the SDK reads arguments from the source, not from values); cell
 * names, the README and the error messages read it directly.
 */
export const AXES = {
  cargoProfile: {
    bake: "cargo_profile",
    default: "test",
    matrix: ["test", "release"],
    help: "Cargo profile: test, release, bench, dev, or a [profile.*] of the workspace.",
    many: "cargo profiles",
    rule: (arg) => pattern(arg, PROFILE_RE, "a cargo profile name (test, release, bench, dev, or one of the workspace's)"),
  },
  rustToolchain: {
    bake: "rust_toolchain",
    default: "nightly",
    matrix: ["nightly", "stable"],
    help: "Toolchain: stable (the workspace's rust-toolchain.toml channel), nightly (rustNightly), nightly-YYYY-MM-DD, or x.y.z.",
    many: "toolchains",
    rule: (arg) => toolchain(arg, TOOLCHAIN_PATTERN, TOOLCHAIN_CHOICES),
  },
  rustTarget: {
    bake: "rust_target",
    default: "x86_64-unknown-linux-gnu",
    matrix: ["x86_64-unknown-linux-gnu"],
    help: "Rust target triple: x86_64-unknown-linux-gnu or aarch64-unknown-linux-gnu (must match sysTarget's architecture).",
    many: "Rust targets",
    rule: (arg) => choice(arg, RUST_TARGETS),
  },
  featSet: {
    bake: "feat_set",
    default: "all",
    matrix: ["none", "default", "all"],
    help: "Feature set: none, default, all, or a named set of featureSets.",
    many: "feature sets",
    rule: (arg) => pattern(arg, /^[a-z][a-z0-9_-]*$/, "none, default, all, or a named set"),
  },
  sysName: {
    bake: "sys_name",
    default: "debian",
    matrix: ["debian"],
    help: "Base image name: debian or ubuntu.",
    many: "base images",
    rule: (arg) => choice(arg, SYS_NAMES),
  },
  sysVersion: {
    bake: "sys_version",
    default: "testing-slim",
    matrix: ["testing-slim"],
    help: "Base image tag, e.g. testing-slim, trixie-slim, noble.",
    many: "base image tags",
    rule: (arg) => pattern(arg, /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/, "an image tag such as testing-slim, trixie-slim, noble"),
  },
  sysTarget: {
    bake: "sys_target",
    default: "x86_64-v1-linux-gnu",
    matrix: ["x86_64-v1-linux-gnu"],
    help: "Machine and CPU level: x86_64-v1..v4-linux-gnu or aarch64-v8-linux-gnu; sets rustc's target-cpu and RocksDB's PORTABLE.",
    many: "machines and CPU levels",
    rule: (arg) => choice(arg, SYS_TARGETS),
  },
} satisfies Record<string, AxisDecl>;
/** An axis of the matrix. */
export type Axis = keyof typeof AXES;
/** The axes in cell-name order. */
export const AXIS_KEYS = Object.keys(AXES) as Axis[];

/** One value per axis, each from `f`. */
export function perAxis<T>(f: (a: Axis) => T): Record<Axis, T> {
  return Object.fromEntries(AXIS_KEYS.map((a) => [a, f(a)])) as Record<Axis, T>;
}

/** The axes' values, as the caller wrote them. */
export const AxesSchema = z.object(perAxis((a) => AXES[a].rule(AXES[a].bake)));
/** The axes after validation. */
export type Axes = z.infer<typeof AxesSchema>;

/** An axis by its bake.sh variable (cargo_profile), if it is one. */
export function axisOfBake(name: string): Axis | undefined {
  return AXIS_KEYS.find((a) => AXES[a].bake === name);
}

/** Project settings (tuwunel defaults in defaults.ts). */
export const SettingsSchema = z.object({
  featureSets: z.array(z.string()),
  alwaysFeatures: z.array(pattern("alwaysFeatures", /^[A-Za-z0-9_-]+$/, "cargo feature names")),
  rustNightly: toolchain("rustNightly", /^nightly(-\d{4}-\d{2}-\d{2})?$/, "nightly or nightly-YYYY-MM-DD"),
  mainPackage: z.string().regex(/^([A-Za-z0-9_-]+)?$/, { error: (iss) => `mainPackage "${String(iss.input)}" is not a package name` }),
  basePackages: z.array(pattern("basePackages", PACKAGE_RE, "Debian package names")),
  buildPackages: z.array(pattern("buildPackages", PACKAGE_RE, "Debian package names")),
  rocksdbWith: z.array(choice("rocksdbWith", ROCKSDB_LIBS)),
  rocksdbCxxFlags: z.array(pattern("rocksdbCxxFlags", /^[^\s'"\\$`]+$/, "compiler flags, one word each without spaces or quotes, e.g. -include,cstdint")),
  cargoProfileEnv: z.array(
    pattern("cargoProfileEnv", /^CARGO_PROFILE_[A-Z0-9_]+=[A-Za-z0-9_.-]*$/, "CARGO_PROFILE_<PROFILE>_<KEY>=<value>"),
  ),
  rustupMirror: z.string().regex(/^(https?:\/\/[^\s/]+(\/[^\s]*[^\s/])?)?$/, {
    error: (iss) => `rustupMirror "${String(iss.input)}" is not valid; valid: "" (static.rust-lang.org) or an http(s) URL without a trailing slash`,
  }),
  rustExtraPaths: z.array(
    pattern("rustExtraPaths", WORKSPACE_PATH_RE, "relative paths inside the source"),
  ),
  gitMirrors: z.array(z.string()).superRefine((v, ctx) => problem(ctx, gitMirrorsProblem(v))),
  gitMirrorsUser: z.string().regex(/^[^\s:]+$/, {
    error: (iss) => `gitMirrorsUser "${String(iss.input)}" is not valid; valid: a user name without spaces or ":" (HTTP basic authentication's user), e.g. x-access-token`,
  }),
  aptMirrors: z.array(z.string()).superRefine((v, ctx) => problem(ctx, aptMirrorsProblem(v))),
  cratesMirror: z.string().superRefine((v, ctx) => problem(ctx, cratesMirrorProblem(v))),
});
/** The project settings after validation. */
export type Settings = z.infer<typeof SettingsSchema>;
/** The settings' names. */
export const SETTING_KEYS = Object.keys(SettingsSchema.shape) as (keyof Settings)[];

/** A validation failure: one line per bad value. */
export class ConfigError extends Error {
  override name = "ConfigError";
}

/** Parse with a schema; throw a ConfigError listing every problem. */
export function validate<T>(schema: z.ZodType<T>, input: unknown): T {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  throw new ConfigError(r.error.issues.map((i) => i.message).join("\n"));
}

/** Check that rust_target and sys_target name the same architecture (bakery does not cross-compile). */
export function checkArchitectures(axes: Axes): void {
  const rustArch = axes.rustTarget.split("-")[0];
  const sysArch = axes.sysTarget.split("-")[0];
  if (rustArch !== sysArch) {
    const valid = RUST_TARGETS.filter((t) => t.startsWith(`${sysArch}-`));
    throw new ConfigError(
      `rust_target "${axes.rustTarget}" does not match sys_target "${axes.sysTarget}" (bakery builds natively); valid with this sys_target: ${valid.join(", ")}`,
    );
  }
}
