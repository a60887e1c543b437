import { formatForYear, SUPPORTED_YEARS, FORMAT_IDS, getFormat } from "../../src/format/registry";
import { deriveTable4 } from "../../src/ledger/cases";
import { ApplicantClassifier, ResultClassifier } from "../../src/ledger/classify";
import { compareTyped } from "../../src/ledger/compare";
import { readDate, weekday } from "../../src/ledger/dates";
import { applicationsBehind, deriveTable3, type LedgerDerivation } from "../../src/ledger/derive";
import { HeaderMatcher } from "../../src/ledger/header";
import { HOLIDAY_NOTICES } from "../../src/ledger/holidays";
import { decodeText, parseCsv, readRegister } from "../../src/ledger/read";
import { parseTable } from "../../src/ledger/register";
import type { LedgerCell } from "../../src/ledger/sheet";
import { table3Of } from "../../src/ledger/table3";
import { APPLICANT_TYPES, CASE_HEADERS, CASE_GROUPS, CASE_OUTCOMES, REGISTER_HEADERS, RESULT_WORDING, type RegisterField } from "../../src/ledger/vocabulary";
import { checkDeadline, deadlineMessage, WorkCalendar } from "../../src/ledger/workdays";

/** The ledger core on small registers written inline: each format rule, each reason a row is not counted. */

const HEADER = ["申请编号", "收到日期", "申请人", "申请人类型", "答复日期", "办理结果", "是否区分处理", "备注"];
const registerMatcher = new HeaderMatcher(REGISTER_HEADERS);

function parsed(rows: LedgerCell[][], name = "台账") {
  const p = parseTable({ name, rows: [HEADER, ...rows] }, registerMatcher, new Map());
  if (!p) throw new Error("no header");
  return p;
}

function derive(rows: LedgerCell[][], year = 2024, extra: { last?: LedgerCell[][]; confirm?: boolean } = {}): LedgerDerivation {
  return deriveTable3(parsed(rows), { year, lastYear: extra.last ? parsed(extra.last, "上年") : undefined, confirmSuggestions: extra.confirm });
}

/** The non-zero cells as "rowKey × columnKey" → n, so a test states its hand count in the format's own keys. */
function nonZero(d: LedgerDerivation): Record<string, number> {
  const out: Record<string, number> = {};
  for (const cell of table3Of(d.model).inputCells) {
    const n = d.values.get(cell.id) ?? 0;
    if (n) out[`${cell.rowKey} × ${cell.columnKey}`] = n;
  }
  return out;
}

const rowsOf = (d: LedgerDerivation, rowKey: string, col: string) => applicationsBehind(d, table3Of(d.model).cell(rowKey, col).id).map((r) => r.row);

describe("register dates", () => {
  test.each([
    ["2024.3.5", "2024-03-05"],
    ["2024年3月5日", "2024-03-05"],
    ["2024/03/05", "2024-03-05"],
    ["2024-3-5", "2024-03-05"],
    ["２０２４年３月５日", "2024-03-05"],
    ["2024-03-05 10:21:33", "2024-03-05"],
    ["2024-03-05T10:21:33", "2024-03-05"],
    ["2024年3月5日上午", "2024-03-05"],
    ["20240305", "2024-03-05"],
    ["45356", "2024-03-05"],
  ])("%s reads as %s", (text, iso) => {
    expect(readDate(text)).toEqual({ ok: true, day: iso });
  });
  test("an Excel serial (a date cell) reads as its day", () => {
    expect(readDate(45356)).toEqual({ ok: true, day: "2024-03-05" });
    expect(readDate(45356.75)).toEqual({ ok: true, day: "2024-03-05" });
  });
  test.each(["2024-02-30", "3月5日", "下周", "2024", "12"])("%s is not a date", (text) => {
    expect(readDate(text)).toEqual({ ok: false, blank: false });
  });
  test("a blank is a blank, not an error", () => {
    expect(readDate(null)).toEqual({ ok: false, blank: true });
    expect(readDate("  ")).toEqual({ ok: false, blank: true });
  });
});

