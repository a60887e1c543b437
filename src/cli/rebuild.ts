import { parseArgs } from "node:util";
import { XlsxWorkbook } from "../host/xlsxFile";
import { measurePackage } from "../host/xlsxReader";
import { nodeCodec } from "../host/zipCodecNode";
import { reportYear, snapshotFromData } from "../workbook/read";
import { planRebuild, rebuildSummary, type RebuildReport } from "../workbook/rebuild";
import { displayRaw } from "../workbook/snapshot";
import { NotNianbaoWorkbookError, UsageError } from "../errors";
import { checkOutputs, writeOutputFile } from "./files";
import { readWorkbookFile, yearArg } from "./workbookFile";

/**
 * nianbao rebuild report.xlsx --out new.xlsx [--year Y] [--org NAME] [--restore-formulas] [--accept-missing] [--json]
 * The pane's 生成/更新报表 (and 升级 to another year's format) for a file. Exit 0: written;
 * 2: nothing written (a label cannot be found, the file cannot be kept whole, bad arguments).
 */
export const REBUILD_USAGE =
  "  nianbao rebuild report.xlsx --out 新报表.xlsx [--year <年度>] [--org <机关名称>] [--restore-formulas] [--accept-missing] [--json]";

/** Beyond these, ExcelJS (which loads the whole workbook, a cell object for each cell of a merge or validation) needs more memory than a command may take. */
const REBUILD_MAX = { inflated: 40 * 2 ** 20, rows: 200_000, cells: 400_000, merged: 200_000, validated: 500_000 };

