/**
 * The names matrix's `run` and `plan` accept, resolved to calls on a cell's main object: the graph's
 * layer functions (TARGET_LAYERS) and the groups' functions (GROUPS, written by `npm run docs`
 * from the groups' decorators).
 *
 *   system, rust, deps-meta, build-bins, …   a layer function taking nothing (TARGET_LAYERS)
 *   clippy                                   the main object's shortcut
 *   lints, tests, …                          every check of the group (installs: every function)
 *   lints:clippy, installs:docker            one function of a group
 *   docker                                   a function of exactly one group, named alone
 */
import { TARGET_LAYERS, type TargetLayer } from "../graph.js";
import { ConfigError } from "../config/axes.js";
import { camel, kebab } from "../names.js";
import { GROUPS } from "./groups.js";

export { GROUPS };

/** A group's name. */
export type GroupName = keyof typeof GROUPS;

/** The main object's function that is a check of a group under another name. */
export const SHORTCUTS = { clippy: { group: "lints", fn: "clippy" } } as const;

/** A call on a cell's main object: a layer function, or a function of a group. */
export type TargetCall = { readonly layer: TargetLayer } | { readonly group: GroupName; readonly fn: string };

/** A resolved target: its canonical name and the calls it makes in each cell. */
export interface Target {
  readonly name: string;
  readonly calls: readonly TargetCall[];
}


const members = (g: GroupName): readonly string[] => [...GROUPS[g].checks, ...GROUPS[g].functions];

/** Every name a target may have, canonical (kebab-case) spelling. */
export function targetNames(): string[] {
  const groups = Object.keys(GROUPS) as GroupName[];
  return [...TARGET_LAYERS.map(kebab), ...Object.keys(SHORTCUTS), ...groups, ...groups.flatMap((g) => members(g).map((f) => `${g}:${kebab(f)}`))];
}

/** Resolve a target name (kebab- or camelCase); a clear error names the valid ones. */
export function resolveTarget(name: string): Target {
  const [head, sub, extra] = name.trim().split(":");
  const fail = (why: string): never => {
    throw new ConfigError(
      `target "${name}" ${why}; valid: a layer (${TARGET_LAYERS.map(kebab).join(", ")}), clippy, a group (${Object.keys(GROUPS).join(", ")}), or group:function (e.g. lints:clippy, installs:docker)`,
    );
  };
  if (!head || extra !== undefined) return fail("is not a target name");
  const h = camel(head);
  if (sub === undefined) {
    if ((TARGET_LAYERS as readonly string[]).includes(h)) return { name: kebab(h), calls: [{ layer: h as TargetLayer }] };
    if (h in SHORTCUTS) {
      const s = SHORTCUTS[h as keyof typeof SHORTCUTS];
      return { name: h, calls: [{ group: s.group, fn: s.fn }] };
    }
    if (h in GROUPS) {
      const g = h as GroupName;
      const fns = GROUPS[g].checks.length ? GROUPS[g].checks : GROUPS[g].functions;
      return { name: g, calls: fns.map((fn) => ({ group: g, fn })) };
    }
    const owners = (Object.keys(GROUPS) as GroupName[]).filter((g) => members(g).includes(h));
    if (owners.length === 1) return { name: `${owners[0]}:${kebab(h)}`, calls: [{ group: owners[0]!, fn: h }] };
    if (owners.length > 1) return fail(`is in several groups (${owners.join(", ")}); name one, e.g. ${owners[0]}:${kebab(h)}`);
    return fail("is not a layer, group or function");
  }
  if (!(h in GROUPS)) return fail(`names no group "${head}"`);
  const g = h as GroupName;
  const fn = camel(sub);
  if (!members(g).includes(fn)) return fail(`names no function "${sub}" of ${g} (its functions: ${members(g).map(kebab).join(", ")})`);
  return { name: `${g}:${kebab(fn)}`, calls: [{ group: g, fn }] };
}
