import { exportGate } from "../export/gate";
import { reportHtml } from "../export/html";
import { reportDocument } from "../export/report";
import { getFormat } from "../format/registry";
import type { HostCapabilities } from "../host/capabilities";
import type { WorkbookPort } from "../host/port";
import type { Finding } from "../rules/evaluate";
import { validate } from "../workbook/operations";
import { generate } from "../workbook/rebuild";
import { sheetsToRead } from "../workbook/read";
import type { RawValue } from "../workbook/snapshot";

/**
 * 自检: the add-in's round trip in the Excel it runs in, on a blank workbook, in about a minute:
 * 生成 → fill a small consistent set → 校验 → break one cell → 校验 → 定位 → 导出. Each step says
 * pass or fail with Excel's own error text, for staff IT to send back. CI runs it against the fake
 * (test/unit/selftest.test.ts) and in the pane (test/e2e/host-levels.test.ts).
 */

export interface SelfTestStep {
  name: string;
  status: "pass" | "fail" | "skipped";
  detail: string;
  ms: number;
}

export interface SelfTestOptions {
  host: HostCapabilities;
  /** The workbook file as Excel holds it (Office's getFileAsync); absent outside Excel. */
  readFile?: () => Promise<Uint8Array>;
  /** Builds the .docx (loaded lazily in the pane). */
  makeDocx?: (doc: ReturnType<typeof reportDocument>) => Promise<Uint8Array>;
}

const YEAR = 2023;
const ORG = "年报自检单位";
const model = getFormat("2021");
const cellOf = (id: string) => model.cellById.get(id)!;
/** 新收 2, 予以公开 2 for 自然人, every other input 0: every table rule holds. */
const CONSISTENT: Record<string, number> = { "t3.new.natural": 2, "t3.granted.natural": 2 };
const BROKEN = { id: "t3.granted.natural", value: 3 };

class StepFailed extends Error {}
const expect = (ok: boolean, message: string) => {
  if (!ok) throw new StepFailed(message);
};

const errorText = (e: unknown) => {
  const code = typeof e === "object" && e !== null ? (e as { code?: unknown }).code : undefined;
  const message = e instanceof Error ? e.message : String(e);
  return typeof code === "string" && !(e instanceof StepFailed) ? `${message}（${code}）` : message;
};

async function writeInputs(port: WorkbookPort, values: (id: string) => number) {
  const bySheet = new Map<string, { address: string; content: RawValue }[]>();
  for (const c of model.cells) {
    if (c.kind !== "input") continue;
    bySheet.set(c.sheet, [...(bySheet.get(c.sheet) ?? []), { address: c.address, content: { type: "number", value: values(c.id) } }]);
  }
  // What a user does: type into the unlocked input cells of the protected sheets.
  for (const [sheet, cells] of bySheet) await port.writeCells(sheet, cells);
}

const errorsOf = (findings: Finding[]) => findings.filter((f) => f.severity === "error");

