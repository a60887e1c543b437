import type ExcelJS from "exceljs";
import type { FormatModel, TableLayout } from "../../src/format/layout";
import type { Rng } from "./generate";

/**
 * Edits a user makes in Excel, made on an ExcelJS workbook: insert, delete and sort rows and
 * columns, rename and move sheets, add rows, columns, sheets and comments of one's own. ExcelJS
 * moves cells and defined names when rows or columns are spliced, but not merged areas: those
 * are moved here as Excel moves them (a merge grows when a row is inserted inside it).
 */

export interface Edit {
  kind: string;
  describe: string;
}

/** What the user added, to look for after the rebuild. */
export interface OwnContent {
  texts: { sheet: string; text: string }[];
  notes: { sheet: string; text: string }[];
  sheets: string[];
}

interface Area {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

function merges(ws: ExcelJS.Worksheet): Area[] {
  const model = (ws as unknown as { _merges: Record<string, { model: Area }> })._merges;
  return Object.values(model).map((m) => ({ ...m.model }));
}

function reMerge(ws: ExcelJS.Worksheet, before: Area[], move: (a: Area) => Area | null) {
  for (const m of before) ws.unMergeCells(m.top, m.left, m.bottom, m.right);
  return () => {
    for (const m of before) {
      const to = move(m);
      if (to && (to.bottom > to.top || to.right > to.left)) ws.mergeCells(to.top, to.left, to.bottom, to.right);
    }
  };
}

export function insertRow(ws: ExcelJS.Worksheet, at: number, values: ExcelJS.CellValue[] = []) {
  const done = reMerge(ws, merges(ws), (m) =>
    at <= m.top ? { ...m, top: m.top + 1, bottom: m.bottom + 1 } : at <= m.bottom ? { ...m, bottom: m.bottom + 1 } : m,
  );
  ws.spliceRows(at, 0, values);
  done();
}

function deleteRow(ws: ExcelJS.Worksheet, at: number) {
  const done = reMerge(ws, merges(ws), (m) =>
    at < m.top ? { ...m, top: m.top - 1, bottom: m.bottom - 1 } : at <= m.bottom ? (m.top === m.bottom ? null : { ...m, bottom: m.bottom - 1 }) : m,
  );
  ws.spliceRows(at, 1);
  done();
}

export function insertColumn(ws: ExcelJS.Worksheet, at: number, values: ExcelJS.CellValue[] = []) {
  const done = reMerge(ws, merges(ws), (m) =>
    at <= m.left ? { ...m, left: m.left + 1, right: m.right + 1 } : at <= m.right ? { ...m, right: m.right + 1 } : m,
  );
  ws.spliceColumns(at, 0, values);
  done();
}

export function deleteColumn(ws: ExcelJS.Worksheet, at: number) {
  const done = reMerge(ws, merges(ws), (m) =>
    at < m.left ? { ...m, left: m.left - 1, right: m.right - 1 } : at <= m.right ? (m.left === m.right ? null : { ...m, right: m.right - 1 }) : m,
  );
  ws.spliceColumns(at, 1);
  done();
}

/** Sort rows top..bottom (inclusive) over columns left..right by the values of `byCol`, as Excel's 排序 does: contents move, names stay. */
export function sortRows(ws: ExcelJS.Worksheet, top: number, bottom: number, left: number, right: number, byCol: number, descending: boolean) {
  const rows: { key: number | string; cells: { value: ExcelJS.CellValue; style: Partial<ExcelJS.Style>; note: unknown }[] }[] = [];
  for (let r = top; r <= bottom; r++) {
    const cells = [];
    for (let c = left; c <= right; c++) {
      const cell = ws.getCell(r, c);
      cells.push({ value: cell.value, style: JSON.parse(JSON.stringify(cell.style ?? {})) as Partial<ExcelJS.Style>, note: cell.note });
    }
    const v = ws.getCell(r, byCol).value;
    // A merged or formula cell's value is an object: all of them sort as one text, as before.
    // eslint-disable-next-line @typescript-eslint/no-base-to-string
    rows.push({ key: typeof v === "number" ? v : String(v ?? ""), cells });
  }
  const sorted = [...rows].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0) * (descending ? -1 : 1));
  sorted.forEach((row, i) => {
    row.cells.forEach((c, j) => {
      const cell = ws.getCell(top + i, left + j);
      cell.value = c.value;
      cell.style = c.style;
      cell.note = c.note as string;
    });
  });
}

/** Rename a sheet; like Excel (`namesFollow`) the defined names that refer to it follow, or, like ExcelJS, they do not. */
export function renameSheet(wb: ExcelJS.Workbook, from: string, to: string, namesFollow: boolean) {
  wb.getWorksheet(from)!.name = to;
  if (!namesFollow) return;
  const bare = (n: string) => n.replace(/^'|'$/g, "").replace(/''/g, "'");
  wb.definedNames.model = wb.definedNames.model.map((n) => ({
    ...n,
    ranges: n.ranges.map((r) => {
      const i = r.lastIndexOf("!");
      return i > 0 && bare(r.slice(0, i)) === from ? `'${to.replace(/'/g, "''")}'${r.slice(i)}` : r;
    }),
  }));
}

