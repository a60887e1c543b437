import { HyperFormula, DetailedCellError, type RawCellContent } from "hyperformula";
import { a1, parseA1, sheetRef } from "../format/address";
import type { Merge, SheetPlan, ValidationPlan, WorkbookPlan } from "../workbook/plan";
import { displayRaw, scalarText, type RawValue } from "../workbook/snapshot";
import type { StyleKey } from "../workbook/styles";
import { isProbed, type CellTarget, type SheetData, type WorkbookData, type WorkbookPort } from "./port";

/**
 * The memory workbook: a HyperFormula engine holding the cells, plus what a grid needs to draw them.
 * Used by the playground and the tests. HyperFormula evaluates named expressions to values, not
 * references (so ISFORMULA/ISBLANK and SUM-ignores-text would differ from Excel); our names are
 * therefore expanded to the absolute references they stand for when a formula is written.
 */

export interface SheetView {
  name: string;
  visible: boolean;
  styles: Map<string, StyleKey>;
  merges: Merge[];
  validations: Map<string, ValidationPlan>;
  columnWidths: number[];
  protect: boolean;
  hiddenColumns: number[];
  /** Cell notes (comments), by address. */
  notes: Map<string, string>;
  /** A sheet of the user's own (not in the plan): every cell takes input, and it is saved as it is. */
  own?: boolean;
}

const NAME_TOKEN = /\bNB_[A-Za-z0-9_]+\b/g;

export class MemoryWorkbook implements WorkbookPort {
  readonly hf = HyperFormula.buildEmpty({ licenseKey: "gpl-v3", useArrayArithmetic: false });
  readonly views = new Map<string, SheetView>();
  names = new Map<string, string>();
  /** Formula text as written, so reads return names rather than the expanded references. */
  private formulas = new Map<string, string>();
  selection: CellTarget | null = null;
  highlight: CellTarget | null = null;
  /** Round trips, counted like Office.js syncs, for tests. */
  calls = { read: 0, write: 0, writeCells: 0, jump: 0, clearHighlight: 0 };
  private listeners = new Set<() => void>();
  private contentListeners = new Set<() => void>();
  /** Bumped by every change of a cell or sheet (not by a jump or highlight): what "unsaved" compares. */
  revision = 0;

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private selectionListeners = new Set<(at: { sheet: string; address: string }) => void>();
  onSelectionChange(listener: (at: { sheet: string; address: string }) => void): () => void {
    this.selectionListeners.add(listener);
    return () => this.selectionListeners.delete(listener);
  }

  /** The grid's cursor moved to a cell: what Excel's selection change is to the pane. */
  select(sheet: string, address: string): void {
    for (const l of this.selectionListeners) l({ sheet, address });
  }

  onContentChange(listener: () => void): () => void {
    this.contentListeners.add(listener);
    return () => this.contentListeners.delete(listener);
  }

  private changed(content = true) {
    if (content) {
      this.revision += 1;
      for (const l of this.contentListeners) l();
    }
    for (const l of this.listeners) l();
  }

  private sheetId(name: string): number | undefined {
    return this.hf.getSheetId(name);
  }

  private expand(formula: string): string {
    return formula.replace(NAME_TOKEN, (n) => this.names.get(n) ?? n);
  }

  private toContent(raw: RawValue): RawCellContent {
    switch (raw.type) {
      case "blank":
        return null;
      case "number":
      case "boolean":
        return raw.value;
      case "text":
        // A leading apostrophe keeps "12" or "=x" as the text the user typed.
        return `'${raw.value}`;
      case "error":
        return raw.value;
      case "formula":
        return this.expand(raw.formula.startsWith("=") ? raw.formula : `=${raw.formula}`);
    }
  }

  private static fromValue(v: unknown): RawValue {
    if (v === null || v === undefined || v === "") return { type: "blank" };
    if (v instanceof DetailedCellError) return { type: "error", value: v.value };
    if (typeof v === "number") return { type: "number", value: v };
    if (typeof v === "boolean") return { type: "boolean", value: v };
    return { type: "text", value: scalarText(v) };
  }