describe("headers", () => {
  test.each<[string, RegisterField]>([
    ["登记号", "id"],
    ["受理编号", "id"],
    ["来件日期", "received"],
    ["收到申请日期（年月日）", "received"],
    ["申请人性质", "applicantType"],
    ["申请人姓名/名称", "applicant"],
    ["办结日期", "answered"],
    ["答复类型", "result"],
    ["处理结果", "result"],
    ["是否区分处理", "partial"],
    ["区分处理情况", "partial"],
    ["申请主体类别", "applicantType"],
    ["作出答复日期", "answered"],
    ["*申请内容", "content"],
    ["备 注", "note"],
  ])("%s → %s", (header, field) => {
    expect(registerMatcher.match(header)?.field).toBe(field);
  });
  test("答复方式 (how the answer was sent) and 联系电话 map to nothing", () => {
    expect(registerMatcher.match("答复方式")).toBeNull();
    expect(registerMatcher.match("联系电话")).toBeNull();
  });
  test("the header row is found under title rows, and --map maps a column no synonym names", () => {
    const rows: LedgerCell[][] = [
      ["某局2024年依申请公开登记台账"],
      ["制表：办公室"],
      ["编号", "来文时间", "申请人", "结果", "回复时间"],
      ["A1", "2024-03-05", "张三", "予以公开", "2024-03-10"],
    ];
    const plain = parseTable({ name: "s", rows }, registerMatcher, new Map());
    expect(plain?.header.row).toBe(3);
    expect(plain?.header.fieldColumn.has("received")).toBe(false);
    const mapped = parseTable({ name: "s", rows }, registerMatcher, new Map([["来文时间", "received"]]));
    expect(mapped?.header.fieldColumn.get("received")).toBe(1);
    expect(mapped?.header.columns[1]).toMatchObject({ field: "received", by: "map" });
    expect(mapped?.rows.map((r) => r.row)).toEqual([4]);
  });
  test("--map by column letter, and 忽略 leaves a column out", () => {
    const rows: LedgerCell[][] = [
      ["编号", "日子", "申请人类型", "结果", "答复日期"],
      ["1", "2024-03-05", "公民", "予以公开", "2024-03-10"],
    ];
    const p = parseTable(
      { name: "s", rows },
      registerMatcher,
      new Map<string, RegisterField | null>([
        ["B", "received"],
        ["申请人类型", null],
      ]),
    );
    expect(p?.header.fieldColumn.get("received")).toBe(1);
    expect(p?.header.fieldColumn.has("applicantType")).toBe(false);
  });
  test("no header in the first rows: null", () => {
    expect(
      parseTable(
        {
          name: "s",
          rows: [
            ["张三", "李四"],
            ["1", "2"],
          ],
        },
        registerMatcher,
        new Map(),
      ),
    ).toBeNull();
  });
});

describe("CSV", () => {
  test("quoted fields with commas, doubled quotes and line breaks; CRLF", () => {
    expect(parseCsv('a,b,c\r\n"x,1","say ""hi""","two\nlines"\r\n')).toEqual([
      ["a", "b", "c"],
      ["x,1", 'say "hi"', "two\nlines"],
    ]);
  });
  test("tab-separated text (an .xls exported as text) splits on tabs", () => {
    expect(parseCsv("申请编号\t收到日期\n1\t2024-01-02\n")).toEqual([
      ["申请编号", "收到日期"],
      ["1", "2024-01-02"],
    ]);
  });
  test("UTF-8 with BOM, plain UTF-8 and GBK bytes decode to the same text", () => {
    const text = "申请编号,收到日期";
    const utf8 = new TextEncoder().encode(text);
    expect(decodeText(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8])).text).toBe(text);
    expect(decodeText(utf8).text).toBe(text);
    // 申请编号,收到日期 in GBK.
    const gbk = new Uint8Array([0xc9, 0xea, 0xc7, 0xeb, 0xb1, 0xe0, 0xba, 0xc5, 0x2c, 0xca, 0xd5, 0xb5, 0xbd, 0xc8, 0xd5, 0xc6, 0xda]);
    expect(decodeText(gbk)).toEqual({ text, encoding: "GBK" });
  });
});

