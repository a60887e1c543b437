import { useEffect, useLayoutEffect, useMemo, useRef, useState, type ClipboardEvent, type KeyboardEvent } from "react";
import { a1, parseA1 } from "../format/address";
import type { MemoryWorkbook, SheetView } from "../host/memory";
import { dateSerial, dateText, type ValidationPlan } from "../workbook/plan";
import { displayRaw, type RawValue } from "../workbook/snapshot";
import type { StyleKey } from "../workbook/styles";
import { zhCN } from "../taskpane/i18n/zh-CN";

/** What a typed string becomes, as Excel reads a cell entry. */
function parseEntry(text: string): RawValue {
  const s = text.trim() === "" ? "" : text;
  if (s === "") return { type: "blank" };
  if (s.startsWith("=")) return { type: "formula", formula: s, result: { type: "blank" } };
  if (/^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(s.trim())) return { type: "number", value: Number(s.trim()) };
  if (/^(true|false)$/i.test(s.trim())) return { type: "boolean", value: /^true$/i.test(s.trim()) };
  return { type: "text", value: text };
}

/** Excel's data validation with a Stop alert: null when the entry is allowed. */
function rejects(rule: ValidationPlan, entry: RawValue): boolean {
  if (entry.type === "blank") return false;
  if (rule.type === "list") return !(entry.type === "text" && (rule.list ?? []).includes(entry.value));
  if (entry.type !== "number") return true;
  if (rule.type === "whole" && !Number.isInteger(entry.value)) return true;
  if (rule.min !== undefined && entry.value < rule.min) return true;
  if (rule.max !== undefined && entry.value > rule.max) return true;
  return false;
}

/** Rows of a block copied from Excel or WPS: tab-separated cells, one line a row, quoted cells may hold tabs and line breaks. */
export function parseTsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"' && cell === "") quoted = true;
    else if (ch === "\t") {
      row.push(cell);
      cell = "";
    } else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && text[i + 1] === "\n") i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
    } else cell += ch;
  }
  if (cell !== "" || row.length) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}

const EDITABLE: ReadonlySet<StyleKey> = new Set<StyleKey>(["input", "carried", "date"]);

/** Why a cell refuses input, in the words of the sheet's protection. */
function lockedReason(sheet: string, style: StyleKey): string {
  const t = zhCN.grid;
  if (style === "derived") return t.lockedFormula;
  if (style === "checkNumber" || style === "checkVerdict" || style === "checkText" || style === "checkHeader") return t.lockedCheck;
  if (style === "paragraph" || style === "partTitle") return t.lockedText;
  if (style === "fixed") return t.lockedFixed;
  return t.lockedLabel(sheet);
}

interface Change {
  address: string;
  before: RawValue;
  after: RawValue;
}
interface Step {
  sheet: string;
  changes: Change[];
}

const STYLE_CSS = `
.nb-grid-wrap { position: relative; outline: none; }
.nb-grid-wrap:focus-visible { box-shadow: inset 0 0 0 1px #107c10; }
.nb-grid { border-collapse: collapse; table-layout: fixed; font-family: "Noto Sans CJK SC", "Microsoft YaHei", SimSun, sans-serif; font-size: 12px; }
.nb-grid td { border: 1px solid #e1dfdd; padding: 2px 4px; height: 20px; overflow: hidden; vertical-align: middle; position: relative; }
.nb-grid .s-title { font-size: 15px; font-weight: 700; text-align: center; border: none; }
.nb-grid .s-caption, .nb-grid .s-header, .nb-grid .s-coverLabel, .nb-grid .s-checkHeader { background: #f2f2f2; font-weight: 600; border-color: #8a8886; }
.nb-grid .s-header, .nb-grid .s-checkHeader { text-align: center; white-space: normal; }
.nb-grid .s-label, .nb-grid .s-checkText { border-color: #8a8886; white-space: normal; }
.nb-grid .s-input { background: #fff; border-color: #8a8886; text-align: right; cursor: cell; }
.nb-grid .s-carried { background: #ddebf7; border-color: #8a8886; text-align: right; cursor: cell; }
.nb-grid .s-date { background: #fff; border-color: #8a8886; text-align: left; cursor: cell; }
.nb-grid .s-derived, .nb-grid .s-fixed { background: #d9d9d9; border-color: #8a8886; text-align: right; }
.nb-grid .s-fixed { text-align: left; }
.nb-grid .s-checkNumber { text-align: right; border-color: #8a8886; }
.nb-grid .s-checkVerdict { text-align: center; font-weight: 600; border-color: #8a8886; }
.nb-grid .s-note { color: #605e5c; font-size: 11px; border: none; }
.nb-grid .nb-highlight { background: #ffeb9c !important; color: #9c0006; }
.nb-grid td[aria-selected="true"] { outline: 2px solid #107c10; outline-offset: -2px; }
.nb-grid input { width: 100%; box-sizing: border-box; border: none; font: inherit; text-align: inherit; outline: none; padding: 0; background: transparent; }
.nb-cell-alert { position: absolute; z-index: 5; max-width: 260px; background: #fde7e9; border: 1px solid #a4262c; color: #a4262c; padding: 4px 6px; font-size: 12px; box-shadow: 0 2px 6px rgba(0,0,0,.2); white-space: normal; }
.nb-cell-alert.nb-info { background: #f3f2f1; border-color: #605e5c; color: #323130; }
.nb-tabs { display: flex; gap: 2px; margin-bottom: 6px; flex-wrap: wrap; }
.nb-tabs button { border: 1px solid #c8c6c4; background: #f3f2f1; padding: 4px 12px; cursor: pointer; font: inherit; }
.nb-tabs button[aria-selected="true"] { background: #fff; border-bottom-color: #fff; font-weight: 600; color: #107c10; }
.nb-grid-status { font-size: 12px; color: #605e5c; min-height: 18px; margin: 2px 0; }
`;

