/**
 * What a change rebuilds: the plan of the same targets on the working tree and on a git ref of
 * the workspace's repository, compared layer by layer. A layer rebuilds when its digest differs
 * (the double's digests follow content, as the engine's do). When the workspace is bakery's own
 * repository, the stage library (docker/) is taken at the ref too.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { REPO_ROOT, type Call, type Session } from "./module.js";
import { plan } from "./plan.js";
import { scratch } from "./scratch.js";

export interface PlanDiff {
  ref: string;
  /** Layer functions (tool:<name> for tools) whose result differs, in chain order. */
  rebuilds: string[];
  unchanged: string[];
  targets: { target: string; rebuilds: boolean }[];
}

function git(cwd: string, args: string[]): string {
  const r = spawnSync("git", args, { cwd, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`git ${args.join(" ")}: ${r.stderr.trim() || `exit ${r.status}`}`);
  return r.stdout.trim();
}

/** The tree of `ref` for `dir` (a directory inside a git work tree), written to a scratch directory. */
export function treeAt(dir: string, ref: string): { top: string; at: string } {
  const top = git(dir, ["rev-parse", "--show-toplevel"]);
  git(top, ["rev-parse", "--verify", "--quiet", `${ref}^{commit}`]);
  const out = scratch("plan-diff");
  mkdirSync(out, { recursive: true });
  const archive = spawnSync("git", ["archive", "--format=tar", ref], { cwd: top, maxBuffer: 1 << 30 });
  if (archive.status !== 0) throw new Error(`git archive ${ref}: ${archive.stderr.toString().trim()}`);
  const untar = spawnSync("tar", ["-x", "-C", out], { input: archive.stdout });
  if (untar.status !== 0) throw new Error(`tar: ${untar.stderr.toString().trim()}`);
  return { top, at: out };
}

/** The plan diff of `targets` between the working tree of `ctor.source` (default: this repository) and `ref`. */
export async function planDiff(ref: string, session: Session, targets: Call[]): Promise<PlanDiff> {
  const ctor = session.ctor ?? {};
  const source = resolve(typeof ctor.source === "string" ? ctor.source : REPO_ROOT);
  const { top, at } = treeAt(source, ref);
  const oldCtor: Record<string, unknown> = { ...ctor, source: join(at, relative(top, source)) };
  const ownRepo = resolve(top) === resolve(REPO_ROOT);
  if (ownRepo) oldCtor.stages = join(at, "docker");
  const now = await plan(session, targets);
  const then = await plan({ ...session, ctor: oldCtor, contextRoot: ownRepo ? at : session.contextRoot }, targets);
  const keys = Object.keys(now.layers);
  return {
    ref,
    rebuilds: keys.filter((k) => now.layers[k] !== then.layers[k]),
    unchanged: keys.filter((k) => now.layers[k] === then.layers[k]),
    // targets that return a graph; a value (a matrix report) has no digest to compare
    targets: now.targets.filter((t) => t.value === undefined).map((t) => ({ target: t.target, rebuilds: t.result !== then.targets.find((o) => o.target === t.target)!.result })),
  };
}
