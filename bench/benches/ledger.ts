import ExcelJS from "exceljs";
import { deriveTable3 } from "../../src/ledger/derive";
import { HeaderMatcher } from "../../src/ledger/header";
import { readRegister } from "../../src/ledger/read";
import { parseTable } from "../../src/ledger/register";
import type { LedgerCell } from "../../src/ledger/sheet";
import { REGISTER_HEADERS } from "../../src/ledger/vocabulary";
import { median, round, timeRuns, type Bench } from "../harness";

/** 表三 from a 5,000-row register: the .xlsx read and the derivation (classify, count, trail, deadlines). */

const ROWS = 5000;
const RUNS = 5;
const TYPES = ["公民", "个人", "企业", "科研院所", "社会组织", "律师事务所", "事业单位"];
const RESULTS = [
  "予以公开",
  "同意公开",
  "部分公开",
  "不予公开（涉及商业秘密）",
  "信息不存在",
  "属于信访",
  "重复申请",
  "逾期未补正",
  "不予公开（属于过程性信息）",
  "撤回申请",
];

/** A register shaped like a real one: a title row, header on row 2, Excel dates, some open and some bad rows. */
function register(): LedgerCell[][] {
  const rows: LedgerCell[][] = [
    ["某某市2024年政府信息公开申请登记台账"],
    ["序号", "申请编号", "收到日期", "申请人", "申请人类型", "申请内容", "答复日期", "办理结果", "是否区分处理", "备注"],
  ];
  let seed = 7;
  const rnd = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  const serial2024 = 45292; // 2024-01-01
  for (let i = 0; i < ROWS; i++) {
    const received = serial2024 - 20 + rnd(385);
    const open = rnd(20) === 0;
    const answered = open ? null : received + 3 + rnd(40);
    rows.push([
      i + 1,
      `YS2024-${String(i + 1).padStart(5, "0")}`,
      received,
      `申请人${i}`,
      TYPES[rnd(TYPES.length)],
      "某项政府信息",
      answered,
      open ? "办理中" : RESULTS[rnd(RESULTS.length)],
      rnd(15) === 0 ? "是" : "否",
      rnd(10) === 0 ? "延期答复" : null,
    ]);
  }
  return rows;
}

async function toXlsx(rows: LedgerCell[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("台账");
  ws.mergeCells("A1:J1");
  rows.forEach((row, r) =>
    row.forEach((v, c) => {
      if (v === null) return;
      const cell = ws.getCell(r + 1, c + 1);
      if (r >= 2 && (c === 2 || c === 6) && typeof v === "number") {
        cell.value = new Date((v - 25569) * 86400000);
        cell.numFmt = "yyyy-mm-dd";
      } else cell.value = v;
    }),
  );
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export const ledger5000: Bench = {
  name: "ledger",
  description: `nianbao ledger's core on a ${ROWS}-row .xlsx register: read + header + classify + count + trail + deadlines (median of ${RUNS}); and the derivation alone`,
  async run(log) {
    const grid = register();
    const bytes = await toXlsx(grid);
    const matcher = new HeaderMatcher(REGISTER_HEADERS);
    let counted = 0;
    const full = await timeRuns(RUNS, 1, async () => {
      const read = await readRegister(bytes, "台账.xlsx");
      if (!read.ok) throw new Error(read.message);
      const parsed = parseTable(read.sheets[0], matcher, new Map());
      if (!parsed) throw new Error("no header");
      const d = deriveTable3(parsed, { year: 2024 });
      counted = d.counts.new + d.counts.carried;
    });
    const parsed = parseTable({ name: "台账", rows: grid }, matcher, new Map());
    if (!parsed) throw new Error("no header");
    const core = await timeRuns(RUNS, 1, () => deriveTable3(parsed, { year: 2024 }));
    log(
      `ledger: ${ROWS} rows (${bytes.length} bytes .xlsx), ${counted} counted; read+derive median ${median(full).toFixed(0)} ms, derive alone ${median(core).toFixed(0)} ms`,
    );
    return [
      { name: "ledger_5000_ms", value: round(median(full)), unit: "ms" },
      { name: "ledger_5000_derive_ms", value: round(median(core)), unit: "ms" },
    ];
  },
};
