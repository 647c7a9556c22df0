/**
 * Building stages of the Dockerfile stage library (docker/). Dagger's dockerBuild has no named
 * build contexts, so a stage that builds on another is built from the concatenation of their
 * stage files; identical stages in two builds convert to identical engine calls and are built
 * once. The build context holds only the composed Dockerfile, docker/lib and the extra
 * directories a stage copies.
 */
import { dag, type Container, type Directory, type Platform } from "@dagger.io/dagger";

/** Stage files of the library, in the order they are composed. */
export const STAGE_FILES = {
  system: "Dockerfile.system",
  rust: "Dockerfile.rust",
  rocksdb: "Dockerfile.rocksdb",
  complement: "Dockerfile.complement",
} as const;

/** A stage file of the library. */
export type StageFile = (typeof STAGE_FILES)[keyof typeof STAGE_FILES];

/** One dockerBuild of composed stage files. */
export interface StageBuild {
  /** The stage library (bakery's docker/ directory). */
  readonly stages: Directory;
  /** Stage files to compose, base first. */
  readonly files: readonly StageFile[];
  readonly target: string;
  /** Build args; only those a stage declares reach it. */
  readonly args: Readonly<Record<string, string>>;
  readonly platform: string;
  /** Extra context directories, by path. */
  readonly context?: Readonly<Record<string, Directory>>;
}

/** Check the stage library has its stage files; a clear error beats a failed COPY deep in a build. */
export async function checkStages(stages: Directory): Promise<void> {
  // Directories may be listed with or without a trailing slash.
  const entries = new Set((await stages.entries()).map((e) => e.replace(/\/$/, "")));
  const missing = [...Object.values(STAGE_FILES), "lib"].filter((f) => !entries.has(f)).map((f) => (f === "lib" ? "lib/" : f));
  if (missing.length > 0) {
    throw new Error(
      `the stage library lacks ${missing.join(", ")}; pass --stages=<bakery's docker/ directory> (bakery's own stage files, not the project's)`,
    );
  }
}

/**
 * The build arguments a Dockerfile declares (ARG) and does not also set as ENV. BuildKit puts
 * every ARG that has a value into the environment of the RUN steps after it and of the stages
 * built on it, and the engine's conversion keeps that environment in the resulting Container
 * (util/llbtodagger at v0.21.8): these names must be cleared from what a stage build returns.
 */
export function buildArgNames(dockerfile: string): string[] {
  const lines = dockerfile.replace(/\\\n/g, " ").split("\n");
  const args = new Set<string>();
  const envs = new Set<string>();
  for (const line of lines) {
    const arg = /^\s*ARG\s+([A-Za-z_][A-Za-z0-9_]*)/i.exec(line);
    if (arg) args.add(arg[1]!);
    const env = /^\s*ENV\s+(.*)$/i.exec(line);
    if (env) for (const m of env[1]!.matchAll(/(?:^|\s)([A-Za-z_][A-Za-z0-9_]*)=/g)) envs.add(m[1]!);
  }
  return [...args].filter((a) => !envs.has(a)).sort();
}

/** Compose the stage files into one Dockerfile and build the target stage; its build arguments are not left in its environment. */
export async function buildStage(b: StageBuild): Promise<Container> {
  const texts = await Promise.all(b.files.map((f) => b.stages.file(f).contents()));
  const dockerfile = texts.join("\n");
  let context = dag
    .directory()
    .withNewFile("Dockerfile", dockerfile)
    .withDirectory("lib", b.stages.directory("lib"));
  for (const [path, dir] of Object.entries(b.context ?? {})) context = context.withDirectory(path, dir);
  const built = context.dockerBuild({
    dockerfile: "Dockerfile",
    target: b.target,
    platform: b.platform as Platform,
    buildArgs: Object.keys(b.args)
      .sort()
      .map((name) => ({ name, value: b.args[name]! })),
  });
  return buildArgNames(dockerfile).reduce((c, name) => c.withoutEnvVariable(name), built);
}