  /** Set one cell as a user typing would (the playground grid and tests). */
  setCell(sheet: string, address: string, raw: RawValue) {
    const id = this.sheetId(sheet);
    const at = parseA1(address);
    if (id === undefined || !at) throw new Error(`没有单元格 ${sheet}!${address}`);
    const key = `${sheet}!${a1(at.row, at.col)}`;
    if (raw.type === "formula") this.formulas.set(key, raw.formula.startsWith("=") ? raw.formula : `=${raw.formula}`);
    else this.formulas.delete(key);
    this.hf.setCellContents({ sheet: id, row: at.row - 1, col: at.col - 1 }, [[this.toContent(raw)]]);
    this.changed();
  }

  getCell(sheet: string, address: string): RawValue {
    const id = this.sheetId(sheet);
    const at = parseA1(address);
    if (id === undefined || !at) return { type: "blank" };
    const where = { sheet: id, row: at.row - 1, col: at.col - 1 };
    const serial = this.hf.getCellSerialized(where);
    if (typeof serial === "string" && serial.startsWith("=")) {
      return {
        type: "formula",
        formula: this.formulas.get(`${sheet}!${a1(at.row, at.col)}`) ?? serial,
        result: MemoryWorkbook.fromValue(this.hf.getCellValue(where)),
      };
    }
    if (typeof serial === "string") {
      if (serial.startsWith("'")) return { type: "text", value: serial.slice(1) };
      const value = this.hf.getCellValue(where);
      return value instanceof DetailedCellError ? { type: "error", value: value.value } : { type: "text", value: serial };
    }
    return MemoryWorkbook.fromValue(serial);
  }

  /** The value a formula cell shows (or the value itself). */
  display(sheet: string, address: string): RawValue {
    const raw = this.getCell(sheet, address);
    return raw.type === "formula" ? raw.result : raw;
  }

  sheetNames(): string[] {
    return this.hf.getSheetNames();
  }

  async read(sheetNames: string[]): Promise<WorkbookData> {
    this.calls.read += 1;
    const sheets: SheetData[] = [];
    for (const name of sheetNames) {
      const id = this.sheetId(name);
      if (id === undefined) continue;
      sheets.push({ name, visible: this.views.get(name)?.visible ?? true, cells: this.cellsOf(name) });
    }
    // The other sheets' first cells, to recognise a statutory sheet under another name.
    const others = this.sheetNames()
      .filter((n) => !sheetNames.includes(n))
      .map((name) => ({
        name,
        visible: this.views.get(name)?.visible ?? true,
        texts: [...this.cellsOf(name, 5, 3).entries()]
          .filter(([a]) => isProbed(a))
          .map(([, raw]) => displayRaw(raw.type === "formula" ? raw.result : raw))
          .filter((t) => t !== ""),
      }));
    return { sheets, names: [...this.names].map(([name, ref]) => ({ name, ref })), others, order: this.sheetNames() };
  }

  private cellsOf(name: string, maxRows = Infinity, maxCols = Infinity): Map<string, RawValue> {
    const cells = new Map<string, RawValue>();
    const { height, width } = this.hf.getSheetDimensions(this.sheetId(name)!);
    for (let r = 1; r <= Math.min(height, maxRows); r++) {
      for (let c = 1; c <= Math.min(width, maxCols); c++) {
        const raw = this.getCell(name, a1(r, c));
        if (raw.type !== "blank") cells.set(a1(r, c), raw);
      }
    }
    return cells;
  }