describe("vocabulary refers only to what the format has", () => {
  test.each(FORMAT_IDS)("%s format: every applicant column and result key exists in 表三", (id) => {
    const t3 = table3Of(getFormat(id));
    for (const column of Object.keys(APPLICANT_TYPES)) expect(t3.columns.has(column)).toBe(true);
    for (const w of RESULT_WORDING) expect(w.rows.some((k) => t3.results.has(k))).toBe(true);
    expect([...t3.columns.keys()]).toEqual(["natural", "commercial", "research", "publicWelfare", "legalService", "otherOrg"]);
  });
  test("表四 groups and outcomes name input cells of 表四", () => {
    const model = formatForYear(2024);
    const keys = new Set(model.cells.filter((c) => c.tableKey === "t4" && c.kind === "input").map((c) => c.columnKey));
    for (const g of CASE_GROUPS) for (const o of Object.keys(CASE_OUTCOMES)) expect(keys.has(`${g.group}.${o}`)).toBe(true);
    expect(Object.keys(CASE_HEADERS)).toContain("caseType");
  });
});

describe("result wording → 表三 rows", () => {
  const t3 = table3Of(formatForYear(2024));
  const results = new ResultClassifier(t3);
  test.each([
    ["同意公开", "granted"],
    ["（一）予以公开", "granted"],
    ["不予以公开（国家秘密）", "withheld.stateSecret"],
    ["不同意公开，涉及商业秘密", "withheld.thirdParty"],
    ["信息不存在", "unable.notHeld"],
    ["本机关不掌握", "unable.notHeld"],
    ["属于信访", "notProcessed.petition"],
    ["重复申请", "notProcessed.repeated"],
    ["逾期未补正", "other.noCorrection"],
    ["其他", "other.other"],
    ["申请人撤回申请", "other.other"],
  ])("%s → %s", (text, row) => {
    expect(results.classify(text, false)).toEqual({ ok: true, value: row });
  });
  test("the 2019 format has no sub-items under （六）其他处理: 逾期未补正 counts there", () => {
    const r2019 = new ResultClassifier(table3Of(formatForYear(2020)));
    expect(r2019.classify("逾期未补正", false)).toEqual({ ok: true, value: "other" });
  });
  test("区分处理 counts only under （二）部分公开, whatever else the result says", () => {
    expect(results.classify("予以公开", true)).toEqual({ ok: true, value: "partial" });
    expect(results.classify("部分公开，部分属于国家秘密", false)).toEqual({ ok: true, value: "partial" });
  });
  test("a group without its item, two rows at once, and unknown wording are not guessed", () => {
    const bare = results.classify("不予公开", false);
    expect(bare.ok).toBe(false);
    expect(!bare.ok && bare.reason).toContain("未写明具体情形");
    const two = results.classify("信息不存在，重复申请", false);
    expect(!two.ok && two.reason).toContain("同时像");
    const unknown = results.classify("已处理", false);
    expect(!unknown.ok && unknown.reason).toBe("办理结果“已处理”不在词表中，无法对应到表三的行");
  });
});

describe("applicant types", () => {
  const applicants = new ApplicantClassifier(table3Of(formatForYear(2024)));
  test.each([
    ["公民", "natural"],
    ["个人", "natural"],
    ["企业", "commercial"],
    ["有限公司", "commercial"],
    ["科研院所", "research"],
    ["社会组织", "publicWelfare"],
    ["行业协会", "publicWelfare"],
    ["律师事务所", "legalService"],
    ["事业单位", "otherOrg"],
  ])("%s → %s", (type, column) => {
    expect(applicants.classify(type, "")).toMatchObject({ kind: "column", column });
  });
  test("a type not in the list counts under 其他 and says so", () => {
    expect(applicants.classify("个体户联盟", "")).toEqual({ kind: "column", column: "otherOrg", notice: "申请人类型“个体户联盟”不在词表中，计入“其他”" });
  });
  test("a missing type: the name suggests, never decides", () => {
    expect(applicants.classify("", "北京某某律师事务所")).toMatchObject({ kind: "suggestion", suggestion: { column: "legalService" } });
    expect(applicants.classify("", "某某科技有限公司")).toMatchObject({ kind: "suggestion", suggestion: { column: "commercial" } });
    expect(applicants.classify("", "张三")).toMatchObject({ kind: "suggestion", suggestion: { column: "natural" } });
    expect(applicants.classify("", "").kind).toBe("unknown");
  });
});

