import { join, relative } from "node:path";
import { importCycles, importGraph } from "../support/importGraph";

const SRC = join(__dirname, "../../src");

describe("src/ has no import cycle", () => {
  it("finds a cycle where there is one (the check can fail)", () => {
    const graph = new Map([
      ["a", ["b"]],
      ["b", ["c"]],
      ["c", ["a", "d"]],
      ["d", []],
      ["e", ["e"]],
    ]);
    expect(importCycles(graph)).toEqual([["a", "b", "c"], ["e"]]);
  });

  it("reads the real imports of src/ (static, type-only and dynamic)", () => {
    const graph = importGraph(SRC);
    const deps = (file: string) => (graph.get(join(SRC, file)) ?? []).map((f) => relative(SRC, f)).sort();
    expect(graph.size).toBeGreaterThan(100);
    // A type-only import, a static one and a dynamic import() each count as an edge.
    expect(deps("rules/validate.ts")).toEqual(expect.arrayContaining(["narrative/check.ts", "rules/crossYear.ts", "rules/evaluate.ts"]));
    expect(deps("cli/main.ts")).toContain("cli/export.ts");
  });

  it("has none: every module of src/ can be loaded without one reaching back to itself", () => {
    const cycles = importCycles(importGraph(SRC)).map((c) => c.map((f) => relative(SRC, f)));
    console.log(`import graph: ${importGraph(SRC).size} files in src/, ${cycles.length} cycles`);
    expect(cycles).toEqual([]);
  });
});
