/** The lab's Docker engine, as run.sh set it up (see there), and how to replay a build on it. */
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, writeFileSync } from "node:fs";
import { join, dirname } from "node:path";
import type { DockerBuildRequest } from "../harness/engine-double.js";
import { scratch } from "../harness/scratch.js";

export const DOCKER = process.env.BAKERY_DOCKER ?? "docker";
export const LAB = process.env.BAKERY_LAB_DIR ?? "";
export const inLab = Boolean(process.env.BAKERY_DOCKER && process.env.DOCKER_HOST);

export interface Run {
  status: number;
  stdout: string;
  stderr: string;
}

export function docker(args: string[], input?: Buffer): Run {
  const r = spawnSync(DOCKER, args, { input, maxBuffer: 64 << 20, env: process.env });
  return { status: r.status ?? -1, stdout: r.stdout?.toString() ?? "", stderr: r.stderr?.toString() ?? "" };
}

/** Run docker and throw with its output on failure. */
export function dockerOk(args: string[], input?: Buffer): string {
  const r = docker(args, input);
  if (r.status !== 0) throw new Error(`docker ${args.join(" ")} exited ${r.status}\n${(r.stdout + r.stderr).split("\n").slice(-40).join("\n")}`);
  return r.stdout;
}

/**
 * Write a build context the module composed (as the double recorded it) to disk. Parts the
 * double could not know (opaque subtrees, e.g. the RocksDB checkout) come from `substitutes`.
 */
export function materialize(req: DockerBuildRequest, substitutes: Record<string, string> = {}): string {
  const dir = scratch("context");
  for (const [path, entry] of req.context.files) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), entry.bytes(), { mode: entry.executable ? 0o755 : 0o644 });
  }
  for (const path of req.context.opaque.keys()) {
    const sub = substitutes[path];
    if (!sub) throw new Error(`the build context has unknown content at ${path}; give the lab a substitute`);
    cpSync(sub, join(dir, path), { recursive: true });
  }
  return dir;
}

/** `docker buildx build` of a recorded request; extra flags choose the output. */
export function buildArgs(req: DockerBuildRequest, context: string, extra: string[]): string[] {
  return [
    "buildx",
    "build",
    "--progress=plain",
    "--network=host",
    "--platform",
    req.platform,
    "--file",
    join(context, req.dockerfile),
    ...(req.target ? ["--target", req.target] : []),
    ...Object.entries(req.buildArgs).flatMap(([k, v]) => ["--build-arg", `${k}=${v}`]),
    ...extra,
    context,
  ];
}