describe("the format's rules", () => {
  test("区分处理: an application handled by 区分处理 counts once, under （二）部分公开", () => {
    const d = derive([
      ["1", "2024-03-01", "甲", "公民", "2024-03-15", "予以公开", "是", "部分涉及隐私"],
      ["2", "2024-03-02", "乙", "公民", "2024-03-15", "不予公开（个人隐私）", "是", null],
      ["3", "2024-03-03", "丙", "公民", "2024-03-15", "予以公开", "否", null],
    ]);
    expect(nonZero(d)).toEqual({ "new × natural": 3, "partial × natural": 2, "granted × natural": 1 });
    expect(rowsOf(d, "partial", "natural")).toEqual([2, 3]);
    expect(d.records.map((r) => r.notices)).toEqual([
      ["区分处理，按规则只计入“（二）部分公开（区分处理的，只计这一情形，不计其他情形）”"],
      ["区分处理，按规则只计入“（二）部分公开（区分处理的，只计这一情形，不计其他情形）”"],
      [],
    ]);
  });

  test("the year boundary: received 12月31日, answered 1月2日, is 结转下年度 this year and 上年结转 next year", () => {
    const row: LedgerCell[] = ["B-1", "2024-12-31", "甲", "公民", "2025-01-02", "予以公开", null, null];
    const y2024 = derive([row], 2024);
    expect(nonZero(y2024)).toEqual({ "new × natural": 1, "carriedNext × natural": 1 });
    const y2025 = derive([row], 2025);
    expect(nonZero(y2025)).toEqual({ "carried × natural": 1, "granted × natural": 1 });
    expect(y2025.records[0]).toMatchObject({ yearClass: "carried", resultRow: "granted", open: false });
  });

  test("applications open at year end count in 一 and in 四, whether blank or 办理中", () => {
    const d = derive([
      ["1", "2024-12-20", "甲", "公民", null, null, null, null],
      ["2", "2024-12-25", "某某有限公司", "企业", null, "办理中", null, null],
    ]);
    expect(nonZero(d)).toEqual({ "new × natural": 1, "new × commercial": 1, "carriedNext × natural": 1, "carriedNext × commercial": 1 });
    expect(d.counts).toMatchObject({ new: 2, open: 2, answered: 0 });
  });

  test("上年结转 from last year's register: carried rows answered this year count; the same id in both registers counts once", () => {
    const last: LedgerCell[][] = [
      ["2023-1", "2023-05-01", "甲", "公民", "2023-05-10", "予以公开", null, null],
      ["2023-2", "2023-12-20", "乙", "公民", null, null, null, null],
      ["2023-3", "2023-12-26", "某某有限公司", "企业", "2024-01-12", "部分公开", null, null],
      ["2023-4", "2023-12-28", "丙", "公民", null, null, null, null],
    ];
    const d = derive(
      [
        ["2023-2", "2023-12-20", "乙", "公民", "2024-01-05", "予以公开", null, null],
        ["2024-1", "2024-01-10", "丁", "公民", "2024-01-20", "予以公开", null, null],
      ],
      2024,
      { last },
    );
    expect(nonZero(d)).toEqual({ "new × natural": 1, "carried × natural": 1, "carried × commercial": 1, "granted × natural": 2, "partial × commercial": 1 });
    const status = d.records.map((r) => `${r.source}:${r.row}:${r.status}`);
    expect(status).toEqual([
      "register:2:counted",
      "register:3:counted",
      "lastYear:2:outOfYear",
      "lastYear:3:superseded",
      "lastYear:4:counted",
      "lastYear:5:unclassified",
    ]);
    expect(d.records[5].reason).toContain("上年台账中未办结，本年台账中没有这条申请");
  });

  test("上年结转 from earlier rows of this year's register; rows answered last year are out of the year", () => {
    const d = derive([
      ["1", "2023-12-01", "甲", "公民", "2024-01-08", "信息不存在", null, null],
      ["2", "2023-11-01", "乙", "公民", "2023-11-20", "予以公开", null, null],
      ["3", "2023-12-30", "丙", "公民", null, null, null, null],
    ]);
    expect(nonZero(d)).toEqual({ "carried × natural": 2, "unable.notHeld × natural": 1, "carriedNext × natural": 1 });
    expect(d.records.map((r) => r.status)).toEqual(["counted", "outOfYear", "counted"]);
    expect(d.records[2].notices.join()).toContain("计入上年结转和结转下年度");
  });

  test("the identity holds in every column: 一 + 二 = 三（七）总计 + 四", () => {
    const d = derive([
      ["1", "2024-01-02", "甲", "公民", "2024-01-10", "予以公开", null, null],
      ["2", "2023-12-29", "某某律师事务所", "律师事务所", "2024-01-10", "本机关不掌握", null, null],
      ["3", "2024-12-30", "某某研究所", "科研机构", null, null, null, null],
      ["4", "2024-06-30", "某某协会", "社会组织", "2024-07-03", "属于信访", null, null],
    ]);
    const t3 = table3Of(d.model);
    for (const col of t3.columns.keys()) {
      const v = (row: string) => d.values.get(t3.cell(row, col).id) ?? 0;
      const results = [...t3.results.values()].filter((n) => n.leaves.length === 0).reduce((s, n) => s + v(n.key), 0);
      expect(v("new") + v("carried")).toBe(results + v("carriedNext"));
    }
  });
});

