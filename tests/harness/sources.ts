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
import { AXES, AXIS_KEYS } from "../../.dagger/src/config/axes.js";
import { LAYERS, TARGET_LAYERS } from "../../.dagger/src/graph.js";

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

const str = (s: string): string => JSON.stringify(s);
const doc = (s: string): string => `/** ${s} */`;

/** The constructor's axis arguments, each with its doc and default. */
export function constructorAxes(): string[] {
  return AXIS_KEYS.flatMap((a) => [doc(AXES[a].help), `${a}: string = ${str(AXES[a].default)},`]);
}

/** The cell's axes as the constructor hands them to CellConfig. */
export function constructorCellAxes(): string[] {
  return [`{ ${AXIS_KEYS.join(", ")} },`];
}

/** matrix's axis lists, each with its doc (its default said too: the CLI does not show a list's) and default. */
export function matrixLists(): string[] {
  return AXIS_KEYS.flatMap((a) => {
    const { bake, many, matrix } = AXES[a];
    return [doc(`Its ${many} (${bake}s). Default: ${matrix.join(", ")}.`), `${a}s: string[] = [${matrix.map(str).join(", ")}],`];
  });
}

/** The lists matrix expands, by axis. */
export function matrixExpansion(): string[] {
  return [`const lists = { ${AXIS_KEYS.map((a) => `${a}: ${a}s`).join(", ")} };`];
}

/** CellConfig's axis fields. */
export function cellConfigFields(): string[] {
  return AXIS_KEYS.map((a) => `${a} = "";`);
}

/** bake.sh's axes, one per line: variable, constructor flag, plural variable, matrix flag, default. */
export function bakeAxes(): string[] {
  const rows = AXIS_KEYS.map((a) => {
    const { bake } = AXES[a];
    const flag = bake.replace(/_/g, "-");
    return `${bake}:${flag}:${bake}s:${flag}s:${AXES[a].default}`;
  });
  return [`AXES="${rows.join("\n")}"`];
}

/** The module's layer functions taking nothing: each returns its layer of the cell's graph. */
export function layerFunctions(): string[] {
  return TARGET_LAYERS.flatMap((l, i) => {
    const { doc: text, returns } = LAYERS[l];
    return [
      ...(i > 0 ? [""] : []),
      doc(text),
      "@func()",
      `async ${l}(): Promise<${returns}> {`,
      `  return (await this.graph()).layer(${str(l)}).value();`,
      "}",
    ];
  });
}

/** Every generated region's file, with its new text given the file's current text. */
export const REGIONS: Readonly<Record<string, (text: string) => string>> = {
  ".dagger/src/index.ts": (t) => {
    const f = ".dagger/src/index.ts";
    t = replaceRegion(t, f, "constructor-axes", constructorAxes());
    t = replaceRegion(t, f, "cell-axes", constructorCellAxes());
    t = replaceRegion(t, f, "layer-functions", layerFunctions());
    t = replaceRegion(t, f, "matrix-lists", matrixLists());
    return replaceRegion(t, f, "matrix-expansion", matrixExpansion());
  },
  ".dagger/src/config/cell-config.ts": (t) => replaceRegion(t, ".dagger/src/config/cell-config.ts", "axis-fields", cellConfigFields()),
  "docker/bake.sh": (t) => replaceRegion(t, "docker/bake.sh", "axes", bakeAxes(), "#"),
};