export async function runSelfTest(
  port: WorkbookPort,
  options: SelfTestOptions,
  onStep: (steps: SelfTestStep[]) => void = () => undefined,
): Promise<SelfTestStep[]> {
  const steps: SelfTestStep[] = [];
  let stopped = false;
  const step = async (name: string, body: () => Promise<string>) => {
    if (stopped) {
      steps.push({ name, status: "skipped", detail: "前一步失败，未运行", ms: 0 });
      onStep([...steps]);
      return;
    }
    const started = Date.now();
    try {
      const detail = await body();
      steps.push({ name, status: "pass", detail, ms: Date.now() - started });
    } catch (e) {
      steps.push({ name, status: "fail", detail: errorText(e), ms: Date.now() - started });
      stopped = true;
    }
    onStep([...steps]);
  };
  const { host } = options;
  const level = host.excelApi ? `ExcelApi ${host.excelApi}` : "演示页面";
  let broken: Finding | undefined;

  await step("检查工作簿", async () => {
    const data = await port.read(sheetsToRead());
    expect(
      data.sheets.length === 0,
      `当前工作簿已有年报表格（${data.sheets.map((s) => s.name).join("、")}）。自检会改写这些表：请新建一个空白工作簿，在其中运行自检。`,
    );
    const off = Object.entries(host.features)
      .filter(([, on]) => !on)
      .map(([f]) => f);
    return `${level}，平台 ${host.platform}${off.length ? `；降级：${off.join("、")}` : "；全部功能可用"}`;
  });

  await step("生成报表", async () => {
    await generate(port, { year: YEAR, orgName: ORG });
    const { snapshot, report } = await validate(port);
    expect(snapshot.structure.length === 0, `生成的表格结构不完整：${snapshot.structure.map((s) => s.message).join("；")}`);
    expect(snapshot.cover.orgName === ORG, `封面机关名称读回为“${snapshot.cover.orgName}”`);
    return `${YEAR} 年度（${model.version.name}），${report.summary.passed + report.summary.errors + report.summary.warnings} 条规则`;
  });

  await step("填写一致的数据", async () => {
    await writeInputs(port, (id) => CONSISTENT[id] ?? 0);
    return `${model.cells.filter((c) => c.kind === "input").length} 个输入单元格`;
  });

  await step("校验（应全部通过）", async () => {
    const { report } = await validate(port);
    const errors = errorsOf(report.findings);
    expect(errors.length === 0, `有 ${errors.length} 处错误：${errors.map((f) => `${f.rule} ${f.message}`).join("；")}`);
    return `错误 0，提示 ${report.summary.warnings}，通过 ${report.summary.passed}`;
  });

  await step("改坏一格", async () => {
    const c = cellOf(BROKEN.id);
    await port.writeCells(c.sheet, [{ address: c.address, content: { type: "number", value: BROKEN.value } }]);
    return `${c.sheet} ${c.address}（${[...c.rowPath.slice(-1), ...c.columnPath.slice(-1)].join("·")}）改为 ${BROKEN.value}`;
  });

  await step("校验（应报 T3-1）", async () => {
    const { report } = await validate(port);
    broken = report.findings.find((f) => f.key === "T3-1@natural");
    expect(
      broken?.severity === "error",
      `没有报出 T3-1 错误；报出：${
        errorsOf(report.findings)
          .map((f) => f.key)
          .join("、") || "无"
      }`,
    );
    expect(broken!.left === 2 && broken!.right === BROKEN.value, `T3-1 的左边、右边应为 2 和 ${BROKEN.value}，读到 ${broken!.left} 和 ${broken!.right}`);
    return `${broken!.rule}：${broken!.message}`;
  });

  await step("定位", async () => {
    const f = broken!;
    await port.clearHighlight();
    const sheet = f.cells[0].sheet;
    await port.jump({ sheet, addresses: f.cells.filter((c) => c.sheet === sheet).map((c) => c.address) });
    const at = port.selectedCell ? await port.selectedCell() : null;
    if (port.selectedCell)
      expect(
        at?.sheet === sheet && at.address === f.cells[0].address,
        `选中的是 ${at ? `${at.sheet}!${at.address}` : "（无）"}，应为 ${sheet}!${f.cells[0].address}`,
      );
    await port.clearHighlight();
    return `选中 ${sheet}!${f.cells[0].address}，高亮 ${f.cells.length} 个单元格后已清除`;
  });

  await step("导出", async () => {
    const c = cellOf(BROKEN.id);
    await port.writeCells(c.sheet, [{ address: c.address, content: { type: "number", value: CONSISTENT[BROKEN.id] } }]);
    const { snapshot, report } = await validate(port);
    const gate = exportGate(report);
    expect(gate.ok, `改回后仍不能导出：${gate.blockers.map((f) => f.key).join("、")}`);
    const doc = reportDocument(snapshot);
    const html = reportHtml(doc);
    expect(html.includes(ORG) && html.includes("<table"), "网页中没有报告标题或表格");
    const parts = [`网页 ${html.length} 字符`];
    if (options.makeDocx) {
      const docx = await options.makeDocx(doc);
      expect(docx.length > 2000 && docx[0] === 0x50 && docx[1] === 0x4b, "Word 文件不是有效的 .docx");
      parts.push(`Word ${Math.round(docx.length / 1024)} KB`);
    }
    if (options.readFile) {
      const file = await options.readFile();
      expect(file.length > 2000 && file[0] === 0x50 && file[1] === 0x4b, "读到的工作簿文件不是有效的 .xlsx");
      parts.push(`工作簿 ${Math.round(file.length / 1024)} KB`);
    }
    parts.push(host.download ? "本平台可下载文件" : "本平台不能下载文件，导出页改为复制");
    return parts.join("，");
  });

  return steps;
}

/** The result as text, to paste into a message to the maintainers. */
export function selfTestReport(steps: SelfTestStep[], host: HostCapabilities, version: string, userAgent: string): string {
  const label = { pass: "通过", fail: "失败", skipped: "未运行" } as const;
  return [
    `年报 ${version} 自检 ${new Date().toISOString()}`,
    `Excel：${host.excelApi ? `ExcelApi ${host.excelApi}` : "（非 Excel）"}，平台 ${host.platform}，功能 ${JSON.stringify(host.features)}，可下载 ${host.download ? "是" : "否"}`,
    `浏览器：${userAgent}`,
    ...steps.map((s, i) => `${i + 1}. ${s.name}：${label[s.status]}（${s.ms} ms）${s.detail ? ` — ${s.detail}` : ""}`),
  ].join("\n");
}
