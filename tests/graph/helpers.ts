/** Shared helpers of the graph tests: fixture copies and per-function digests. */
import { cpSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "vitest";
import type { EngineDouble } from "../harness/engine-double.js";
import { layerCore } from "../harness/plan.js";
import { scratch } from "../harness/scratch.js";
import { REPO_ROOT, runSession, type Call, type Session } from "../harness/module.js";

export const FIXTURE = join(REPO_ROOT, "tests/fixtures/workspace");
export const DOCKER = join(REPO_ROOT, "docker");

/** A private copy of the fixture workspace, to edit on disk. */
export function fixtureCopy(): string {
  const dir = scratch("fixture");
  cpSync(FIXTURE, dir, { recursive: true });
  return dir;
}

export function edit(root: string, path: string, change: (text: string) => string): void {
  const p = join(root, path);
  writeFileSync(p, change(readFileSync(p, "utf8")));
}

/** Every query the session sent must be one the engine's schema accepts. */
export function expectValidQueries(double: EngineDouble): void {
  expect(double.queries.filter((q) => q.invalid.length > 0).map((q) => `${q.query.slice(0, 120)} → ${q.invalid[0]}`)).toEqual([]);
}

export interface Digests {
  double: EngineDouble;
  /** fn → digest of its result vertex */
  of: Record<string, string>;
  logs: string[];
}

/** Call functions in one session on a workspace; the digest of each result. Throws on any error. */
export async function digests(source: string, fns: string[], ctor: Record<string, unknown> = {}, session: Omit<Session, "ctor"> = {}): Promise<Digests> {
  const calls: Call[] = fns.map((fn) => ({ fn }));
  const { double, results } = await runSession({ ...session, ctor: { source, stages: DOCKER, ...ctor } }, calls);
  const of: Record<string, string> = {};
  const logs: string[] = [];
  for (const r of results) {
    logs.push(...r.logs);
    if (r.error) throw r.error;
    const v = double.vertexById(String(r.value));
    if (!v) throw new Error(`${r.fn} returned no object: ${String(r.value)}`);
    // A layer function's result is the layer as later layers build on it (see layerCore).
    of[r.fn] = layerCore(double, v).digest;
  }
  expectValidQueries(double);
  return { double, of, logs };
}

/** The names whose digest differs between two runs. */
export function changed(a: Digests, b: Digests): string[] {
  return Object.keys(a.of).filter((k) => a.of[k] !== b.of[k]);
}

/** A secret the caller sets in the double's session (as the CLI does from env://…): its ID, to pass to the module. */
export async function callerSecret(double: EngineDouble, name: string, plaintext: string): Promise<string> {
  const r = await double.run(`{ setSecret(name: ${JSON.stringify(name)}, plaintext: ${JSON.stringify(plaintext)}) { id } }`);
  return (r.data as { setSecret: { id: string } }).setSecret.id;
}
