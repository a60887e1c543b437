import { MessageBar, MessageBarType } from "@fluentui/react";
import { useEffect, useMemo, useRef, useState } from "react";
import { a1, parseA1 } from "../format/address";
import type { MemoryWorkbook } from "../host/memory";
import { dateText, type ValidationPlan } from "../workbook/plan";
import { displayRaw, type RawValue } from "../workbook/snapshot";
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

const STYLE_CSS = `
.nb-grid { border-collapse: collapse; table-layout: fixed; font-family: "Noto Sans CJK SC", "Microsoft YaHei", SimSun, sans-serif; font-size: 12px; }
.nb-grid td { border: 1px solid #e1dfdd; padding: 2px 4px; height: 20px; overflow: hidden; vertical-align: middle; }
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
.nb-grid input { width: 100%; box-sizing: border-box; border: none; font: inherit; text-align: right; outline: none; }
.nb-tabs { display: flex; gap: 2px; margin-bottom: 6px; flex-wrap: wrap; }
.nb-tabs button { border: 1px solid #c8c6c4; background: #f3f2f1; padding: 4px 12px; cursor: pointer; font: inherit; }
.nb-tabs button[aria-selected="true"] { background: #fff; border-bottom-color: #fff; font-weight: 600; color: #107c10; }
`;

export function Grid({ mem }: { mem: MemoryWorkbook }) {
  const [, setTick] = useState(0);
  const [active, setActive] = useState<string | null>(null);
  const [editing, setEditing] = useState<{ address: string; text: string } | null>(null);
  const [alert, setAlert] = useState<string | null>(null);
  const inputRef = useRef<HTMLInputElement>(null);

  useEffect(() => mem.onChange(() => setTick((t) => t + 1)), [mem]);
  useEffect(() => {
    if (mem.selection) setActive(mem.selection.sheet);
  }, [mem.selection]);
  useEffect(() => inputRef.current?.focus(), [editing?.address]);

  const sheets = mem.sheetNames().filter((n) => mem.views.get(n)?.visible !== false);
  const sheet = active && sheets.includes(active) ? active : (sheets.find((s) => s === "表三") ?? sheets[0]);
  const view = sheet ? mem.views.get(sheet) : undefined;

  const layout = useMemo(() => {
    if (!view) return null;
    let rows = 1;
    let cols = view.columnWidths.length;
    for (const address of view.styles.keys()) {
      const at = parseA1(address)!;
      rows = Math.max(rows, at.row);
      cols = Math.max(cols, at.col);
    }
    const covered = new Set<string>();
    const spans = new Map<string, { rowSpan: number; colSpan: number }>();
    for (const m of view.merges) {
      spans.set(a1(m.row, m.col), { rowSpan: m.rowSpan, colSpan: m.colSpan });
      for (let r = m.row; r < m.row + m.rowSpan; r++) for (let c = m.col; c < m.col + m.colSpan; c++) if (r !== m.row || c !== m.col) covered.add(a1(r, c));
    }
    return { rows, cols, covered, spans, hidden: new Set(view.hiddenColumns ?? []) };
  }, [view]);

  if (!sheet || !view || !layout) return <p>{zhCN.playground.empty}</p>;
  const selected = new Set(mem.selection?.sheet === sheet ? mem.selection.addresses : []);
  const highlighted = new Set(mem.highlight?.sheet === sheet ? mem.highlight.addresses : []);

  const commit = () => {
    if (!editing) return;
    const entry = parseEntry(editing.text);
    const rule = view.validations.get(editing.address);
    if (rule && rejects(rule, entry)) {
      setAlert(`${rule.errorTitle}：${rule.error}`);
      return;
    }
    setAlert(null);
    mem.setCell(sheet, editing.address, entry);
    setEditing(null);
  };

  return (
    <div>
      <style>{STYLE_CSS}</style>
      <div className="nb-tabs" role="tablist" aria-label={zhCN.playground.sheetTabs}>
        {sheets.map((name) => (
          <button key={name} role="tab" aria-selected={name === sheet} onClick={() => setActive(name)}>
            {name}
          </button>
        ))}
      </div>
      {alert ? (
        <MessageBar messageBarType={MessageBarType.blocked} onDismiss={() => setAlert(null)} dismissButtonAriaLabel="关闭">
          {alert}
        </MessageBar>
      ) : null}
      <table className="nb-grid" data-sheet={sheet}>
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
                if (layout.covered.has(address) || layout.hidden.has(c + 1)) return null;
                const style = view.styles.get(address) ?? "plain";
                const span = layout.spans.get(address);
                const raw = mem.display(sheet, address);
                const editable = style === "input" || style === "carried" || style === "date";
                // A date cell shows its serial number as Excel would with the cell's date format.
                const shown = (v: RawValue) => (style === "date" && v.type === "number" ? (dateText(v.value) ?? displayRaw(v)) : displayRaw(v));
                const isEditing = editing?.address === address;
                return (
                  <td
                    key={address}
                    data-address={address}
                    rowSpan={span?.rowSpan}
                    colSpan={span?.colSpan}
                    className={`s-${style}${highlighted.has(address) ? " nb-highlight" : ""}`}
                    aria-selected={selected.has(address) || isEditing}
                    title={editable ? view.validations.get(address)?.prompt : style === "derived" ? zhCN.playground.locked : undefined}
                    onClick={() => {
                      if (!editable || isEditing) return;
                      commit();
                      const current = mem.getCell(sheet, address);
                      setEditing({ address, text: current.type === "blank" ? "" : shown(current) });
                    }}
                  >
                    {isEditing ? (
                      <input
                        ref={inputRef}
                        aria-label={`${sheet} ${address}`}
                        value={editing.text}
                        onChange={(e) => setEditing({ address, text: e.target.value })}
                        onKeyDown={(e) => {
                          if (e.key === "Enter") commit();
                          if (e.key === "Escape") {
                            setAlert(null);
                            setEditing(null);
                          }
                        }}
                        onBlur={commit}
                      />
                    ) : (
                      shown(raw)
                    )}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
