/**
 * Running a target over the cells of a matrix in one engine session: at most `concurrency`
 * cells at a time (the engine builds a layer the cells share once, whichever cell asks first),
 * each cell's result recorded, and a report of them all. With fail-fast, no cell starts after
 * the first failure; the cells already running finish.
 */

/** How one cell went. */
export interface CellReport {
  readonly cell: string;
  readonly target: string;
  readonly result: "pass" | "fail" | "not run";
  /** Wall time of the cell's calls, seconds, as the module saw them. */
  readonly seconds?: number;
  /** The first lines of the failure. */
  readonly error?: string;
}

/** How many lines of a failure the report keeps. */
export const ERROR_LINES = 8;

/** Run `run` for every cell, at most `concurrency` at once. */
export async function runCells<C>(
  cells: readonly C[],
  name: (cell: C) => string,
  target: string,
  run: (cell: C) => Promise<void>,
  opts: { concurrency: number; failFast: boolean; now?: () => number },
): Promise<CellReport[]> {
  const now = opts.now ?? Date.now;
  const reports: (CellReport | undefined)[] = cells.map(() => undefined);
  let next = 0;
  let failed = false;
  const worker = async (): Promise<void> => {
    while (next < cells.length) {
      const i = next++;
      const cell = cells[i]!;
      if (failed && opts.failFast) {
        reports[i] = { cell: name(cell), target, result: "not run" };
        continue;
      }
      const start = now();
      try {
        await run(cell);
        reports[i] = { cell: name(cell), target, result: "pass", seconds: (now() - start) / 1000 };
      } catch (e) {
        failed = true;
        const lines = (e instanceof Error ? e.message : String(e)).split("\n");
        const error = lines.slice(0, ERROR_LINES).join("\n") + (lines.length > ERROR_LINES ? `\n… (${lines.length - ERROR_LINES} more lines)` : "");
        reports[i] = { cell: name(cell), target, result: "fail", seconds: (now() - start) / 1000, error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(opts.concurrency, cells.length)) }, worker));
  return reports.map((r) => r!);
}

/** The report as text: a line per cell, then each failure's first lines. */
export function formatReport(reports: readonly CellReport[]): string {
  const width = Math.max(...reports.map((r) => r.cell.length));
  const count = (res: CellReport["result"]) => reports.filter((r) => r.result === res).length;
  const lines = reports.map((r) => `${r.result.padEnd(7)} ${r.cell.padEnd(width)}  ${r.seconds !== undefined ? `${r.seconds.toFixed(1)}s` : ""}`.trimEnd());
  const failures = reports.filter((r) => r.error).flatMap((r) => ["", `${r.cell}:`, ...r.error!.split("\n").map((l) => `  ${l}`)]);
  const target = reports[0]?.target ?? "";
  return [`${target} over ${reports.length} cells: ${count("pass")} passed, ${count("fail")} failed, ${count("not run")} not run`, ...lines, ...failures].join("\n");
}
