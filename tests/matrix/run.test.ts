import { describe, expect, it } from "vitest";
import { ERROR_LINES, formatReport, runCells } from "../../.dagger/src/matrix/run.js";

const tick = () => new Promise((r) => setTimeout(r, 1));

describe("running cells", () => {
  it("never runs more than `concurrency` cells at once, and reports each in cell order", async () => {
    let running = 0;
    let most = 0;
    const reports = await runCells([1, 2, 3, 4, 5, 6, 7], String, "t", async () => {
      running++;
      most = Math.max(most, running);
      await tick();
      running--;
    }, { concurrency: 3, failFast: false });
    expect(most).toBe(3);
    expect(reports.map((r) => [r.cell, r.result])).toEqual([1, 2, 3, 4, 5, 6, 7].map((n) => [String(n), "pass"]));
  });

  it("a failure is recorded with its first lines; the other cells still run", async () => {
    const long = Array.from({ length: 20 }, (_, i) => `line ${i + 1}`).join("\n");
    const reports = await runCells(["a", "b", "c"], (c) => c, "lints", async (c) => {
      if (c === "b") throw new Error(long);
    }, { concurrency: 1, failFast: false });
    expect(reports.map((r) => r.result)).toEqual(["pass", "fail", "pass"]);
    expect(reports[1]!.error!.split("\n")).toHaveLength(ERROR_LINES + 1);
    expect(reports[1]!.error).toContain("… (12 more lines)");
    const text = formatReport(reports);
    expect(text.split("\n")[0]).toBe("lints over 3 cells: 2 passed, 1 failed, 0 not run");
    expect(text).toContain("b:\n  line 1");
  });

  it("fail-fast starts no cell after the first failure", async () => {
    const ran: string[] = [];
    const reports = await runCells(["a", "b", "c", "d"], (c) => c, "t", async (c) => {
      ran.push(c);
      if (c === "a") throw new Error("boom");
    }, { concurrency: 1, failFast: true });
    expect(ran).toEqual(["a"]);
    expect(reports.map((r) => r.result)).toEqual(["fail", "not run", "not run", "not run"]);
  });

  it("times each cell with the clock it is given", async () => {
    let t = 0;
    const reports = await runCells(["a"], (c) => c, "t", async () => void (t += 2500), { concurrency: 1, failFast: false, now: () => t });
    expect(reports[0]!.seconds).toBe(2.5);
  });
});