describe("rows that cannot be classified are listed with why, and counted nowhere", () => {
  const d = derive([
    ["1", "2024-03-01", "甲", "公民", "2024-03-10", "已处理", null, null],
    ["2", null, "乙", "公民", "2024-03-10", "予以公开", null, null],
    ["3", "2024-03-12", "丙", "公民", "2024-03-10", "予以公开", null, null],
    ["4", "2024-04-01", "丁", "公民", "2024-04-10", "予以公开", null, null],
    ["4", "2024-04-02", "戊", "公民", "2024-04-11", "予以公开", null, null],
    ["6", "下周", "己", "公民", null, null, null, null],
    ["7", "2024-05-01", "庚", "公民", null, "予以公开", null, null],
    ["8", "2024-05-02", "辛", "公民", "2024-05-09", null, null, null],
    ["9", "2024-05-03", "壬", "公民", "2024-05-09", "予以公开", "部分", null],
    ["10", "2024-05-04", "", "", "2024-05-09", "予以公开", null, null],
  ]);
  test("each row with its reason", () => {
    expect(d.records.map((r) => [r.row, r.status, r.reason])).toEqual([
      [2, "unclassified", "办理结果“已处理”不在词表中，无法对应到表三的行"],
      [3, "unclassified", "缺少收到日期"],
      [4, "unclassified", "答复日期（2024年3月10日）早于收到日期（2024年3月12日）"],
      [5, "unclassified", "申请编号“4”重复（第 5、6 行）"],
      [6, "unclassified", "申请编号“4”重复（第 5、6 行）"],
      [7, "unclassified", "收到日期“下周”不是可识别的日期"],
      [8, "unclassified", "有办理结果“予以公开”但没有答复日期"],
      [9, "unclassified", "有答复日期（2024年5月9日）但缺少办理结果"],
      [10, "unclassified", "是否区分处理“部分”无法识别（应为“是”或“否”）"],
      [11, "unclassified", "申请人类型未填写"],
    ]);
  });
  test("none is counted: every cell is 0 and no trail points at them", () => {
    expect(nonZero(d)).toEqual({});
    expect([...d.trail.values()].every((rows) => rows.length === 0)).toBe(true);
    expect(d.counts.unclassified).toBe(10);
  });
  test("a suggestion is applied only once confirmed", () => {
    const rows: LedgerCell[][] = [["1", "2024-03-01", "某某科技有限公司", null, "2024-03-10", "予以公开", null, null]];
    expect(derive(rows).records[0]).toMatchObject({ status: "suggested", suggestion: { column: "commercial" }, cellIds: [] });
    const confirmed = derive(rows, 2024, { confirm: true });
    expect(nonZero(confirmed)).toEqual({ "new × commercial": 1, "granted × commercial": 1 });
  });
});

describe("cell ids and the trail come from the format model", () => {
  test("every input cell of 表三 has a value and a trail; derived cells have neither", () => {
    for (const year of [2020, 2024]) {
      const d = derive([["1", `${year}-03-01`, "甲", "公民", `${year}-03-10`, "予以公开", null, null]], year);
      const model = formatForYear(year);
      const inputs = model.cells.filter((c) => c.tableKey === "t3" && c.kind === "input").map((c) => c.id);
      expect([...d.values.keys()].sort()).toEqual([...inputs].sort());
      expect([...d.trail.keys()].sort()).toEqual([...inputs].sort());
      expect(d.records[0].cellIds).toEqual([table3Of(model).cell("new", "natural").id, table3Of(model).cell("granted", "natural").id]);
    }
  });
});

