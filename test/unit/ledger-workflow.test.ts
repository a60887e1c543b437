import { formatForYear } from "../../src/format/registry";
import { MemoryWorkbook } from "../../src/host/memory";
import { deriveTable3 } from "../../src/ledger/derive";
import { table3Of } from "../../src/ledger/table3";
import { REGISTER_FIELDS, REGISTER_HEADERS, type RegisterField } from "../../src/ledger/vocabulary";
import { applicationsListed, openTableBytes, rememberedMapping, REQUIRED_REGISTER, writeLedger } from "../../src/ledger/workflow";
import { validateSnapshot } from "../../src/rules/validate";
import { readSnapshot } from "../../src/workbook/operations";
import { generate } from "../../src/workbook/rebuild";

/** 从台账生成 through the port the pane uses (the memory workbook): mapping, side by side, 台账 sheet, memory, L-1. */

const t3 = table3Of(formatForYear(2024));
const granted = t3.cell("granted", "natural");
const REGISTER = [
  "编号,来文时间,申请人,申请人类型,答复日期,办理结果",
  "A1,2024-01-05,张三,公民,2024-01-20,予以公开",
  "A2,2024-02-05,李四,公民,2024-02-20,同意公开",
  "A3,2024-03-05,某公司,企业,2024-03-20,信息不存在",
].join("\n");
const bytes = new TextEncoder().encode(REGISTER);
const spec = (overrides: Map<string, RegisterField | null>) => ({ headers: REGISTER_HEADERS, labels: REGISTER_FIELDS, required: REQUIRED_REGISTER, overrides });

async function report() {
  const mem = new MemoryWorkbook();
  await generate(mem, { year: 2024, orgName: "某局" });
  return mem;
}

test("a column no synonym knows is offered for mapping; mapped, the register opens", async () => {
  const unmapped = await openTableBytes(bytes, "台账.csv", spec(new Map()));
  expect(unmapped.ok).toBe(false);
  if (unmapped.ok) return;
  expect(unmapped.missing).toEqual(["received"]);
  expect(unmapped.columns.map((c) => `${c.letter}${c.header}:${c.field ?? "-"}`)).toEqual([
    "A编号:id",
    "B来文时间:-",
    "C申请人:applicant",
    "D申请人类型:applicantType",
    "E答复日期:answered",
    "F办理结果:result",
  ]);
  const mapped = await openTableBytes(bytes, "台账.csv", spec(new Map([["来文时间", "received"]])));
  expect(mapped.ok && mapped.columns[1]).toEqual({ letter: "B", header: "来文时间", field: "received", by: "map" });
});

test("typed cells are shown beside the register's counts and kept until replaced; then counts, mapping and the 台账 sheet are written in one write; L-1 after an edit", async () => {
  const mem = await report();
  mem.setCell("表三", granted.address, { type: "number", value: 5 });
  const mapping = new Map<string, RegisterField | null>([["来文时间", "received"]]);
  const opened = await openTableBytes(bytes, "台账.csv", spec(mapping));
  if (!opened.ok) throw new Error(opened.message);
  const derivation = deriveTable3(opened.parsed, { year: 2024 });

  const writes = mem.calls.write;
  const refused = await writeLedger(mem, { derivation, mapping, replace: false });
  expect(refused.kind).toBe("refused");
  if (refused.kind !== "refused") return;
  expect(refused.comparison.conflicts.map((r) => [`${r.sheet}!${r.address}`, r.place, r.typed, r.derived])).toEqual([
    [`表三!${granted.address}`, "（一）予以公开 · 自然人", "5", 2],
  ]);
  expect(mem.calls.write).toBe(writes);
  expect(mem.getCell("表三", granted.address)).toEqual({ type: "number", value: 5 });

  const written = await writeLedger(mem, { derivation, mapping, replace: true });
  expect(written.kind).toBe("written");
  expect(mem.calls.write).toBe(writes + 1);
  expect(mem.getCell("表三", granted.address)).toEqual({ type: "number", value: 2 });
  expect(mem.getCell("台账", "A4")).toEqual({ type: "text", value: "第 2 行" });
  expect(mem.getCell("台账", "K4")).toEqual({ type: "text", value: `${t3.cell("new", "natural").address}、${granted.address}` });
  expect([...(await rememberedMapping(mem))]).toEqual([["来文时间", "received"]]);
  // Drill-down from the sheet itself: the applications behind （一）予以公开 · 自然人.
  const listed = applicationsListed((await mem.read(["台账"])).sheets[0], granted.address);
  expect(listed).toEqual([
    { sheetRow: 4, place: "第 2 行", text: "A1 · 张三 · 公民 · 2024年1月5日 · 答复 2024年1月20日 · 予以公开" },
    { sheetRow: 5, place: "第 3 行", text: "A2 · 李四 · 公民 · 2024年2月5日 · 答复 2024年2月20日 · 同意公开" },
  ]);

  // Nothing edited since: L-1 passes, and deriving again is no conflict (the cells are the register's, not typed by hand).
  expect(validateSnapshot(await readSnapshot(mem)).findings.filter((f) => f.rule === "L-1")).toEqual([]);
  expect((await writeLedger(mem, { derivation, mapping, replace: false })).kind).toBe("written");

  mem.setCell("表三", granted.address, { type: "number", value: 9 });
  const l1 = validateSnapshot(await readSnapshot(mem)).findings.filter((f) => f.rule === "L-1");
  expect(l1.map((f) => f.message)).toEqual([
    `表三!${granted.address}（（一）予以公开 · 自然人）现为 9，台账计数为 2：从台账生成后改动过。请核对台账，或在“台账”页重新生成。`,
  ]);
  expect((await writeLedger(mem, { derivation, mapping, replace: false })).kind).toBe("refused");
});

test("a sheet of the user's own named 台账 is never written over", async () => {
  const mem = await report();
  mem.addOwnSheets([{ name: "台账", visible: true, cells: new Map([["A1", { type: "text", value: "我自己的台账" }]]) }]);
  const opened = await openTableBytes(bytes, "台账.csv", spec(new Map([["来文时间", "received"]])));
  if (!opened.ok) throw new Error(opened.message);
  const result = await writeLedger(mem, { derivation: deriveTable3(opened.parsed, { year: 2024 }), mapping: new Map(), replace: true });
  expect(result.kind === "written" && result.sheet).toBe("台账（年报）");
  expect(mem.getCell("台账", "A1")).toEqual({ type: "text", value: "我自己的台账" });
  expect(mem.getCell("台账（年报）", "A4")).toEqual({ type: "text", value: "第 2 行" });
});

test("a workbook of another year is refused with the reason", async () => {
  const mem = await report();
  const opened = await openTableBytes(bytes, "台账.csv", spec(new Map([["来文时间", "received"]])));
  if (!opened.ok) throw new Error(opened.message);
  const result = await writeLedger(mem, { derivation: deriveTable3(opened.parsed, { year: 2023 }), mapping: new Map(), replace: true });
  expect(result).toEqual({ kind: "blocked", message: "本工作簿是 2024 年度的报表，台账按 2023 年度统计；请核对年度。" });
});
