import { PART_NUMERALS } from "../narrative/model";
import { renderParagraph } from "../narrative/render";
import { reportYear } from "../workbook/read";
import type { Snapshot } from "../workbook/snapshot";
import { exportTables, type ExportTable } from "./tables";

/** The report as the exporters lay it out: title, then the six parts in 国办 order, tables in parts 二–四. */
interface ReportPart {
  title: string;
  paragraphs: string[];
  table: ExportTable | null;
}

export interface ReportDocument {
  title: string;
  orgName: string;
  year: number | null;
  parts: ReportPart[];
}

const REPORT_TITLE_SUFFIX = "年政府信息公开工作年度报告";

function reportTitle(orgName: string, year: number | null): string {
  return `${orgName}${year ?? ""}${REPORT_TITLE_SUFFIX}`;
}

/** The part a table belongs to, read from its title's numeral (表二 → 二、…). */
function partOf(table: ExportTable, fallback: number): number {
  const i = PART_NUMERALS.indexOf(table.title.charAt(0));
  return i >= 0 ? i : fallback;
}

export function reportDocument(snapshot: Snapshot): ReportDocument {
  const orgName = snapshot.cover.orgName ?? "";
  const year = reportYear(snapshot);
  const tables = exportTables(snapshot);
  const parts: ReportPart[] = snapshot.model.version.sections.map((title, part) => ({
    title,
    paragraphs: snapshot.narrative
      .filter((p) => p.part === part)
      .map((p) => renderParagraph(snapshot, p))
      .filter((t) => t.trim() !== ""),
    table: null,
  }));
  tables.forEach((t, i) => {
    const part = parts[partOf(t, i + 1)];
    if (part) part.table = t;
  });
  return { title: reportTitle(orgName, year), orgName, year, parts };
}