describe("working days and the statutory term", () => {
  const calendar = new WorkCalendar();
  test("every supported year with a published schedule is in the data; others are unknown", () => {
    const known = HOLIDAY_NOTICES.map((n) => n.year);
    expect(known).toEqual([2018, 2019, 2020, 2021, 2022, 2023, 2024, 2025, 2026]);
    for (let y = SUPPORTED_YEARS.first; y <= SUPPORTED_YEARS.last; y++) expect(calendar.isWorkingDay(`${y}-07-01`) === null).toBe(!known.includes(y));
  });
  test("each 调休 working day is a weekend day, and each year has its statutory days off", () => {
    for (const n of HOLIDAY_NOTICES) {
      for (const d of n.work) expect([0, 6]).toContain(weekday(d));
      const offWeekdays = n.off
        .flatMap(([from, to]) => {
          const days: string[] = [];
          for (let t = new Date(`${from}T00:00:00Z`); t <= new Date(`${to}T00:00:00Z`); t.setUTCDate(t.getUTCDate() + 1))
            days.push(t.toISOString().slice(0, 10));
          return days;
        })
        .filter((d) => ![0, 6].includes(weekday(d)) && d.startsWith(String(n.year)));
      // Weekdays off = statutory days (11, or 13 from 2025) + 调休 days, less those falling on weekends.
      expect(offWeekdays.length).toBeGreaterThanOrEqual(n.year >= 2025 ? 13 : 11);
    }
  });
  test("2024 国庆: 9月29日 (Sunday) is worked, 10月1日–7日 are off", () => {
    expect(calendar.isWorkingDay("2024-09-29")).toBe(true);
    expect(calendar.isWorkingDay("2024-10-01")).toBe(false);
    expect(calendar.isWorkingDay("2024-10-07")).toBe(false);
    expect(calendar.isWorkingDay("2024-10-08")).toBe(true);
  });
  test("20 working days from 2024-09-02 end on 9月30日; an answer on 10月21日 is 超期答复", () => {
    const late = checkDeadline(calendar, "2024-09-02", "2024-10-21", false, "2024-12-31");
    expect(late).toEqual({ status: "late", limit: 20, start: "2024-09-02", deadline: "2024-09-30", answered: "2024-10-21" });
    expect(deadlineMessage(late)).toBe("超期答复：2024年9月2日起算，期限 20 个工作日至2024年9月30日，2024年10月21日答复");
    expect(checkDeadline(calendar, "2024-09-02", "2024-09-30", false, "2024-12-31").status).toBe("onTime");
  });
  test("an extension adds 20 working days", () => {
    expect(checkDeadline(calendar, "2024-08-05", "2024-09-30", false, "2024-12-31").status).toBe("late");
    expect(checkDeadline(calendar, "2024-08-05", "2024-09-30", true, "2024-12-31")).toMatchObject({ status: "onTime", limit: 40 });
  });
  test("a year whose schedule is not in the data: 无法判断, in zh-CN, never a guess", () => {
    const c = checkDeadline(calendar, "2027-03-01", "2027-04-15", false, "2027-12-31");
    expect(c).toEqual({ status: "unknown", limit: 20, start: "2027-03-01", missingYear: 2027 });
    expect(deadlineMessage(c)).toBe("无法判断是否超期：2027 年的法定节假日和调休安排尚未收入数据（国务院办公厅发布当年安排后补入）");
    // Answered within days, before any unknown day could matter: on time.
    expect(checkDeadline(calendar, "2026-12-28", "2026-12-30", false, "2026-12-31").status).toBe("onTime");
  });
  test("open at year end past its term: 超期未答复", () => {
    expect(checkDeadline(calendar, "2024-10-08", null, false, "2024-12-31")).toEqual({
      status: "overdueOpen",
      limit: 20,
      start: "2024-10-08",
      deadline: "2024-11-04",
      asOf: "2024-12-31",
    });
    expect(checkDeadline(calendar, "2024-12-20", null, false, "2024-12-31").status).toBe("pending");
  });
  test("the register's extension and 补正 date are used", () => {
    const d = deriveTable3(
      parseTable(
        {
          name: "s",
          rows: [
            ["申请编号", "收到日期", "申请人类型", "答复日期", "办理结果", "是否延期", "补正日期"],
            ["1", "2024-08-05", "公民", "2024-09-30", "予以公开", "是", null],
            ["2", "2024-08-05", "公民", "2024-09-30", "予以公开", "否", "2024-09-02"],
            ["3", "2024-08-05", "公民", "2024-09-30", "予以公开", "否", null],
          ],
        },
        registerMatcher,
        new Map(),
      )!,
      { year: 2024 },
    );
    expect(d.records.map((r) => r.deadline?.status)).toEqual(["onTime", "onTime", "late"]);
  });
});

