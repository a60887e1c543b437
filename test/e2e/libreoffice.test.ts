import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import ExcelJS from "exceljs";
import type { FormatModel } from "../../src/format/layout";
import { getFormat } from "../../src/format/registry";
import { planToXlsx } from "../../src/host/xlsx";
import { readXlsx } from "../support/read";
import { validateSnapshot, type ValidationReport } from "../../src/rules/validate";
import { buildPlan, CHECK_FIRST_ROW, CHECK_SHEET } from "../../src/workbook/plan";
import { snapshotFromData } from "../../src/workbook/read";
import type { RawValue, Snapshot } from "../../src/workbook/snapshot";
import { consistentValues, inject, INJECTIONS, rng } from "../support/generate";
import { NEW_ROW, variantModel } from "../support/variant";

/**
 * One definition, two engines: the same holds when LibreOffice headless recalculates the saved
 * .xlsx. Every generated workbook is converted by `soffice --convert-to xlsx` (which recomputes
 * all formulas on load); its 校验 sheet must agree with the JS engine run on the original file,
 * and the converted file must still validate the same through our own reader.
 */

/** NIANBAO_LO_SETS lowers the count for a quick local run; CI runs the full 64. */
const SETS_PER_FORMAT = Number(process.env.NIANBAO_LO_SETS ?? 64);
/** The provincial variant that exists only as data (test/fixtures/format): fewer sets, the same checks. */
const VARIANT_SETS = Math.min(20, SETS_PER_FORMAT);
const BLANK_SETS_PER_FORMAT = 6;
const VARIANT = "variant-2021";
const FORMATS = [
  ["2019", 2020],
  ["2021", 2023],
  [VARIANT, 2023],
] as const;
const modelOf = (formatId: (typeof FORMATS)[number][0]): FormatModel => (formatId === VARIANT ? variantModel() : getFormat(formatId));
const setsOf = (formatId: (typeof FORMATS)[number][0]) => (formatId === VARIANT ? VARIANT_SETS : SETS_PER_FORMAT);
const saltOf = (formatId: (typeof FORMATS)[number][0]) => (formatId === VARIANT ? 2025 : Number(formatId));
const ARTIFACTS = resolve(__dirname, "../artifacts/libreoffice");

interface Case {
  formatId: (typeof FORMATS)[number][0];
  year: number;
  seed: number;
  values: Map<string, RawValue>;
  injected: string[];
  file: string;
}

function requireSoffice(): string {
  const probe = spawnSync("soffice", ["--version"], { encoding: "utf8" });
  if (probe.error || probe.status !== 0) {
    throw new Error(
      "LibreOffice headless (`soffice`) is required by the e2e tests but was not found or does not run. " +
        "Install it: `apt-get install -y --no-install-recommends libreoffice-calc-nogui` (see README). " +
        `(${probe.error?.message ?? probe.stderr})`,
    );
  }
  return probe.stdout.trim();
}

function makeCases(): Case[] {
  const cases: Case[] = [];
  for (const [formatId, year] of FORMATS) {
    const model = modelOf(formatId);
    for (let seed = 1; seed <= setsOf(formatId); seed++) {
      const r = rng(seed * 104729 + saltOf(formatId));
      const values = consistentValues(model, r);
      const injected: string[] = [];
      // Every fifth set stays consistent; the others get the injections in turn, then random extras.
      if (seed % 5 !== 0) {
        const kinds = [INJECTIONS[seed % INJECTIONS.length], ...Array.from({ length: r.int(0, 3) }, () => r.pick(INJECTIONS))];
        for (const kind of kinds) injected.push(`${kind}@${inject(model, values, kind, r).id}`);
      }
      cases.push({ formatId, year, seed, values, injected, file: `f${formatId}-s${String(seed).padStart(3, "0")}.xlsx` });
    }
    // Blanks are unknown whole numbers ≥ 0: sets with many blank cells (every fourth one an empty table)
    // give 通过, 不通过 and 无法判断, which LibreOffice's formulas must reach the same way.
    for (let seed = 1; seed <= BLANK_SETS_PER_FORMAT; seed++) {
      const r = rng(seed * 7727 + saltOf(formatId));
      const values = consistentValues(model, r);
      const share = seed % 4 === 0 ? 1 : 0.1 + r.next() * 0.2;
      for (const cell of model.cells) if (cell.kind === "input" && cell.tableKey !== "t2" && r.chance(share)) values.set(cell.id, { type: "blank" });
      const injected = [`blank ${Math.round(share * 100)}%`];
      for (const kind of [r.pick(["sum", "typedOverTotal"] as const)]) injected.push(`${kind}@${inject(model, values, kind, r).id}`);
      cases.push({ formatId, year, seed: 1000 + seed, values, injected, file: `f${formatId}-blank${String(seed).padStart(3, "0")}.xlsx` });
    }
  }
  return cases;
}