interface Layout {
  rows: number;
  cols: number;
  /** Covered cell → the top-left cell of its merge. */
  masterOf: Map<string, string>;
  spans: Map<string, { rowSpan: number; colSpan: number }>;
  hidden: Set<number>;
}

function layoutOf(view: SheetView): Layout {
  let rows = 1;
  let cols = view.columnWidths.length;
  for (const address of view.styles.keys()) {
    const at = parseA1(address)!;
    rows = Math.max(rows, at.row);
    cols = Math.max(cols, at.col);
  }
  const masterOf = new Map<string, string>();
  const spans = new Map<string, { rowSpan: number; colSpan: number }>();
  for (const m of view.merges) {
    const top = a1(m.row, m.col);
    spans.set(top, { rowSpan: m.rowSpan, colSpan: m.colSpan });
    for (let r = m.row; r < m.row + m.rowSpan; r++) for (let c = m.col; c < m.col + m.colSpan; c++) if (r !== m.row || c !== m.col) masterOf.set(a1(r, c), top);
  }
  // A sheet of the user's own has room to type beyond what it holds, as a spreadsheet does.
  if (view.own) {
    rows += 10;
    cols += 3;
  }
  return { rows, cols, masterOf, spans, hidden: new Set(view.hiddenColumns ?? []) };
}

/** The first cell a sheet offers for typing (where the cursor starts). */
function firstInput(view: SheetView): string {
  if (view.own) return "A1";
  let best: { row: number; col: number } | null = null;
  for (const [address, style] of view.styles) {
    if (!EDITABLE.has(style)) continue;
    const at = parseA1(address)!;
    if (!best || at.row < best.row || (at.row === best.row && at.col < best.col)) best = at;
  }
  return best ? a1(best.row, best.col) : "A1";
}

/**
 * The sheet grid of the browser edition and the playground, keyed like Excel: arrows, Tab and
 * Enter move; typing replaces the cell, F2 edits it, Delete clears, Esc cancels; a block copied
 * from Excel or WPS pastes across cells; Ctrl+Z / Ctrl+Y undo and redo. Locked cells say why.
 */
