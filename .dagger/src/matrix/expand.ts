/**
 * The matrix's cells: the product of one list per axis (bake's JSON-array variables
 * cargo_profiles, feat_sets, …), minus the cells an exclude pattern matches, plus the cells an
 * include adds. A pattern is `axis=value,axis=value` with bake's axis names; it matches the
 * cells that have all its values. An include's missing axes take the first value of their list.
 * Every value is checked with the constructor's rules, and every problem is named at once.
 */
import { AXES, AXIS_KEYS, AxesSchema, axisOfBake, checkArchitectures, ConfigError, type Axes } from "../config/axes.js";
import { cellName } from "../config/cell.js";
import { listName } from "../names.js";

/** One list per axis. */
export type MatrixLists = Readonly<Record<keyof Axes, readonly string[]>>;

/** An `axis=value,…` pattern, read. */
function parsePattern(spec: string, what: "include" | "exclude", problems: string[]): Partial<Record<keyof Axes, string>> | undefined {
  const out: Partial<Record<keyof Axes, string>> = {};
  for (const pair of spec.split(",").map((p) => p.trim())) {
    const eq = pair.indexOf("=");
    const key = eq < 0 ? pair : pair.slice(0, eq);
    const axis = axisOfBake(key);
    if (eq < 0 || !axis || pair.slice(eq + 1) === "") {
      problems.push(`${what} "${spec}": "${pair}" is not axis=value; axes: ${AXIS_KEYS.map((a) => AXES[a].bake).join(", ")}`);
      return undefined;
    }
    out[axis] = pair.slice(eq + 1);
  }
  return out;
}

const matches = (cell: Axes, pattern: Partial<Record<keyof Axes, string>>): boolean =>
  (Object.keys(pattern) as (keyof Axes)[]).every((k) => cell[k] === pattern[k]);

/** The cells of a matrix, in list order, each once. Throws a ConfigError naming every bad value. */
export function expandMatrix(lists: MatrixLists, include: readonly string[] = [], exclude: readonly string[] = []): Axes[] {
  const problems: string[] = [];
  for (const axis of AXIS_KEYS) {
    const list = listName(AXES[axis].bake);
    const values = lists[axis];
    if (values.length === 0) problems.push(`${list} is empty; give at least one value`);
    for (const v of values) {
      const r = AxesSchema.shape[axis].safeParse(v);
      if (!r.success) problems.push(`${list}: ${r.error.issues[0]!.message}`);
    }
  }
  const excludes = exclude.map((e) => parsePattern(e, "exclude", problems));
  const includes = include.map((i) => parsePattern(i, "include", problems));
  if (problems.length) throw new ConfigError(problems.join("\n"));

  let cells: Axes[] = [{} as Axes];
  for (const axis of AXIS_KEYS) cells = cells.flatMap((c) => lists[axis].map((v) => ({ ...c, [axis]: v })));
  // A pattern that matches nothing is a typo that would run the cells it meant to leave out.
  excludes.forEach((e, i) => {
    if (!cells.some((c) => matches(c, e!))) problems.push(`exclude "${exclude[i]}" matches no cell of the matrix`);
  });
  cells = cells.filter((c) => !excludes.some((e) => matches(c, e!)));
  for (const inc of includes) {
    const first = Object.fromEntries(AXIS_KEYS.map((a) => [a, lists[a][0]!])) as Axes;
    const cell = { ...first, ...inc! };
    const r = AxesSchema.safeParse(cell);
    if (!r.success) problems.push(...r.error.issues.map((i) => `include "${include[includes.indexOf(inc)]}": ${i.message}`));
    else cells.push(r.data);
  }
  const seen = new Set<string>();
  cells = cells.filter((c) => !seen.has(cellName(c)) && seen.add(cellName(c)));
  for (const c of cells) {
    try {
      checkArchitectures(c);
    } catch (e) {
      problems.push(`cell ${cellName(c)}: ${(e as Error).message}; exclude it or fix the lists`);
    }
  }
  if (problems.length) throw new ConfigError(problems.join("\n"));
  if (cells.length === 0) throw new ConfigError("the matrix has no cell left: the excludes remove every cell");
  return cells;
}