/** The cached result of a cell. cell.value drops falsy results (0, FALSE, ""); cell.result keeps them. */
function resultOf(ws: ExcelJS.Worksheet, address: string): unknown {
  const cell = ws.getCell(address);
  if (cell.type === ExcelJS.ValueType.Formula) return cell.result;
  const v = cell.value;
  if (v && typeof v === "object" && "richText" in v) return v.richText.map((t) => t.text).join("");
  return v;
}
const isError = (v: unknown) => typeof v === "object" && v !== null && "error" in v;

interface CheckRow {
  row: number;
  key: string;
  left: unknown;
  right: unknown;
  diff: unknown;
  verdict: unknown;
  blanks: [unknown, unknown];
}

function checkRows(ws: ExcelJS.Worksheet): CheckRow[] {
  const rows: CheckRow[] = [];
  for (let row = CHECK_FIRST_ROW; ; row++) {
    const key = resultOf(ws, `B${row}`);
    if (typeof key !== "string" || key === "") break;
    rows.push({
      row,
      key,
      left: resultOf(ws, `E${row}`),
      right: resultOf(ws, `F${row}`),
      diff: resultOf(ws, `G${row}`),
      verdict: resultOf(ws, `H${row}`),
      blanks: [resultOf(ws, `I${row}`), resultOf(ws, `J${row}`)],
    });
  }
  return rows;
}

const ERR = Symbol("error");

/** What a derived cell's SUM must come to, from the values as written (Excel semantics: text, blanks and booleans count 0). */
function expectedSum(model: FormatModel, values: Map<string, RawValue>, id: string, booleanAsNumber: boolean): number | typeof ERR {
  const cell = model.cellById.get(id)!;
  const typed = values.get(id);
  if (cell.sumOf && (!typed || typed.type === "blank")) {
    let total = 0;
    for (const part of cell.sumOf) {
      const v = expectedSum(model, values, part, booleanAsNumber);
      if (v === ERR) return ERR;
      total += v;
    }
    return total;
  }
  const plain = (raw: RawValue | undefined): number | typeof ERR => {
    if (!raw) return 0;
    if (raw.type === "number") return raw.value;
    if (raw.type === "error") return ERR;
    if (raw.type === "formula") return plain(raw.result);
    if (raw.type === "boolean" && booleanAsNumber) return raw.value ? 1 : 0;
    return 0;
  };
  return plain(typed);
}

/**
 * The one known semantic difference. LibreOffice has no boolean cell type: it loads a TRUE/FALSE
 * constant as the formula =TRUE()/=FALSE() whose value is the number 1/0, and SUM counts it, where
 * Excel (and the JS engine) ignore booleans in references. Both flag the cell under F-1 (a formula,
 * not a typed number); the balance sums through it differ by the TRUE count. This is the snapshot
 * as LibreOffice sees it, so that everything else can be compared exactly.
 */
function libreOfficeView(snapshot: Snapshot): Snapshot {
  const values = new Map<string, RawValue>();
  for (const [id, raw] of snapshot.values) {
    values.set(
      id,
      raw.type === "boolean" ? { type: "formula", formula: raw.value ? "=TRUE()" : "=FALSE()", result: { type: "number", value: raw.value ? 1 : 0 } } : raw,
    );
  }
  return { ...snapshot, values };
}

const verdictsOf = (report: ValidationReport) =>
  report.results.map((r) => ({ key: r.instance.key, verdict: r.verdict, left: r.left, right: r.right, diff: r.diff, blanks: [r.blanksLeft, r.blanksRight] }));