export function Grid({ mem }: { mem: MemoryWorkbook }) {
  const [, setTick] = useState(0);
  const [active, setActive] = useState<string | null>(null);
  const [cursor, setCursor] = useState<Map<string, string>>(new Map());
  const [editing, setEditing] = useState<{ address: string; text: string; inPlace: boolean } | null>(null);
  const [alert, setAlert] = useState<{ address: string; text: string; kind: "error" | "info" } | null>(null);
  const [status, setStatus] = useState("");
  const undo = useRef<Step[]>([]);
  const redo = useRef<Step[]>([]);
  const writes = useRef(mem.calls.write);
  const inputRef = useRef<HTMLInputElement>(null);
  const wrapRef = useRef<HTMLDivElement>(null);
  const closing = useRef(false);

  useEffect(() => mem.onChange(() => setTick((t) => t + 1)), [mem]);
  useEffect(() => {
    if (!mem.selection) return;
    // The workbook's selection (a 校验 jump) is outside React: following it is what this effect is for.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    setActive(mem.selection.sheet);
    const first = mem.selection.addresses[0];
    if (first) setCursor((c) => new Map(c).set(mem.selection!.sheet, first));
  }, [mem.selection]);
  // The caret goes to the end of what is there (F2) or of the first typed character (typing replaces).
  useLayoutEffect(() => {
    const input = inputRef.current;
    if (!editing || !input) return;
    input.focus();
    input.setSelectionRange(input.value.length, input.value.length);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [editing?.address, editing !== null]);

  // A regenerated or imported workbook is a new starting point: undo must not write old cells back over it.
  if (mem.calls.write !== writes.current) {
    writes.current = mem.calls.write;
    undo.current = [];
    redo.current = [];
  }

  const sheets = mem.sheetNames().filter((n) => mem.views.get(n)?.visible !== false);
  const sheet = active && sheets.includes(active) ? active : (sheets.find((s) => s === "表三") ?? sheets[0]);
  const view = sheet ? mem.views.get(sheet) : undefined;
  const layout = useMemo(() => (view ? layoutOf(view) : null), [view]);

  const cursorAt = sheet && view ? (cursor.get(sheet) ?? firstInput(view)) : null;
  // The pane hears of a cell the user selects, as a task pane hears Excel's selection change.
  useEffect(() => {
    if (sheet && cursorAt) mem.select(sheet, cursorAt);
  }, [mem, sheet, cursorAt]);

  if (!sheet || !view || !layout || !cursorAt) return <p>{zhCN.playground.empty}</p>;
  const here = cursorAt;
  const selected = new Set(mem.selection?.sheet === sheet ? mem.selection.addresses : []);
  const highlighted = new Set(mem.highlight?.sheet === sheet ? mem.highlight.addresses : []);
  const styleOf = (address: string): StyleKey => view.styles.get(address) ?? "plain";
  const editable = (address: string) => view.own === true || EDITABLE.has(styleOf(address));
  // A date cell shows its serial number as Excel would with the cell's date format.
  const shownOf = (address: string, v: RawValue) => (styleOf(address) === "date" && v.type === "number" ? (dateText(v.value) ?? displayRaw(v)) : displayRaw(v));
  const textOf = (address: string) => {
    const raw = mem.getCell(sheet, address);
    return raw.type === "blank" ? "" : raw.type === "formula" ? raw.formula : shownOf(address, raw);
  };
  // At once, before the edit box goes: a key typed right after Tab or Enter must reach the grid, not the page.
  // Moving the focus blurs the edit box, whose blur handler must not commit a second time.
  const focusGrid = () => {
    closing.current = true;
    wrapRef.current?.focus({ preventScroll: true });
    closing.current = false;
  };

  const moveTo = (address: string) => {
    setCursor(new Map(cursor).set(sheet, address));
    setAlert(null);
    setTimeout(() => wrapRef.current?.querySelector(`td[data-address="${address}"]`)?.scrollIntoView({ block: "nearest", inline: "nearest" }), 0);
  };

  /** One step as Excel moves: over merged blocks as one cell, past hidden columns, stopping at the edges. */
  const step = (from: string, dr: number, dc: number): string => {
    const start = parseA1(from)!;
    const span = layout.spans.get(from) ?? { rowSpan: 1, colSpan: 1 };
    let row = dr > 0 ? start.row + span.rowSpan - 1 : start.row;
    let col = dc > 0 ? start.col + span.colSpan - 1 : start.col;
    for (;;) {
      row += dr;
      col += dc;
      if (row < 1 || col < 1 || row > layout.rows || col > layout.cols) return from;
      if (layout.hidden.has(col)) continue;
      const target = layout.masterOf.get(a1(row, col)) ?? a1(row, col);
      if (target !== from) return target;
    }
  };

  const entryFor = (address: string, text: string): RawValue => {
    // A date cell takes 2026年1月20日 (or 2026-01-20) and keeps a date.
    if (styleOf(address) === "date") {
      const serial = dateSerial(text.trim());
      if (serial !== null) return { type: "number", value: serial };
    }
    return parseEntry(text);
  };

  const apply = (changes: Change[], record = true) => {
    for (const c of changes) mem.setCell(sheet, c.address, c.after);
    if (record && changes.length) {
      undo.current.push({ sheet, changes });
      redo.current = [];
    }
  };

  const refuse = (address: string) => {
    setAlert({ address, text: lockedReason(sheet, styleOf(address)), kind: "info" });
  };

  /** Commit the edit; false when validation refused it (the edit stays open, as Excel's Stop alert does). */
  const commit = (): boolean => {
    if (!editing) return true;
    const entry = entryFor(editing.address, editing.text);
    const rule = view.validations.get(editing.address);
    if (rule && rejects(rule, entry)) {
      setAlert({ address: editing.address, text: `${rule.errorTitle}：${rule.error}`, kind: "error" });
      return false;
    }
    setAlert(null);
    const before = mem.getCell(sheet, editing.address);
    if (JSON.stringify(before) !== JSON.stringify(entry)) apply([{ address: editing.address, before, after: entry }]);
    setEditing(null);
    focusGrid();
    return true;
  };

  const startEdit = (address: string, text: string | null) => {
    if (!editable(address)) {
      refuse(address);
      return;
    }
    setAlert(null);
    setEditing({ address, text: text ?? textOf(address), inPlace: text === null });
  };

  const history = (from: { current: Step[] }, to: { current: Step[] }, label: "undo" | "redo") => {
    const last = from.current.pop();
    if (!last) {
      setStatus(label === "undo" ? zhCN.grid.nothingToUndo : zhCN.grid.nothingToRedo);
      return;
    }
    const back = label === "undo";
    for (const c of back ? [...last.changes].reverse() : last.changes) mem.setCell(last.sheet, c.address, back ? c.before : c.after);
    to.current.push(last);
    setActive(last.sheet);
    setCursor(new Map(cursor).set(last.sheet, last.changes[0].address));
    setStatus(back ? zhCN.grid.undone(last.changes.length) : zhCN.grid.redone(last.changes.length));
  };

  const onGridKey = (e: KeyboardEvent<HTMLDivElement>) => {
    if (editing) return;
    const ctrl = e.ctrlKey || e.metaKey;
    const moves: Record<string, [number, number]> = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] };
    if (moves[e.key] && !ctrl) {
      e.preventDefault();
      moveTo(step(here, ...moves[e.key]));
    } else if (e.key === "Tab") {
      e.preventDefault();
      moveTo(step(here, 0, e.shiftKey ? -1 : 1));
    } else if (e.key === "Enter") {
      e.preventDefault();
      moveTo(step(here, e.shiftKey ? -1 : 1, 0));
    } else if (e.key === "F2") {
      e.preventDefault();
      startEdit(here, null);
    } else if (e.key === "Delete") {
      e.preventDefault();
      if (!editable(here)) return refuse(here);
      const before = mem.getCell(sheet, here);
      if (before.type !== "blank") apply([{ address: here, before, after: { type: "blank" } }]);
    } else if (e.key === "Backspace") {
      e.preventDefault();
      startEdit(here, "");
    } else if (e.key === "Escape") {
      setAlert(null);
    } else if (ctrl && !e.altKey && (e.key === "z" || e.key === "Z") && !e.shiftKey) {
      e.preventDefault();
      history(undo, redo, "undo");
    } else if (ctrl && !e.altKey && (e.key === "y" || e.key === "Y" || ((e.key === "z" || e.key === "Z") && e.shiftKey))) {
      e.preventDefault();
      history(redo, undo, "redo");
    } else if (e.key.length === 1 && !ctrl && !e.altKey) {
      // Typing replaces the cell's content, as in Excel.
      e.preventDefault();
      startEdit(here, e.key);
    }
  };

  const onEditKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (!editing) return;
    const moves: Record<string, [number, number]> = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] };
    const go = (dr: number, dc: number) => {
      e.preventDefault();
      if (commit()) moveTo(step(editing.address, dr, dc));
    };
    if (e.key === "Enter") go(e.shiftKey ? -1 : 1, 0);
    else if (e.key === "Tab") go(0, e.shiftKey ? -1 : 1);
    else if (moves[e.key] && !editing.inPlace) go(...moves[e.key]);
    else if (e.key === "Escape") {
      e.preventDefault();
      setAlert(null);
      setEditing(null);
      focusGrid();
    }
    e.stopPropagation();
  };

  const onPaste = (e: ClipboardEvent<HTMLDivElement>) => {
    if (editing) return;
    const text = e.clipboardData.getData("text/plain");
    if (!text) return;
    e.preventDefault();
    const block = parseTsv(text);
    const start = parseA1(here)!;
    const changes: Change[] = [];
    let filled = 0;
    let locked = 0;
    const refused: string[] = [];
    block.forEach((cells, r) =>
      cells.forEach((value, c) => {
        const address = a1(start.row + r, start.col + c);
        if (start.row + r > layout.rows || start.col + c > layout.cols || layout.masterOf.has(address)) return;
        if (!editable(address)) {
          locked += 1;
          return;
        }
        const entry = entryFor(address, value);
        filled += 1;
        const rule = view.validations.get(address);
        if (rule && rejects(rule, entry)) refused.push(`${address}（${value}）`);
        const before = mem.getCell(sheet, address);
        if (JSON.stringify(before) !== JSON.stringify(entry)) changes.push({ address, before, after: entry });
      }),
    );
    apply(changes);
    // Like Excel, a paste is not stopped by data validation; 校验's F-1 names what does not fit.
    const parts = [zhCN.grid.pasted(filled)];
    if (locked) parts.push(zhCN.grid.pasteLocked(locked));
    if (refused.length) parts.push(zhCN.grid.pasteInvalid(refused.slice(0, 5).join("、")));
    setStatus(parts.join(""));
    if (refused.length) setAlert({ address: here, text: parts.slice(1).join(""), kind: "error" });
  };

  return (
    <div>
      <style>{STYLE_CSS}</style>
      <div className="nb-tabs" role="tablist" aria-label={zhCN.playground.sheetTabs}>
        {sheets.map((name) => (
          <button
            key={name}
            role="tab"
            aria-selected={name === sheet}
            onClick={() => {
              if (!commit()) return;
              setActive(name);
              setAlert(null);
              focusGrid();
            }}
          >
            {name}
          </button>
        ))}
      </div>
      <div className="nb-grid-status" role="status" data-testid="grid-status">
        {here} {status}
      </div>
      <div
        ref={wrapRef}
        className="nb-grid-wrap"
        tabIndex={0}
        role="grid"
        aria-label={zhCN.grid.label(sheet)}
        data-testid="grid-keys"
        onKeyDown={onGridKey}
        onPaste={onPaste}
      >
        <table className="nb-grid" data-sheet={sheet} role="presentation">
          <colgroup>
            {Array.from({ length: layout.cols }, (_, i) =>
              layout.hidden.has(i + 1) ? null : <col key={i} style={{ width: (view.columnWidths[i] ?? 9) * 7 + 6 }} />,
            )}
          </colgroup>
          <tbody>
            {Array.from({ length: layout.rows }, (_, r) => (
              <tr key={r}>
                {Array.from({ length: layout.cols }, (_, c) => {
                  const address = a1(r + 1, c + 1);
                  if (layout.masterOf.has(address) || layout.hidden.has(c + 1)) return null;
                  const style = styleOf(address);
                  const span = layout.spans.get(address);
                  const isEditing = editing?.address === address;
                  const isHere = address === here;
                  return (
                    <td
                      key={address}
                      data-address={address}
                      rowSpan={span?.rowSpan}
                      colSpan={span?.colSpan}
                      className={`s-${style}${highlighted.has(address) ? " nb-highlight" : ""}`}
                      aria-selected={isHere || selected.has(address) || isEditing}
                      data-cursor={isHere ? "true" : undefined}
                      style={alert?.address === address ? { overflow: "visible" } : undefined}
                      title={editable(address) ? view.validations.get(address)?.prompt : style === "derived" ? zhCN.playground.locked : undefined}
                      onMouseDown={(e) => {
                        if (isEditing) return;
                        e.preventDefault();
                        if (!commit()) return;
                        moveTo(address);
                        focusGrid();
                      }}
                      onDoubleClick={() => startEdit(address, null)}
                    >
                      {isEditing ? (
                        <input
                          ref={inputRef}
                          aria-label={`${sheet} ${address}`}
                          value={editing.text}
                          onChange={(e) => setEditing({ ...editing, text: e.target.value })}
                          onKeyDown={onEditKey}
                          onBlur={() => {
                            if (editing && !closing.current) commit();
                          }}
                        />
                      ) : (
                        shownOf(address, mem.display(sheet, address))
                      )}
                      {alert && alert.address === address ? (
                        <div
                          className={`nb-cell-alert${alert.kind === "info" ? " nb-info" : ""}`}
                          role="alert"
                          data-testid="cell-alert"
                          style={{ top: "100%", left: 0 }}
                        >
                          {alert.text}
                        </div>
                      ) : null}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
