import { readFileSync } from "node:fs";
import { join } from "node:path";
import { formatForYear } from "../../src/format/registry";
import { deriveTable3, type LedgerDerivation } from "../../src/ledger/derive";
import { deriveTable4 } from "../../src/ledger/cases";
import { HeaderMatcher } from "../../src/ledger/header";
import { readRegister } from "../../src/ledger/read";
import { chooseSheet, parseTable } from "../../src/ledger/register";
import { table3Of } from "../../src/ledger/table3";
import { CASE_HEADERS, REGISTER_HEADERS, type RegisterField } from "../../src/ledger/vocabulary";
import { fixtureXlsx, LEDGER_FIXTURES } from "../support/ledger";

/**
 * Registers written after the forms real systems export (test/fixtures/ledger), read from real
 * .xlsx/.csv bytes; each derives the 表三 counted by hand below. Counts are "row × column" in the
 * format's keys; every cell not listed is 0.
 */

const matcher = new HeaderMatcher(REGISTER_HEADERS);

async function register(file: string) {
  const bytes = file.endsWith(".json") ? await fixtureXlsx(file) : readFileSync(join(LEDGER_FIXTURES, file));
  const read = await readRegister(bytes, file);
  if (!read.ok) throw new Error(read.message);
  const chosen = chooseSheet(read.sheets, matcher, new Map());
  if ("error" in chosen) throw new Error(chosen.error);
  const parsed = parseTable(chosen.sheet, matcher, new Map());
  if (!parsed) throw new Error("no header");
  return { parsed, read };
}

function nonZero(d: LedgerDerivation): Record<string, number> {
  const out: Record<string, number> = {};
  for (const cell of table3Of(d.model).inputCells) {
    const n = d.values.get(cell.id) ?? 0;
    if (n) out[`${cell.rowKey} × ${cell.columnKey}`] = n;
  }
  return out;
}

const byStatus = (d: LedgerDerivation, status: string) => d.records.filter((r) => r.status === status).map((r) => r.row);
const mapped = (d: LedgerDerivation) => Object.fromEntries(d.header.columns.filter((c) => c.field).map((c) => [c.field as RegisterField, c.letter]));