  /** Rename a sheet as Excel does: formulas and defined names that refer to it follow. */
  renameSheet(from: string, to: string) {
    const id = this.sheetId(from);
    if (id === undefined) throw new Error(`没有工作表“${from}”`);
    this.hf.renameSheet(id, to);
    const quoted = (n: string) => `'${n.replace(/'/g, "''")}'!`;
    for (const [name, ref] of this.names) if (ref.startsWith(quoted(from))) this.names.set(name, quoted(to) + ref.slice(quoted(from).length));
    for (const key of [...this.formulas.keys()]) {
      if (!key.startsWith(`${from}!`)) continue;
      this.formulas.set(`${to}!${key.slice(from.length + 1)}`, this.formulas.get(key)!);
      this.formulas.delete(key);
    }
    const view = this.views.get(from);
    if (view) {
      this.views.delete(from);
      this.views.set(to, { ...view, name: to });
    }
    this.changed();
  }

  async write(plan: WorkbookPlan): Promise<void> {
    this.calls.write += 1;
    for (const r of plan.renames ?? []) this.renameSheet(r.from, r.to);
    // Names are added or replaced; a partial plan (e.g. only 正文) leaves the others alone.
    for (const n of plan.names) this.names.set(n.name, sheetRef(n.sheet, n.row, n.col));
    const patch = (sheet: SheetPlan) => sheet.mode === "patch" && this.sheetId(sheet.name) !== undefined;
    this.hf.batch(() => {
      for (const sheet of plan.sheets) {
        let id = this.sheetId(sheet.name);
        if (id === undefined) id = this.hf.getSheetId(this.hf.addSheet(sheet.name))!;
        else if (sheet.mode !== "patch") {
          this.hf.clearSheet(id);
          for (const key of [...this.formulas.keys()]) if (key.startsWith(`${sheet.name}!`)) this.formulas.delete(key);
        }
      }
    });
    // Sheets first, then contents: formulas may refer to any sheet.
    this.hf.batch(() => {
      for (const sheet of plan.sheets) {
        const id = this.sheetId(sheet.name)!;
        const old = patch(sheet) ? this.views.get(sheet.name) : undefined;
        const styles = new Map<string, StyleKey>(old?.styles ?? []);
        const validations = new Map<string, ValidationPlan>(old?.validations ?? []);
        const notes = new Map<string, string>(old?.notes ?? []);
        for (const cell of sheet.cells) {
          const address = a1(cell.row, cell.col);
          styles.set(address, cell.style);
          const key = `${sheet.name}!${address}`;
          if (cell.content.type === "formula") this.formulas.set(key, cell.content.formula);
          else this.formulas.delete(key);
          if (cell.note) notes.set(address, cell.note);
          else if (cell.dropNote && notes.get(address) === cell.dropNote) notes.delete(address);
          this.hf.setCellContents({ sheet: id, row: cell.row - 1, col: cell.col - 1 }, [[this.toContent(cell.content)]]);
        }
        for (const v of sheet.validations) validations.set(a1(v.row, v.col), v.rule);
        this.views.set(
          sheet.name,
          old
            ? { ...old, styles, validations, notes, protect: sheet.protect }
            : {
                name: sheet.name,
                visible: sheet.visible,
                styles,
                merges: sheet.merges,
                validations,
                columnWidths: sheet.columnWidths,
                protect: sheet.protect,
                hiddenColumns: sheet.hiddenColumns ?? [],
                notes,
              },
        );
      }
    });
    this.changed();
  }

  /** Sheets of the user's own from an opened file (not in the plan): held, shown and saved with the workbook. */
  addOwnSheets(sheets: SheetData[]): void {
    if (!sheets.length) return;
    this.hf.batch(() => {
      for (const sheet of sheets) if (this.sheetId(sheet.name) === undefined) this.hf.addSheet(sheet.name);
    });
    this.hf.batch(() => {
      for (const sheet of sheets) {
        const id = this.sheetId(sheet.name)!;
        const styles = new Map<string, StyleKey>();
        for (const [address, raw] of sheet.cells) {
          const at = parseA1(address);
          if (!at) continue;
          styles.set(a1(at.row, at.col), "plain");
          if (raw.type === "formula") this.formulas.set(`${sheet.name}!${a1(at.row, at.col)}`, raw.formula.startsWith("=") ? raw.formula : `=${raw.formula}`);
          this.hf.setCellContents({ sheet: id, row: at.row - 1, col: at.col - 1 }, [[this.toContent(raw)]]);
        }
        this.views.set(sheet.name, {
          name: sheet.name,
          visible: sheet.visible,
          styles,
          merges: [],
          validations: new Map(),
          columnWidths: [],
          protect: false,
          hiddenColumns: [],
          notes: new Map(),
          own: true,
        });
      }
    });
    this.changed();
  }