/** Parts ExcelJS does not write back: the CLI refuses to rebuild rather than lose them. */
const UNKEPT: [RegExp, string][] = [
  [/^xl\/charts\//i, "图表"],
  [/^xl\/chartsheets\//i, "图表工作表"],
  [/^xl\/pivotTables\//i, "数据透视表"],
  [/^xl\/pivotCache\//i, "数据透视表缓存"],
  [/vbaProject\.bin$/i, "宏（VBA）"],
  [/^xl\/externalLinks\//i, "外部链接"],
  [/^xl\/embeddings\//i, "嵌入对象"],
  [/^xl\/slicers\//i, "切片器"],
  [/^xl\/threadedComments\//i, "批注回复（新式批注）"],
  [/^xl\/queryTables\//i, "查询表"],
  [/^customXml\//i, "自定义 XML"],
];

function json(report: RebuildReport, out: string | null) {
  const value = (v: { value: Parameters<typeof displayRaw>[0] }) => displayRaw(v.value);
  return {
    ok: report.ok,
    out,
    kept: report.kept.map((k) => ({ id: k.id, place: k.place, sheet: k.sheet, address: k.address, ...(k.from ? { from: k.from } : {}), value: value(k) })),
    moved: report.moved.map((k) => ({ id: k.id, from: k.from, to: `${k.sheet}!${k.address}` })),
    unplaced: report.unplaced,
    own: report.own,
    ownSheets: report.ownSheets,
    formulas: report.formulas,
    renamed: report.renamed,
    archived: report.archived,
    notices: report.notices,
  };
}

export async function cmdRebuild(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        out: { type: "string" },
        year: { type: "string" },
        org: { type: "string" },
        "restore-formulas": { type: "boolean" },
        "accept-missing": { type: "boolean" },
        json: { type: "boolean" },
      },
      allowPositionals: true,
      strict: true,
    });
  } catch (e) {
    throw new UsageError(`参数有误：${(e as Error).message}\n用法：\n${REBUILD_USAGE}`);
  }
  const { values, positionals } = parsed;
  if (positionals.length !== 1) throw new UsageError(`请指定一个要重建的 .xlsx 工作簿。\n用法：\n${REBUILD_USAGE}`);
  if (!values.out) throw new UsageError(`缺少 --out 输出文件（重建不改动原文件）。\n用法：\n${REBUILD_USAGE}`);
  const input = positionals[0];
  const out = String(values.out);
  let year: number | undefined;
  if (values.year !== undefined) {
    const r = yearArg.safeParse(values.year);
    if (!r.success) throw new UsageError(r.error.issues[0].message);
    year = r.data;
  }
  const targets = await checkOutputs([{ path: out, flag: "--out" }], [input]);
  const { bytes, data } = await readWorkbookFile(input);
  if (year === undefined) {
    try {
      year = reportYear(snapshotFromData(data)) ?? undefined;
    } catch (e) {
      if (!(e instanceof NotNianbaoWorkbookError)) throw e;
    }
    if (year === undefined) throw new UsageError(`${input} 中没有报告年度（或不是年报工作簿），请用 --year 指定。`);
  }
  const result = planRebuild({ year, orgName: values.org, restoreFormulas: values["restore-formulas"] === true }, data, {
    acceptMissing: values["accept-missing"] === true,
  });
  const print = (lines: string[]) =>
    process.stdout.write(values.json ? `${JSON.stringify(json(result.report, result.plan ? out : null), null, 2)}\n` : `${lines.join("\n")}\n`);
  if (!result.plan) {
    print([`${input}：`, ...rebuildSummary(result.report), "如确认要按格式新建缺失的表格（原表改名保留），请加 --accept-missing。"]);
    return 2;
  }
  // The whole file goes through ExcelJS to be written: check every part first, and refuse what it would drop.
  const pkg = measurePackage(bytes, input, nodeCodec);
  const tooBig = [
    pkg.inflated > REBUILD_MAX.inflated && `解压后约 ${Math.round(pkg.inflated / 2 ** 20)} MB（上限 ${REBUILD_MAX.inflated / 2 ** 20} MB）`,
    pkg.rows > REBUILD_MAX.rows && `共 ${pkg.rows} 行（上限 ${REBUILD_MAX.rows} 行）`,
    pkg.cells > REBUILD_MAX.cells && `共 ${pkg.cells} 个单元格（上限 ${REBUILD_MAX.cells} 个）`,
    pkg.merged > REBUILD_MAX.merged && `合并区域覆盖 ${pkg.merged} 个单元格（上限 ${REBUILD_MAX.merged} 个）`,
    pkg.validated > REBUILD_MAX.validated && `数据验证覆盖 ${pkg.validated} 个单元格（上限 ${REBUILD_MAX.validated} 个）`,
  ].filter(Boolean);
  if (tooBig.length)
    throw new UsageError(
      `${input} ${tooBig.join("、")}，超过命令行重建的上限（重建需要把整个工作簿读入内存）。请在 Excel 中用加载项“生成/更新报表”，或删去不需要的工作表后再试。未写入任何内容。`,
    );
  const lost = [...new Set(pkg.parts.flatMap((p) => UNKEPT.filter(([re]) => re.test(p)).map(([, what]) => what)))];
  const names = data.names.filter((n) => !/^'?[^!]+'?!\$[A-Z]+\$\d+(:\$[A-Z]+\$\d+)?$/.test(n.ref.replace(/^=/, "")));
  if (names.length)
    lost.push(
      `定义名称 ${names
        .slice(0, 3)
        .map((n) => n.name)
        .join("、")}${names.length > 3 ? " 等" : ""}（公式或常量）`,
    );
  if (lost.length)
    throw new UsageError(`${input} 含有命令行重建无法保留的内容：${lost.join("、")}。为免丢失，未写入任何内容；请在 Excel 中用加载项“生成/更新报表”。`);
  const host = XlsxWorkbook.of(bytes, input);
  await host.write(result.plan);
  await writeOutputFile(targets.get(out)!, await host.toBuffer(), "--out");
  print([`已重建 ${out}（${year} 年度，${result.model.version.name}），原文件 ${input} 未改动。`, ...rebuildSummary(result.report)]);
  return 0;
}
