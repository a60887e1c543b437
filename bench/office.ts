import { getFormat } from "../src/format/registry";
import { OfficeWorkbook } from "../src/host/office";
import { validate } from "../src/workbook/operations";
import { generate } from "../src/workbook/rebuild";
import { FakeExcel } from "../test/support/fakeExcel";
import type { Figure } from "./harness";

/**
 * Office.js round trips per operation, counted on the strict fake (test/support/fakeExcel.ts)
 * through OfficeWorkbook and the real workflows. Each context.sync() is one round trip to Excel,
 * which is what a user waits for in Excel on the web. Targets: generate ≤ 3, validate ≤ 2, jump = 1.
 */
export async function officeRoundTrips(): Promise<Figure[]> {
  const excel = new FakeExcel();
  const port = new OfficeWorkbook(excel);
  const measure = async (operation: () => Promise<unknown>) => {
    excel.resetCounters();
    await operation();
    return { syncs: excel.syncs, loads: excel.loads };
  };

  const generated = await measure(() => generate(port, { year: 2023, orgName: "某某区人民政府办公室" }));

  // A filled-in workbook, as a user leaves it: every input typed (1 each, so 表三 does not balance).
  const model = getFormat("2021");
  for (const cell of model.cells) if (cell.kind === "input") excel.doc.type(cell.sheet, cell.address, 1);

  let cells: { sheet: string; address: string }[] = [];
  const validated = await measure(async () => {
    const { report } = await validate(port);
    cells = report.findings.find((f) => f.severity === "error")?.cells ?? [];
  });
  if (!cells.length) throw new Error("officeRoundTrips: expected an error finding to jump to");
  const sheet = cells[0].sheet;
  const jumped = await measure(() => port.jump({ sheet, addresses: cells.filter((c) => c.sheet === sheet).map((c) => c.address) }));
  await port.clearHighlight();

  const regenerated = await measure(() => generate(port, { year: 2023 }));

  return [
    { name: "office_generate_syncs", value: generated.syncs, unit: "syncs" },
    { name: "office_validate_syncs", value: validated.syncs, unit: "syncs" },
    { name: "office_jump_syncs", value: jumped.syncs, unit: "syncs" },
    { name: "office_regenerate_syncs", value: regenerated.syncs, unit: "syncs" },
    { name: "office_generate_loads", value: generated.loads, unit: "loads" },
  ];
}