  async writeCells(sheet: string, cells: { address: string; content: RawValue }[]): Promise<void> {
    this.calls.writeCells += 1;
    let id = this.sheetId(sheet);
    if (id === undefined) id = this.hf.getSheetId(this.hf.addSheet(sheet))!;
    this.hf.batch(() => {
      for (const c of cells) {
        const at = parseA1(c.address)!;
        this.hf.setCellContents({ sheet: id, row: at.row - 1, col: at.col - 1 }, [[this.toContent(c.content)]]);
      }
    });
    this.changed();
  }

  async jump(target: CellTarget): Promise<void> {
    this.calls.jump += 1;
    if (this.sheetId(target.sheet) === undefined) throw new Error(`找不到工作表“${target.sheet}”`);
    this.selection = target;
    this.highlight = target;
    this.changed(false);
  }

  async clearHighlight(): Promise<void> {
    this.calls.clearHighlight += 1;
    // Nothing to clear is no change: the playground saves on change, and a needless save at start-up
    // could overwrite a workbook stored by another tab in the meantime.
    if (this.highlight === null) return;
    this.highlight = null;
    this.changed(false);
  }

  async selectedCell(): Promise<{ sheet: string; address: string } | null> {
    const s = this.selection;
    return s && s.addresses.length ? { sheet: s.sheet, address: s.addresses[0] } : null;
  }

  /** Everything a reload must bring back (the playground keeps it in localStorage). */
  dump(): MemoryDump {
    return {
      version: 1,
      names: [...this.names],
      sheets: this.sheetNames().map((name) => {
        const id = this.sheetId(name)!;
        const { height, width } = this.hf.getSheetDimensions(id);
        const cells: [string, RawValue][] = [];
        for (let r = 1; r <= height; r++) {
          for (let c = 1; c <= width; c++) {
            const raw = this.getCell(name, a1(r, c));
            if (raw.type !== "blank") cells.push([a1(r, c), raw.type === "formula" ? { ...raw, result: { type: "blank" } } : raw]);
          }
        }
        const view = this.views.get(name);
        return {
          name,
          cells,
          view: view ? { ...view, styles: [...view.styles], validations: [...view.validations], notes: [...view.notes] } : null,
        };
      }),
    };
  }

  restore(dump: MemoryDump): void {
    this.names = new Map(dump.names);
    this.hf.batch(() => {
      for (const sheet of dump.sheets) if (this.sheetId(sheet.name) === undefined) this.hf.addSheet(sheet.name);
    });
    this.hf.batch(() => {
      for (const sheet of dump.sheets) {
        for (const [address, raw] of sheet.cells) this.setCell(sheet.name, address, raw);
        if (sheet.view)
          this.views.set(sheet.name, {
            ...sheet.view,
            styles: new Map(sheet.view.styles),
            validations: new Map(sheet.view.validations),
            notes: new Map(sheet.view.notes ?? []),
          });
      }
    });
    this.changed();
  }
}

export interface MemoryDump {
  version: 1;
  names: [string, string][];
  sheets: {
    name: string;
    cells: [string, RawValue][];
    view:
      | (Omit<SheetView, "styles" | "validations" | "notes"> & {
          styles: [string, StyleKey][];
          validations: [string, ValidationPlan][];
          notes?: [string, string][];
        })
      | null;
  }[];
}
