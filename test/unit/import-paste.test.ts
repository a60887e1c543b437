import { exportTables } from "../../src/export/tables";
import { importReport } from "../../src/import/report";
import { differences, roundTripReport, ROUND_TRIP_YEARS } from "../support/roundtrip";

/**
 * Text as people paste it from Excel or WPS: the sheet's cells tab-separated, a merged cell's
 * text in its first cell and empty fields for the rest of it. Made from our own tables' grid.
 */

async function pastedFromExcel(year: number, blanks: boolean) {
  const made = await roundTripReport(year, year + 21, blanks);
  const lines = [`${made.org}${year}年政府信息公开工作年度报告`, "一、总体情况", "本年度工作情况良好。"];
  for (const table of exportTables(made.snapshot)) {
    lines.push(table.title);
    for (const cells of table.rows) {
      const fields: string[] = Array(table.width).fill("");
      for (const c of cells) fields[c.col - 1] = c.text;
      if (fields.some((f) => f !== "")) lines.push(fields.join("\t"));
    }
  }
  lines.push("五、存在的主要问题及改进情况", "无。", "六、其他需要报告的事项", "无。");
  return { ...made, text: lines.join("\r\n") };
}

describe.each(ROUND_TRIP_YEARS)("tables pasted from Excel/WPS (tab-separated), report year %i", (year) => {
  test.each([false, true])("import to exactly the values they were copied from (blank cells: %s)", async (blanks) => {
    const { values, text, model } = await pastedFromExcel(year, blanks);
    expect(text).toContain("\t");
    const r = importReport(text, "text");
    expect(r.year).toBe(year);
    expect(differences(values, r, model)).toEqual([]);
    expect(r.unplaced).toEqual([]);
  });
});
