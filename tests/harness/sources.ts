/**
 * The parts of the module's source that `npm run docs` writes from its tables, because the SDK's
 * scanner reads a function's arguments and an object's functions from the source, not from values:
 *   .dagger/src/index.ts              the constructor's axis arguments and how they make the cell's
 *                                     axes; matrix's axis lists and how they expand; the layer
 *                                     functions (config/axes.ts AXES, graph.ts LAYERS)
 *   .dagger/src/config/cell-config.ts CellConfig's axis fields (AXES)
 *   docker/bake.sh                    bake.sh's axis variables, flags and defaults (AXES)
 * Each is a region between two marker lines, `generated:<name>` and `/generated:<name>`, in the
 * file's comment syntax; everything outside the regions is written by hand.
 */
import { AXES, type AxisDecl } from "../../.dagger/src/config/axes.js";
import { LAYERS, TARGET_LAYERS } from "../../.dagger/src/graph.js";
import { listName } from "../../.dagger/src/names.js";

/** A file's comment marker: `//` for TypeScript, `#` for shell. */
type Comment = "//" | "#";

/** A region's body, one line per element, indented as its opening marker is. */
export function replaceRegion(text: string, file: string, name: string, body: readonly string[], comment: Comment = "//"): string {
  const lines = text.split("\n");
  const open = lines.findIndex((l) => l.trim().startsWith(`${comment} generated:${name} `));
  const close = lines.findIndex((l) => l.trim() === `${comment} /generated:${name}`);
  if (open < 0 || close < open) throw new Error(`${file} lacks the region ${comment} generated:${name} … ${comment} /generated:${name}`);
  const indent = lines[open]!.slice(0, lines[open]!.indexOf(comment));
  return [...lines.slice(0, open + 1), ...body.map((l) => (l === "" ? l : indent + l)), ...lines.slice(close)].join("\n");
}

/** What the regions are written from: the axes in cell-name order, and the layer functions in chain order. */
export interface Tables {
  readonly axes: Readonly<Record<string, AxisDecl>>;
  readonly layerFunctions: readonly { readonly name: string; readonly returns: string; readonly doc: string }[];
}

/** The module's own tables. */
export const TABLES: Tables = { axes: AXES, layerFunctions: TARGET_LAYERS.map((l) => ({ name: l, returns: LAYERS[l].returns, doc: LAYERS[l].doc })) };

const str = (s: string): string => JSON.stringify(s);
const doc = (s: string): string => `/** ${s} */`;
const axesOf = (t: Tables) => Object.entries(t.axes);

/** The constructor's axis arguments, each with its doc and default. */
export function constructorAxes(t: Tables = TABLES): string[] {
  return axesOf(t).flatMap(([a, d]) => [doc(d.help), `${a}: string = ${str(d.default)},`]);
}

/** The cell's axes as the constructor hands them to CellConfig. */
export function constructorCellAxes(t: Tables = TABLES): string[] {
  return [`{ ${Object.keys(t.axes).join(", ")} },`];
}

/** matrix's axis lists, each with its doc (its default said too: the CLI does not show a list's) and default. */
export function matrixLists(t: Tables = TABLES): string[] {
  return axesOf(t).flatMap(([a, { bake, many, matrix }]) => [doc(`Its ${many} (${listName(bake)}). Default: ${matrix.join(", ")}.`), `${listName(a)}: string[] = [${matrix.map(str).join(", ")}],`]);
}

/** The lists matrix expands, by axis. */
export function matrixExpansion(t: Tables = TABLES): string[] {
  return [`const lists = { ${Object.keys(t.axes).map((a) => `${a}: ${listName(a)}`).join(", ")} };`];
}

/** CellConfig's axis fields. */
export function cellConfigFields(t: Tables = TABLES): string[] {
  return Object.keys(t.axes).map((a) => `${a} = "";`);
}

/** bake.sh's axes, one per line: variable, constructor flag, plural variable, matrix flag, default. */
export function bakeAxes(t: Tables = TABLES): string[] {
  const rows = axesOf(t).map(([, { bake, default: value }]) => {
    const flag = bake.replace(/_/g, "-");
    return `${bake}:${flag}:${listName(bake)}:${listName(flag)}:${value}`;
  });
  return [`AXES="${rows.join("\n")}"`];
}

/** The module's layer functions taking nothing: each returns its layer of the cell's graph. */
export function layerFunctions(t: Tables = TABLES): string[] {
  return t.layerFunctions.flatMap(({ name, returns, doc: text }, i) => [
    ...(i > 0 ? [""] : []),
    doc(text),
    "@func()",
    `async ${name}(): Promise<${returns}> {`,
    `  return (await this.graph()).layer(${str(name)}).value();`,
    "}",
  ]);
}

/** Every generated region's file, with its new text given the file's current text and the tables. */
export const REGIONS: Readonly<Record<string, (text: string, t?: Tables) => string>> = {
  ".dagger/src/index.ts": (text, t = TABLES) => {
    const f = ".dagger/src/index.ts";
    text = replaceRegion(text, f, "constructor-axes", constructorAxes(t));
    text = replaceRegion(text, f, "cell-axes", constructorCellAxes(t));
    text = replaceRegion(text, f, "layer-functions", layerFunctions(t));
    text = replaceRegion(text, f, "matrix-lists", matrixLists(t));
    return replaceRegion(text, f, "matrix-expansion", matrixExpansion(t));
  },
  ".dagger/src/config/cell-config.ts": (text, t = TABLES) => replaceRegion(text, ".dagger/src/config/cell-config.ts", "axis-fields", cellConfigFields(t)),
  "docker/bake.sh": (text, t = TABLES) => replaceRegion(text, "docker/bake.sh", "axes", bakeAxes(t), "#"),
};