describe("表四 from a case list", () => {
  const caseMatcher = new HeaderMatcher(CASE_HEADERS);
  test("groups and outcomes; 尚未审结 when not decided by 12月31日; 行政诉讼 alone is not guessed", () => {
    const rows: LedgerCell[][] = [
      ["案号", "案件类型", "收案日期", "结案日期", "审理结果"],
      ["1", "行政复议", "2024-02-01", "2024-04-01", "维持"],
      ["2", "行政复议", "2024-05-10", "2024-07-01", "确认违法"],
      ["3", "未经复议直接起诉", "2024-03-01", "2025-01-10", "驳回诉讼请求"],
      ["4", "复议后起诉", "2024-03-01", "2024-06-01", "原告撤诉"],
      ["5", "行政诉讼", "2024-03-01", null, null],
      ["6", "行政复议", "2023-12-01", "2024-01-10", "维持"],
    ];
    const d = deriveTable4(parseTable({ name: "c", rows }, caseMatcher, new Map())!, 2024);
    const counted = Object.fromEntries([...d.values].filter(([, n]) => n > 0).map(([id, n]) => [d.model.cellById.get(id)?.columnKey, n]));
    expect(counted).toEqual({ "review.upheld": 1, "review.corrected": 1, "direct.pending": 1, "afterReview.other": 1 });
    expect(d.records.map((r) => r.status)).toEqual(["counted", "counted", "counted", "counted", "unclassified", "outOfYear"]);
    expect(d.records[4].reason).toContain("没有写明是未经复议直接起诉还是复议后起诉");
  });
});

describe("typed cells beside the register's numbers", () => {
  test("only cells that hold something different are conflicts", () => {
    const model = formatForYear(2024);
    const t3 = table3Of(model);
    const a = t3.cell("new", "natural").id;
    const b = t3.cell("granted", "natural").id;
    const c = t3.cell("carried", "natural").id;
    const typed = new Map([
      [a, { type: "number" as const, value: 3 }],
      [b, { type: "number" as const, value: 2 }],
      [c, { type: "text" as const, value: "１" }],
    ]);
    const derived = new Map([
      [a, 3],
      [b, 1],
      [c, 1],
    ]);
    const cmp = compareTyped(model, typed, derived);
    expect(cmp.rows).toHaveLength(3);
    expect(cmp.conflicts.map((r) => [r.address, r.typed, r.derived])).toEqual([
      [model.cellById.get(b)?.address, "2", 1],
      [model.cellById.get(c)?.address, "１", 1],
    ]);
    expect(cmp.conflicts[0].place).toBe("（一）予以公开 · 自然人");
  });
});

describe("an .xls that is an HTML table (older case systems)", () => {
  test("rowspan/colspan keep the columns aligned; the register reads like any other", async () => {
    const html = `<html><head><meta charset="utf-8"></head><body><table>
      <tr><td colspan="5">某局依申请公开登记表</td></tr>
      <tr><th rowspan="2">登记号</th><th rowspan="2">来件日期</th><th colspan="2">申请人信息</th><th rowspan="2">处理结果</th><th rowspan="2">答复时间</th></tr>
      <tr><th>姓名/名称</th><th>类别</th></tr>
      <tr><td>1</td><td>2024年3月5日</td><td>张三</td><td>公民</td><td>同意公开</td><td>2024年3月20日</td></tr>
      <tr><td>2</td><td>2024年4月1日</td><td>某某有限公司</td><td>企业</td><td>信息不存在</td><td>2024年4月20日</td></tr>
    </table></body></html>`;
    const read = await readRegister(new TextEncoder().encode(html), "导出.xls");
    expect(read.ok && read.kind).toBe("html");
    if (!read.ok) return;
    const p = parseTable(read.sheets[0], registerMatcher, new Map());
    expect([p?.header.row, p?.header.height]).toEqual([2, 2]);
    const d = deriveTable3(p!, { year: 2024 });
    expect(nonZero(d)).toEqual({ "new × natural": 1, "new × commercial": 1, "granted × natural": 1, "unable.notHeld × commercial": 1 });
  });
});