describe("One definition, two engines: the same holds when LibreOffice headless recalculates the saved .xlsx", () => {
  const cases = makeCases();
  const stats = { sets: 0, instances: 0, failing: 0, totals: 0, booleanSets: 0, booleanVerdicts: 0, booleanFigures: 0, convertSeconds: 0, version: "" };

  beforeAll(async () => {
    stats.version = requireSoffice();
    const input = mkdtempSync(join(tmpdir(), "nianbao-lo-in-"));
    const profile = mkdtempSync(join(tmpdir(), "nianbao-lo-profile-"));
    rmSync(ARTIFACTS, { recursive: true, force: true });
    mkdirSync(ARTIFACTS, { recursive: true });
    try {
      for (const c of cases) {
        const model = modelOf(c.formatId);
        const plan = buildPlan(model, { year: c.year, cover: { orgName: "测试局" }, values: c.values, explanations: new Map() });
        writeFileSync(join(input, c.file), await planToXlsx(plan));
      }
      const started = Date.now();
      const run = spawnSync(
        "soffice",
        [
          `-env:UserInstallation=file://${profile}`,
          "--headless",
          "--norestore",
          "--convert-to",
          "xlsx",
          "--outdir",
          ARTIFACTS,
          ...cases.map((c) => join(input, c.file)),
        ],
        { encoding: "utf8", timeout: 840_000, stdio: ["ignore", "pipe", "pipe"] },
      );
      stats.convertSeconds = (Date.now() - started) / 1000;
      const missing = cases.filter((c) => !existsSync(join(ARTIFACTS, c.file)));
      if (run.error || run.status !== 0 || missing.length > 0) {
        throw new Error(
          `soffice --convert-to failed (status ${run.status}, ${run.error?.message ?? "no spawn error"}); ${missing.length} file(s) missing, e.g. ${missing[0]?.file}\n${run.stdout}\n${run.stderr}`,
        );
      }
      // Keep the originals next to the converted files for inspection.
      mkdirSync(join(ARTIFACTS, "original"), { recursive: true });
      for (const c of cases) writeFileSync(join(ARTIFACTS, "original", c.file), readFileSync(join(input, c.file)));
    } finally {
      rmSync(input, { recursive: true, force: true });
      rmSync(profile, { recursive: true, force: true });
    }
  }, 900_000);

  afterAll(() => {
    if (stats.sets > 0) {
      console.log(
        `LibreOffice (${stats.version}) recalculated ${stats.sets} workbooks in one soffice call (${stats.convertSeconds.toFixed(1)} s): ` +
          `${stats.instances} 校验 rule instances compared with the JS engine (${stats.failing} not 通过), ${stats.totals} derived 总计 cells checked. ` +
          `Known difference (SUM counts a TRUE cell as 1 in LibreOffice, 0 in Excel/JS): ${stats.booleanSets} sets with a boolean, ${stats.booleanFigures} left/right figures and ${stats.booleanVerdicts} verdicts differ from Excel semantics. Files: ${ARTIFACTS}`,
      );
    }
  });

  describe.each(FORMATS)("%s format (year %s)", (formatId, year) => {
    const model = modelOf(formatId);
    const mine = cases.filter((c) => c.formatId === formatId);

    test(`${setsOf(formatId)} value sets and ${BLANK_SETS_PER_FORMAT} blank-heavy ones: 校验 verdicts, left and right computed by LibreOffice equal the JS engine's`, async () => {
      expect(mine.length).toBe(setsOf(formatId) + BLANK_SETS_PER_FORMAT);
      let newRowCounted = 0;
      let failing = 0;
      const verdicts = new Map<string, number>();
      for (const c of mine) {
        const original = readFileSync(join(ARTIFACTS, "original", c.file));
        const converted = readFileSync(join(ARTIFACTS, c.file));
        const snapshot = snapshotFromData(await readXlsx(original));
        const js = validateSnapshot(snapshot);
        // What LibreOffice must compute: identical to js unless a cell holds a boolean.
        const lo = validateSnapshot(libreOfficeView(snapshot));
        const booleanIds = new Set([...snapshot.values].filter(([, raw]) => raw.type === "boolean").map(([id]) => id));
        if (booleanIds.size === 0) expect(verdictsOf(lo)).toEqual(verdictsOf(js));
        else {
          stats.booleanSets += 1;
          lo.results.forEach((l, i) => {
            if (l.verdict !== js.results[i].verdict) stats.booleanVerdicts += 1;
            if (l.left !== js.results[i].left || l.right !== js.results[i].right) stats.booleanFigures += 1;
          });
        }
        const context = `${c.file} (seed ${c.seed}, year ${year}, injected ${c.injected.join(", ") || "nothing"})`;

        const wb = new ExcelJS.Workbook();
        await wb.xlsx.load(converted as unknown as ArrayBuffer);
        const ws = wb.getWorksheet(CHECK_SHEET);
        if (!ws) throw new Error(`${context}: no ${CHECK_SHEET} sheet after conversion`);
        const rows = checkRows(ws);
        expect(rows.map((r) => r.key)).toEqual(lo.results.map((r) => r.instance.key));

        rows.forEach((row, i) => {
          const j = lo.results[i];
          const at = `${context} ${CHECK_SHEET}!row ${row.row} ${row.key}`;
          expect(`${at} verdict ${JSON.stringify(row.verdict)}`).toBe(`${at} verdict ${JSON.stringify(j.verdict)}`);
          expect(`${at} blanks ${JSON.stringify(row.blanks)}`).toBe(`${at} blanks ${JSON.stringify([j.blanksLeft, j.blanksRight])}`);
          verdicts.set(j.verdict, (verdicts.get(j.verdict) ?? 0) + 1);
          if (j.left !== null) {
            expect(`${at} left ${JSON.stringify(row.left)}`).toBe(`${at} left ${JSON.stringify(j.left)}`);
            expect(`${at} right ${JSON.stringify(row.right)}`).toBe(`${at} right ${JSON.stringify(j.right)}`);
            expect(`${at} diff ${JSON.stringify(row.diff)}`).toBe(`${at} diff ${JSON.stringify(j.diff)}`);
          } else {
            expect(`${at} diff is an error: ${isError(row.diff)} (${JSON.stringify(row.diff)})`).toBe(
              `${at} diff is an error: true (${JSON.stringify(row.diff)})`,
            );
          }
          if (j.verdict !== "通过") failing += 1;
        });

        // The summary line counts the same verdicts.
        const count = (v: string) => lo.results.filter((r) => r.verdict === v).length;
        expect(`${context} counts ${JSON.stringify([resultOf(ws, "B2"), resultOf(ws, "D2"), resultOf(ws, "F2")])}`).toBe(
          `${context} counts ${JSON.stringify([count("不通过"), count("提示") + count("无法判断"), count("通过")])}`,
        );

        // Derived cells (表三 总计 column, （七）总计 row, 表四 合计) were computed by LibreOffice.
        for (const cell of model.cells.filter((x) => x.kind === "formula")) {
          const typed = c.values.get(cell.id);
          if (typed && typed.type !== "blank") continue; // a value typed over the formula
          const want = expectedSum(model, c.values, cell.id, true);
          const got = resultOf(wb.getWorksheet(cell.sheet)!, cell.address);
          const at = `${context} ${cell.sheet}!${cell.address} (${cell.id})`;
          if (want === ERR) expect(`${at} error ${isError(got)}`).toBe(`${at} error true`);
          else expect(`${at} = ${JSON.stringify(got)}`).toBe(`${at} = ${JSON.stringify(want)}`);
          stats.totals += 1;
          // The variant's fourth （六） sub-row is inside （七）总计: LibreOffice's total moves with it.
          const part = `t3.${NEW_ROW}.${cell.columnKey}`;
          if (cell.rowKey === "total" && cell.tableKey === "t3" && model.cellById.has(part) && want !== ERR) {
            expect(`${at} sums ${part}: ${cell.sumOf?.includes(part)}`).toBe(`${at} sums ${part}: ${cell.columnKey !== "total"}`);
            const v = c.values.get(part);
            if (cell.columnKey !== "total" && v?.type === "number" && v.value !== 0) newRowCounted += 1;
          }
        }

        // A file saved by another program still validates the same through our own reader.
        const again = validateSnapshot(snapshotFromData(await readXlsx(converted)));
        expect(again.results.length).toBe(js.results.length);
        expect({ file: c.file, results: verdictsOf(again) }).toEqual({ file: c.file, results: verdictsOf(js) });
        // Only wording may change: LibreOffice saves boolean and error constants as formulas (=TRUE(), =#N/A),
        // which F-1 then names as a formula typed into the cell. Same finding, same verdict.
        const asFormula = new Set([...snapshot.values].filter(([, raw]) => raw.type === "boolean" || raw.type === "error").map(([id]) => id));
        const wording = (r: ValidationReport) => r.findings.map((f) => (asFormula.has(f.key.replace(/^F-1@/, "")) ? f.key : `${f.key}: ${f.message}`));
        expect({ file: c.file, findings: wording(again) }).toEqual({ file: c.file, findings: wording(js) });
        for (const id of asFormula) expect(again.findings.find((f) => f.key === `F-1@${id}`)?.message).toMatch(/公式“=(TRUE\(\)|FALSE\(\)|#N\/A)”/);
        expect(again.summary).toEqual(js.summary);

        stats.sets += 1;
        stats.instances += rows.length;
      }
      stats.failing += failing;
      // The sets really exercise the rules: all three verdicts of the blank semantics occur.
      expect(failing).toBeGreaterThan(setsOf(formatId) / 2);
      expect(verdicts.get("无法判断") ?? 0).toBeGreaterThan(20);
      expect(verdicts.get("不通过") ?? 0).toBeGreaterThan(10);
      if (formatId === VARIANT) {
        expect(newRowCounted).toBeGreaterThan(10);
        // The converted file still carries the variant (its definition survived LibreOffice in _nianbao).
        const again = snapshotFromData(await readXlsx(readFileSync(join(ARTIFACTS, mine[0].file))));
        expect(again.model.version).toEqual(model.version);
      }
    }, 600_000);
  });
});