function moveSheet(wb: ExcelJS.Workbook, name: string, toFront: boolean) {
  const sheets = wb.worksheets;
  const ws = wb.getWorksheet(name) as unknown as { orderNo: number };
  const orders = sheets.map((s) => (s as unknown as { orderNo: number }).orderNo);
  ws.orderNo = toFront ? Math.min(...orders) - 1 : Math.max(...orders) + 1;
}

/** A group of sibling data rows of a table whose labels sit in one column (a block, or the children of a group label). */
function siblingRuns(table: TableLayout): { rows: number[]; labelCol: number }[] {
  const leaves = table.grid.filter((g) => g.role === "rowHeader" && g.rowKey);
  const runs = new Map<string, number[]>();
  for (const g of leaves) {
    const parent = table.grid.find((p) => p.role === "rowHeader" && !p.rowKey && p.col === g.col - 1 && g.row >= p.row && g.row < p.row + p.rowSpan);
    const block = table.grid.find((v) => v.role === "value" && v.row === g.row)?.block ?? 0;
    const key = `${block}:${parent ? `${parent.row},${parent.col}` : "root"}:${g.col}:${g.colSpan}`;
    runs.set(key, [...(runs.get(key) ?? []), g.row]);
  }
  return [...runs.entries()]
    .map(([k, rows]) => ({ rows: rows.sort((a, b) => a - b), labelCol: Number(k.split(":")[2]) }))
    .filter((r) => r.rows.length >= 2 && r.rows.every((row, i) => i === 0 || row === r.rows[i - 1] + 1));
}

/** Find a table's current layout offsets in the edited sheet: where planned row `row` is now (tracking our own inserts/deletes). */
export interface Tracker {
  rowOf(table: string, planned: number): number | null;
  colOf(table: string, planned: number): number | null;
  insertRow(table: string, at: number): void;
  deleteRow(table: string, at: number): void;
  insertCol(table: string, at: number): void;
  deleteCol(table: string, at: number): void;
}

export function tracker(model: FormatModel): Tracker {
  const rows = new Map<string, (number | null)[]>();
  const cols = new Map<string, (number | null)[]>();
  for (const t of model.tables) {
    rows.set(
      t.name,
      Array.from({ length: t.height + 1 }, (_, i) => i),
    );
    cols.set(
      t.name,
      Array.from({ length: t.width + 2 }, (_, i) => i),
    );
  }
  const shift = (list: (number | null)[], at: number, by: 1 | -1) => {
    for (let i = 0; i < list.length; i++) {
      const v = list[i];
      if (v === null) continue;
      if (by === -1 && v === at) list[i] = null;
      else if (v >= at) list[i] = v + by;
    }
  };
  return {
    rowOf: (t, p) => rows.get(t)?.[p] ?? null,
    colOf: (t, p) => cols.get(t)?.[p] ?? null,
    insertRow: (t, at) => shift(rows.get(t)!, at, 1),
    deleteRow: (t, at) => shift(rows.get(t)!, at, -1),
    insertCol: (t, at) => shift(cols.get(t)!, at, 1),
    deleteCol: (t, at) => shift(cols.get(t)!, at, -1),
  };
}

export const EDIT_KINDS = [
  "insertRow",
  "deleteRow",
  "insertColumn",
  "deleteColumn",
  "sortRows",
  "renameSheet",
  "moveSheet",
  "ownRow",
  "ownColumn",
  "ownSheet",
  "comment",
] as const;

/** One edit, chosen but not yet made: ExcelJS makes it here, LibreOffice in a Basic macro (test/e2e/edits-libreoffice.test.ts). */
export type EditOp =
  | { kind: "insertRow" | "deleteRow" | "insertColumn" | "deleteColumn"; sheet: string; at: number }
  | { kind: "ownRow" | "ownColumn"; sheet: string; at: number; text: string }
  | { kind: "sortRows"; sheet: string; top: number; bottom: number; left: number; right: number; by: number; descending: boolean }
  | { kind: "renameSheet"; sheet: string; to: string; namesFollow: boolean }
  | { kind: "moveSheet"; sheet: string; toFront: boolean }
  | { kind: "ownSheet"; sheet: string; text: string }
  | { kind: "comment"; sheet: string; row: number; col: number; text: string }
  | { kind: "none"; sheet: string; why: string };

export function describeEdit(op: EditOp): string {
  switch (op.kind) {
    case "insertRow":
    case "deleteRow":
    case "ownRow":
    case "insertColumn":
    case "deleteColumn":
    case "ownColumn":
      return `${op.kind} ${op.sheet}!${op.at}`;
    case "sortRows":
      return `sortRows ${op.sheet}!${op.top}:${op.bottom} by column ${op.by}${op.descending ? " desc" : ""}`;
    case "renameSheet":
      return `rename ${op.sheet} → ${op.to}`;
    case "moveSheet":
      return `move ${op.sheet}${op.toFront ? " to front" : " to end"}`;
    case "ownSheet":
      return `add sheet ${op.sheet}`;
    case "comment":
      return `comment ${op.sheet}!R${op.row}C${op.col}`;
    case "none":
      return op.why;
  }
}