describe("registers after real exports → 表三 equal to a hand count", () => {
  test("hand-kept register: merged title rows above the header on row 3, Excel dates", async () => {
    const { parsed } = await register("manual-merged-title.json");
    const d = deriveTable3(parsed, { year: 2024 });
    expect(d.header.row).toBe(3);
    expect(nonZero(d)).toEqual({
      "new × natural": 8,
      "new × commercial": 1,
      "new × publicWelfare": 1,
      "new × legalService": 1,
      "carried × natural": 1,
      "granted × natural": 4,
      "granted × publicWelfare": 1,
      "partial × natural": 1,
      "partial × commercial": 1,
      "withheld.thirdParty × natural": 1,
      "unable.notHeld × legalService": 1,
      "notProcessed.petition × natural": 1,
      "carriedNext × natural": 2,
    });
    // 16 已处理 (wording), 17 no 收到日期, 18 answered before received, 19/20 the same 申请编号; 21 was answered in 2023.
    expect(byStatus(d, "unclassified")).toEqual([16, 17, 18, 19, 20]);
    expect(byStatus(d, "outOfYear")).toEqual([21]);
    const late = d.records.filter((r) => r.deadline?.status === "late").map((r) => r.fields.id);
    expect(late).toEqual(["ZR2024-009"]);
    // Extended (是否延期 是): 40 working days from 8月5日 end on 9月30日, the day it was answered.
    expect(d.records.find((r) => r.fields.id === "ZR2024-008")?.deadline).toMatchObject({ status: "onTime", limit: 40 });
  });

  test("system export: header on row 1, other wordings and order, timestamps as text", async () => {
    const { parsed } = await register("trs-export.json");
    const d = deriveTable3(parsed, { year: 2024 });
    expect(mapped(d)).toEqual({
      id: "A",
      applicant: "B",
      applicantType: "C",
      content: "D",
      received: "E",
      status: "F",
      result: "G",
      answered: "H",
      extended: "I",
    });
    expect(nonZero(d)).toEqual({
      "new × natural": 6,
      "new × research": 1,
      "new × publicWelfare": 1,
      "new × otherOrg": 1,
      "granted × natural": 1,
      "granted × research": 1,
      "granted × otherOrg": 1,
      "withheld.process × natural": 1,
      "unable.notHeld × publicWelfare": 1,
      "notProcessed.repeated × natural": 1,
      "other.noCorrection × natural": 1,
      "other.other × natural": 1,
      "carriedNext × natural": 1,
    });
    // 法人或其他组织 + a company name: suggested, not counted until confirmed.
    expect(byStatus(d, "suggested")).toEqual([3]);
    const confirmed = deriveTable3(parsed, { year: 2024, confirmSuggestions: true });
    expect(nonZero(confirmed)).toMatchObject({ "new × commercial": 1, "partial × commercial": 1 });
  });

  test("登记表 with a two-row grouped header under a merged title, dates as 2024年3月5日", async () => {
    const { parsed } = await register("suqian-dengjibiao.json");
    const d = deriveTable3(parsed, { year: 2024 });
    expect([d.header.row, d.header.height]).toEqual([2, 2]);
    expect(mapped(d)).toEqual({
      id: "A",
      received: "B",
      applicant: "C",
      applicantType: "D",
      content: "F",
      answered: "G",
      result: "H",
      resultDetail: "I",
      note: "J",
    });
    expect(nonZero(d)).toEqual({
      "new × natural": 5,
      "new × commercial": 1,
      "new × publicWelfare": 1,
      "new × legalService": 1,
      "granted × natural": 1,
      "granted × publicWelfare": 1,
      "partial × legalService": 1,
      "withheld.stateSecret × commercial": 1,
      "withheld.enforcement × natural": 1,
      "unable.needsCreation × natural": 1,
      "notProcessed.confirmation × natural": 1,
      "carriedNext × natural": 1,
    });
    expect(byStatus(d, "suggested")).toEqual([12]);
    // Received 11月25日, answered 2025年1月6日: past its 20 working days (12月23日).
    expect(d.records.find((r) => r.fields.id === "SQ-2024-08")?.deadline).toMatchObject({ status: "late", deadline: "2024-12-23" });
  });

  test("portal export: header on row 2, Excel and text dates in one column, a 合计 row and a 填表说明 line", async () => {
    const { parsed } = await register("dongyi-export.json");
    const d = deriveTable3(parsed, { year: 2024 });
    expect(d.header.row).toBe(2);
    expect(nonZero(d)).toEqual({
      "new × natural": 5,
      "new × commercial": 1,
      "new × publicWelfare": 1,
      "granted × natural": 1,
      "partial × publicWelfare": 1,
      "withheld.thirdParty × commercial": 1,
      "unable.unclear × natural": 1,
      "notProcessed.excessive × natural": 1,
      "other.noFee × natural": 1,
      "carriedNext × natural": 1,
    });
    expect(byStatus(d, "suggested")).toEqual([6]);
    expect(byStatus(d, "unclassified")).toEqual([11]);
    expect(d.skipped.map((s) => [s.row, s.reason])).toEqual([
      [12, "合计行，不是申请记录"],
      [13, "只有一段文字（如填表说明），不是申请记录"],
    ]);
  });

  test("CSV in GBK with CRLF, dates 2024.3.5 and 2024/03/05, quoted commas", async () => {
    const { parsed, read } = await register("gbk-export.csv");
    expect(read.ok && read.encoding).toBe("GBK");
    const d = deriveTable3(parsed, { year: 2024 });
    expect(nonZero(d)).toEqual({
      "new × natural": 5,
      "new × commercial": 2,
      "new × research": 1,
      "granted × natural": 1,
      "granted × commercial": 1,
      "granted × research": 1,
      "partial × commercial": 1,
      "withheld.thirdParty × natural": 1,
      "unable.notHeld × natural": 1,
      "notProcessed.petition × natural": 1,
      "carriedNext × natural": 1,
    });
    expect(d.records[7].fields.applicant).toBe("某某电子有限公司,苏州分公司");
    // 备注 已延长答复期限: 40 working days, so 8月23日 is on time; GB-07 is still open past its term.
    expect(d.records[4].deadline).toMatchObject({ status: "onTime", limit: 40 });
    expect(d.records[6].deadline).toMatchObject({ status: "overdueOpen", deadline: "2024-11-04" });
  });

  test("上年结转 from last year's register (two files)", async () => {
    const last = (await register("carry-2023.json")).parsed;
    const d = deriveTable3((await register("carry-2024.json")).parsed, { year: 2024, lastYear: last });
    expect(nonZero(d)).toEqual({ "new × natural": 1, "carried × natural": 1, "carried × commercial": 1, "granted × natural": 2, "partial × commercial": 1 });
    expect(d.records.filter((r) => r.status === "unclassified").map((r) => [r.source, r.row])).toEqual([["lastYear", 5]]);
  });

  test("表四 from the legal office's case list", async () => {
    const read = await readRegister(await fixtureXlsx("cases-2024.json"), "cases.xlsx");
    if (!read.ok) throw new Error(read.message);
    const parsed = parseTable(read.sheets[0], new HeaderMatcher(CASE_HEADERS), new Map());
    const d = deriveTable4(parsed!, 2024);
    const model = formatForYear(2024);
    const counted = Object.fromEntries([...d.values].filter(([, n]) => n > 0).map(([id, n]) => [model.cellById.get(id)?.columnKey, n]));
    expect(counted).toEqual({
      "review.upheld": 1,
      "review.corrected": 1,
      "review.pending": 1,
      "direct.upheld": 1,
      "direct.other": 1,
      "afterReview.pending": 1,
    });
    expect(d.records.filter((r) => r.status === "unclassified").map((r) => r.row)).toEqual([7]);
    expect(d.records.filter((r) => r.status === "outOfYear").map((r) => r.row)).toEqual([8]);
  });
});
