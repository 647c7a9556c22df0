/**
 * Building stages of the Dockerfile stage library (docker/). Dagger's dockerBuild has no named
 * build contexts, so a stage that builds on another is built from the stage files composed
 * (compose.ts): the stages its target reaches. Identical steps in two builds convert to
 * identical engine calls and run once; what a build returns is keyed on its Dockerfile and
 * context, which hold only what the target needs: those stages and the files they copy.
 */
import { dag, type Container, type Directory, type File, type Platform, type Secret } from "@dagger.io/dagger";
import { composeStages } from "./compose.js";

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
  /** Secrets a RUN mounts (--mount=type=secret,id=<the secret's name>). */
  readonly secrets?: readonly Secret[];
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
 * A script of the stage library as a file of its content (executable). On engine v0.21.8 a file
 * taken from the uploaded library keys what it is copied or mounted into on the whole library
 * (an edit of any other file of it re-ran every layer built on such a copy, in the lab): by its
 * content, it keys them on itself alone.
 */
export async function byContent(script: File, name: string): Promise<File> {
  return dag.directory().withNewFile(name, await script.contents(), { permissions: 0o755 }).file(name);
}

/**
 * Build the target stage of the composed stage files: the engine gets the stages the target
 * reaches and the files they copy (composeStages), so a comment, an unreached stage or an
 * unused script of the library does not re-key the Container returned, nor any layer on it. The
 * build arguments the reached stages declare are not left in its environment.
 */
export async function buildStage(b: StageBuild): Promise<Container> {
  const texts = await Promise.all(b.files.map((f) => b.stages.file(f).contents()));
  const composed = composeStages(texts, b.target, b.args);
  let context = dag.directory().withNewFile("Dockerfile", composed.dockerfile);
  const extra = Object.keys(b.context ?? {});
  for (const path of composed.copies) {
    if (extra.some((e) => path === e || path.startsWith(`${e}/`))) continue;
    if (!path.startsWith("lib/")) throw new Error(`stage ${b.target} copies ${path}, which is neither in the stage library's lib/ nor a context the build is given (${extra.join(", ") || "none"})`);
    // by content (byContent's reason), not as a file of the library
    const text = await b.stages.file(path).contents().catch((e: Error) => {
      throw new Error(`stage ${b.target} copies ${path}, which the stage library lacks; pass --stages=<bakery's docker/ directory> (${e.message})`);
    });
    context = context.withNewFile(path, text, { permissions: 0o755 });
  }
  for (const [path, dir] of Object.entries(b.context ?? {})) context = context.withDirectory(path, dir);
  const built = context.dockerBuild({
    dockerfile: "Dockerfile",
    target: b.target,
    platform: b.platform as Platform,
    buildArgs: Object.keys(b.args)
      .sort()
      .map((name) => ({ name, value: b.args[name]! })),
    ...(b.secrets ? { secrets: [...b.secrets] } : {}),
  });
  return composed.stageArgs.reduce((c, name) => c.withoutEnvVariable(name), built);
}