/**
 * Choose one random edit. Rows and columns are chosen in and around the tables; what the user
 * adds is recorded in `own`; `track` and `names` follow the edit.
 */
export function chooseEdit(model: FormatModel, r: Rng, track: Tracker, names: Map<string, string>, own: OwnContent, n: number): EditOp {
  const table = r.pick(model.tables);
  const sheet = names.get(table.name)!;
  const kind = r.pick(EDIT_KINDS);
  const lastRow = track.rowOf(table.name, table.height) ?? table.height;
  switch (kind) {
    case "insertRow":
    case "ownRow": {
      const at = r.int(2, lastRow + 2);
      track.insertRow(table.name, at);
      if (kind === "insertRow") return { kind, sheet, at };
      const text = `自有行${n}`;
      own.texts.push({ sheet: table.name, text });
      return { kind, sheet, at, text };
    }
    case "deleteRow": {
      const at = r.int(2, lastRow + 1);
      track.deleteRow(table.name, at);
      return { kind, sheet, at };
    }
    case "insertColumn":
    case "ownColumn": {
      const at = r.int(1, table.width + 2);
      track.insertCol(table.name, at);
      if (kind === "insertColumn") return { kind, sheet, at };
      const text = `自有列${n}`;
      own.texts.push({ sheet: table.name, text });
      return { kind, sheet, at, text };
    }
    case "deleteColumn": {
      const at = r.int(1, table.width + 1);
      track.deleteCol(table.name, at);
      return { kind, sheet, at };
    }
    case "sortRows": {
      const runs = siblingRuns(table);
      if (!runs.length) return { kind: "none", sheet, why: "sortRows (none)" };
      const run = r.pick(runs);
      const top = track.rowOf(table.name, run.rows[0]);
      const bottom = track.rowOf(table.name, run.rows[run.rows.length - 1]);
      const left = track.colOf(table.name, run.labelCol);
      const right = track.colOf(table.name, table.width);
      if (top === null || bottom === null || left === null || right === null || bottom - top !== run.rows.length - 1)
        return { kind: "none", sheet, why: "sortRows (group broken by earlier edits)" };
      return { kind, sheet, top, bottom, left, right, by: r.int(left + 1, right), descending: r.chance(0.5) };
    }
    case "renameSheet": {
      const to = `${table.name}${r.pick(["（本年）", "-改", " 副本", "_v2"])}${n}`;
      names.set(table.name, to);
      return { kind, sheet, to, namesFollow: r.chance(0.5) };
    }
    case "moveSheet":
      return { kind, sheet, toFront: r.chance(0.5) };
    case "ownSheet": {
      const name = `自建表${n}`;
      own.sheets.push(name);
      return { kind, sheet: name, text: `自建表内容${n}` };
    }
    case "comment": {
      const text = `批注${n}`;
      own.notes.push({ sheet: table.name, text });
      return { kind, sheet, row: r.int(1, lastRow), col: r.int(1, table.width), text };
    }
  }
}

/** Make the edit on an ExcelJS workbook, as Excel would. */
function applyEdit(wb: ExcelJS.Workbook, op: EditOp): void {
  const ws = () => wb.getWorksheet(op.sheet)!;
  switch (op.kind) {
    case "insertRow":
      return insertRow(ws(), op.at);
    case "ownRow":
      return insertRow(ws(), op.at, [undefined, undefined, op.text]);
    case "deleteRow":
      return deleteRow(ws(), op.at);
    case "insertColumn":
      return insertColumn(ws(), op.at);
    case "ownColumn":
      return insertColumn(ws(), op.at, [undefined, undefined, op.text]);
    case "deleteColumn":
      return deleteColumn(ws(), op.at);
    case "sortRows":
      return sortRows(ws(), op.top, op.bottom, op.left, op.right, op.by, op.descending);
    case "renameSheet":
      return renameSheet(wb, op.sheet, op.to, op.namesFollow);
    case "moveSheet":
      return moveSheet(wb, op.sheet, op.toFront);
    case "ownSheet":
      wb.addWorksheet(op.sheet).getCell("A1").value = op.text;
      return;
    case "comment":
      ws().getCell(op.row, op.col).note = op.text;
      return;
    case "none":
      return;
  }
}

/** One random edit of the workbook, made with ExcelJS. */
export function randomEdit(wb: ExcelJS.Workbook, model: FormatModel, r: Rng, track: Tracker, names: Map<string, string>, own: OwnContent, n: number): Edit {
  const op = chooseEdit(model, r, track, names, own, n);
  applyEdit(wb, op);
  return { kind: op.kind === "none" ? "sortRows" : op.kind, describe: describeEdit(op) };
}
