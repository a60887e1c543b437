import { readFileSync } from "node:fs";
import { join } from "node:path";
import { formatForYear } from "../../src/format/registry";
import { MemoryWorkbook } from "../../src/host/memory";
import { cell, literal, paragraphOf, pct, type Paragraph } from "../../src/narrative/model";
import { buildPlan } from "../../src/workbook/plan";
import type { RawValue, Snapshot } from "../../src/workbook/snapshot";
import { consistentValues, rng } from "./generate";
import { snapshotOf } from "./workbooks";

export const FIXTURE_ORG = "原州区科学技术局";
const FIXTURE = join(__dirname, "../fixtures/yuanzhou-keji-2020.txt");

/**
 * The fixture report's text split into the six parts by their titles (a stand-in until
 * parseReportText lands). Lines are joined; a short line ends a paragraph, as in the PDF.
 * Parts 二–四 hold only the tables' text in the fixture, so they get no paragraphs.
 */
function fixtureNarrative(sections: string[]): Paragraph[] {
  const lines = readFileSync(FIXTURE, "utf8")
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l !== "");
  const starts = sections.map((title) => lines.indexOf(title));
  if (starts.some((s) => s < 0)) throw new Error("fixture: a part title is missing");
  const out: Paragraph[] = [];
  const take = (part: number, from: number, to: number) => {
    let current = "";
    for (const line of lines.slice(from, to)) {
      current += line.replace(/\s+/g, "");
      if (line.length < 26) {
        out.push(paragraphOf(part, current));
        current = "";
      }
    }
    if (current) out.push(paragraphOf(part, current));
  };
  // The opening paragraph (after the two title lines) belongs to part 一.
  take(0, 2, starts[0]);
  take(0, starts[0] + 1, starts[1]);
  take(4, starts[4] + 1, starts[5]);
  take(5, starts[5] + 1, lines.length);
  return out;
}

async function snapshotFor(
  year: number,
  org: string,
  values: Map<string, RawValue>,
  narrative: Paragraph[],
  extra: { cover?: Record<string, string>; explanations?: Map<string, string> } = {},
): Promise<{ snapshot: Snapshot; mem: MemoryWorkbook }> {
  const model = formatForYear(year);
  const mem = new MemoryWorkbook();
  const plan = buildPlan(model, { year, cover: { orgName: org, ...extra.cover }, values, explanations: extra.explanations ?? new Map(), narrative });
  await mem.write(plan);
  return { snapshot: await snapshotOf(mem), mem };
}

/** The fixture: 原州区科学技术局 2020, 2019 format, every table value 0. */
export async function fixtureReport(org = FIXTURE_ORG) {
  const model = formatForYear(2020);
  const values = new Map<string, RawValue>();
  for (const c of model.cells) if (c.kind === "input") values.set(c.id, { type: "number", value: 0 });
  return snapshotFor(2020, org, values, fixtureNarrative(model.version.sections));
}

/** A filled 2021 report whose tables reconcile, with a drafted sentence bound to 表三. */
export async function filledReport(seed = 7, org = "某某市某某区人民政府办公室") {
  const model = formatForYear(2021);
  const values = consistentValues(model, rng(seed));
  values.set("t2.fees.amount", { type: "number", value: 1234.567891 });
  const narrative: Paragraph[] = [
    paragraphOf(0, "本报告依据《中华人民共和国政府信息公开条例》编制，所列数据的统计期限为2021年1月1日至2021年12月31日。"),
    {
      part: 2,
      segments: [
        literal("本年度共收到政府信息公开申请"),
        cell("t3.new.total"),
        literal("件，上年结转"),
        cell("t3.carried.total"),
        literal("件；予以公开"),
        cell("t3.granted.total"),
        literal("件，占"),
        pct(["t3.granted.total"], ["t3.total.total"]),
        literal("。"),
      ],
    },
    paragraphOf(4, "一是公开内容的规范性有待加强；二是解读形式较为单一。下一步将加强培训，丰富解读形式。"),
    paragraphOf(5, "本年度未收取信息处理费。"),
  ];
  return { ...(await snapshotFor(2021, org, values, narrative)), values };
}

export { snapshotFor };
