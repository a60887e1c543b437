import type { FormatModel, TableLayout } from "../format/layout";
import { isTableLine } from "../narrative/text";
import { columnGroups, labelOccurrences, lastLabel, NUMBERING, normLabel, rowLabels, type RowLabel } from "./labels";
import { orderPieces } from "./runs";
import { describePosition, sameLine, type SourceLine, type SourcePosition, type Token } from "./source";

/**
 * One statutory table read from the lines of its part. The lines are cut into segments: the
 * label text printed before a run of values, and the run. A grid row (HTML, Word, Markdown, a
 * tab-separated row, a row rebuilt from a PDF's coordinates) is one segment whose label is its
 * own label cells; in plain text a run of values takes the words printed before it.
 *
 * A segment's values are placed when its label is one row's label and it holds exactly that
 * row's number of values. Runs with no label at all (a PDF viewer's reading order puts some
 * values apart from their labels, a converter drops label cells) are placed only by position:
 * between two placed rows, when they are exactly as many as the rows missing there, each as
 * wide as its row, and each row's own total adds up. Everything else is listed, never guessed.
 */

export interface Unplaced {
  text: string;
  /** How many printed values (blanks excluded) this item holds. */
  count: number;
  position: SourcePosition;
  /** zh-CN position, e.g. "第 12 行" or "第 2 个表格第 3 行第 4 列". */
  where: string;
  reason: string;
}

export interface MissingRow {
  table: string;
  label: string;
  cellIds: string[];
  /** Where the row's label was found when its values were not (a row cut off after its label). */
  labelAt?: SourcePosition;
  /** zh-CN: "第 12 行的标签后没有数值", or "报告中没有这一行". */
  reason: string;
}

interface Placement {
  cellId: string;
  token: Token;
  /** How the row was known: by its label, or by its place between labelled rows. */
  by: "label" | "order";
}

/** A parent row printed with values of its own (（六）其他处理 as one row in a 2021-format year): shown for the user to confirm, its rows left blank. */
export interface ParentRow {
  table: string;
  label: string;
  /** The rows it stands for, left blank. */
  rowKeys: string[];
  /** One value per column, with the column's first data row's cell ids (where the user may enter the split). */
  values: { columnCellIds: string[]; token: Token }[];
  where: string;
}

export interface TableRead {
  placements: Placement[];
  unplaced: Unplaced[];
  missing: MissingRow[];
  parents: ParentRow[];
  /** Values in runs of nothing but blanks that belong to no row (converters' filler rows): not values. */
  ignoredBlanks: number;
  /** Region text lines (for unit notes under the table). */
  lines: SourceLine[];
  /** Lines from where the printed table begins: not report text. */
  tableLines: SourceLine[];
}

interface Segment {
  /** Normalised label text printed before the values. */
  label: string;
  labelTokens: Token[];
  values: Token[];
  /** From a grid row: the label is the row's own cells, and blank cells are cells. */
  structured: boolean;
  /** Plain text: the words printed after the values, up to the next run (a label cut in two by its values). */
  next: string;
}

/**
 * @param labelsAbove a table without row labels (表四): a grid row's label is the text above it
 *   (a converter prints each 复议/诉讼 group as a table under its own heading).
 */
function segmentsOf(lines: SourceLine[], labelsAbove: boolean): { segments: Segment[]; freeText: string } {
  const segments: Segment[] = [];
  let label = "";
  let labelTokens: Token[] = [];
  let run: Token[] = [];
  let freeText = "";
  const closeRun = () => {
    if (!run.length) return;
    segments.push({ label, labelTokens, values: run, structured: false, next: "" });
    run = [];
    label = "";
    labelTokens = [];
  };
  for (const line of lines) {
    if (line.tableRow) {
      closeRun();
      const first = line.tokens.findIndex((t) => t.value !== null);
      const cells = first < 0 ? line.tokens : line.tokens.slice(0, first);
      const own = labelsAbove ? [...labelTokens, ...cells] : cells;
      const text = (labelsAbove ? label : "") + cells.map((t) => normLabel(t.text)).join("");
      if (!labelsAbove) freeText += label;
      label = "";
      labelTokens = [];
      if (first < 0) {
        if (labelsAbove) {
          label = text;
          labelTokens = own;
        } else freeText += text;
        continue;
      }
      let last = line.tokens.length - 1;
      while (line.tokens[last].value === null) last--;
      // Empty cells between header words (a copied header row: 行政复议 · · · · 行政诉讼) are not a row of blanks.
      const tail = line.tokens.slice(first);
      if (tail.some((t) => t.value === null) && tail.every((t) => t.value === null || t.value.blank === "empty")) {
        const rest = tail.filter((t) => t.value === null);
        const restText = rest.map((t) => normLabel(t.text)).join("");
        if (labelsAbove) {
          label = text + restText;
          labelTokens = [...own, ...rest];
        } else freeText += text + restText;
        continue;
      }
      segments.push({ label: text, labelTokens: own, values: line.tokens.slice(first, last + 1).filter((t) => t.value !== null), structured: true, next: "" });
      continue;
    }
    for (const t of line.tokens) {
      if (t.value === null) {
        if (run.length) closeRun();
        label += normLabel(t.text);
        labelTokens.push(t);
      } else {
        run.push(t);
      }
    }
  }
  const trailing = label;
  closeRun();
  freeText += label;
  const lastSeg = segments[segments.length - 1];
  if (lastSeg && !lastSeg.structured && !run.length && trailing && lastSeg.label !== trailing) lastSeg.next = trailing;
  for (let i = 0; i + 1 < segments.length; i++) if (!segments[i].structured && !segments[i + 1].structured) segments[i].next = segments[i + 1].label;
  return { segments, freeText };
}

const isNumber = (t: Token) => t.value?.number != null;
const allBlank = (tokens: Token[]) => tokens.every((t) => !isNumber(t));

/** Label text that names no row at all (empty, or a stray fragment such as 结果 from a vertical label). */
const unlabelled = (label: string) => label.length < 4 && !NUMBERING.test(label) && !/\d\./.test(label);

/** Each total of a row equals the sum of its parts in the same row (checked only for rows placed by position). */
function rowAddsUp(model: FormatModel, cellIds: string[], tokens: Token[]): boolean {
  const value = new Map(cellIds.map((id, k) => [id, tokens[k].value?.number ?? null]));
  for (const id of cellIds) {
    const parts = model.cellById.get(id)?.sumOf;
    if (!parts || !parts.every((p) => value.has(p))) continue;
    const total = value.get(id);
    if (total == null || parts.some((p) => value.get(p) == null)) continue;
    const sum = parts.reduce((s, p) => s + value.get(p)!, 0);
    if (Math.abs(sum - total) > 1e-6) return false;
  }
  return true;
}

const CONTEXT_CHARS = 40;

/** Values of a row whose wide cells were copied as a value and empty fields; null unless every skipped field is empty. */
function bySpans(values: Token[], spans: number[]): Token[] | null {
  if (spans.every((n) => n === 1)) return null;
  const out: Token[] = [];
  let k = 0;
  for (const span of spans) {
    if (k >= values.length) return null;
    out.push(values[k++]);
    for (let extra = 1; extra < span; extra++) {
      if (k < values.length && values[k].value?.blank !== "empty") return null;
      k++;
    }
  }
  return values.slice(k).every((t) => t.value?.blank === "empty") ? out : null;
}

/**
 * Values of a short PDF row spread over the columns: each column's centre is the median x of
 * that column in the rows of the same table that print every value; each value must fall in
 * one column, alone, within half the distance to the neighbouring columns. Null when unsure.
 */
function byColumns(values: Token[], want: number, all: Segment[]): Token[] | null {
  const full = all.filter((s) => s.structured && s.values.length === want && s.values.every((t) => t.x !== undefined));
  if (full.length < 2) return null;
  const centres = Array.from({ length: want }, (_, k) => {
    const xs = full.map((s) => s.values[k].x!).sort((a, b) => a - b);
    return xs[xs.length >> 1];
  });
  for (let k = 1; k < want; k++) if (centres[k] <= centres[k - 1]) return null;
  const out = Array<Token | null>(want).fill(null);
  for (const v of values) {
    let best = 0;
    for (let k = 1; k < want; k++) if (Math.abs(v.x! - centres[k]) < Math.abs(v.x! - centres[best])) best = k;
    const gap = Math.min(best > 0 ? centres[best] - centres[best - 1] : Infinity, best + 1 < want ? centres[best + 1] - centres[best] : Infinity);
    if (out[best] || Math.abs(v.x! - centres[best]) > gap / 2 - 1) return null;
    out[best] = v;
  }
  return out.map((t) => t ?? { text: "", pos: values[0].pos, value: { number: null, unit: null, blank: "empty" } });
}

/** Tokens less their first `chars` normalised characters (a token cut in the middle stays). */
function dropChars(tokens: Token[], chars: number): Token[] {
  let n = 0;
  let k = 0;
  while (k < tokens.length && n + normLabel(tokens[k].text).length <= chars) n += normLabel(tokens[k++].text).length;
  return tokens.slice(k);
}

/** Where the table's own captions, headers and parent labels end at the start of label text (第二十条第（一）项, 信息内容…). */
function knownEnd(label: string, known: string[]): number {
  let at = 0;
  for (let again = true; again;) {
    again = false;
    for (const k of known) {
      if (k && label.startsWith(k, at)) {
        at += k.length;
        again = true;
      }
    }
  }
  return at;
}

/** The words printed before the values, less the table's own captions and headers. */
function contextOf(seg: Segment, known: string[]): { text: string; at: SourcePosition } {
  const tokens = dropChars(
    seg.labelTokens,
    knownEnd(seg.label.slice(seg.label.length - seg.labelTokens.reduce((n, t) => n + normLabel(t.text).length, 0)), known),
  );
  const text = tokens.map((t) => t.text).join("");
  return { text: text.length > CONTEXT_CHARS ? `…${text.slice(-CONTEXT_CHARS)}` : text, at: tokens[0]?.pos ?? seg.values[0].pos };
}

function unplacedOf(values: Token[], context: string, reason: string, at: SourcePosition = values[0].pos): Unplaced {
  const shown = values.map((t) => t.text || "（空）").join(" ");
  return { text: context ? `${context} ${shown}` : shown, count: values.filter(isNumber).length, position: at, where: describePosition(at), reason };
}

type Status =
  | { kind: "placed"; row: RowLabel; by?: "order" }
  | { kind: "unlabelled" }
  | { kind: "foreign"; under?: RowLabel }
  | { kind: "refused"; reason: string; row?: RowLabel }
  | { kind: "parent"; row: RowLabel }
  | { kind: "blank" };

export function readTable(model: FormatModel, layout: TableLayout, lines: SourceLine[]): TableRead {
  const hasRowLabels = layout.grid.some((g) => g.role === "rowHeader");
  const rows = hasRowLabels ? rowLabels(layout) : columnGroups(layout);
  const dataRows = rows.filter((r) => r.cellIds && r.order >= 0).sort((a, b) => a.order - b.order);
  const whole = hasRowLabels ? null : rows.find((r) => r.order === -1)!;
  const { segments: raw, freeText } = segmentsOf(lines, !hasRowLabels);
  const known = [
    ...new Set([
      ...layout.grid.filter((g) => g.role !== "value" && (g.role !== "rowHeader" || !g.rowKey)).map((g) => normLabel(g.text)),
      ...rows.filter((r) => !r.cellIds).flatMap((r) => r.forms),
    ]),
  ].filter(Boolean);

  // Split runs of plain text that hold several rows' values (a viewer's one-cell-per-line copy).
  const segments: { seg: Segment; status: Status }[] = [];
  const orderOf = (row: RowLabel) => row.order;
  let consumed = 0;
  for (const seg of raw) {
    const values = seg.values;
    // 表四 one value per line (a viewer's text blocks): neither the order nor a group name read before it is certain; the pieces are ordered below.
    if (whole && !seg.structured && values.some((t) => !sameLine(t.pos, values[0].pos))) {
      segments.push({ seg, status: { kind: "unlabelled" } });
      continue;
    }
    if (whole && values.length === whole.cellIds!.length) {
      segments.push({ seg, status: { kind: "placed", row: whole } });
      continue;
    }
    // Text at the start that the previous run's label took (a label cut in two by its values) is not this run's.
    const own = consumed ? { ...seg, label: seg.label.slice(consumed), labelTokens: dropChars(seg.labelTokens, consumed) } : seg;
    const match = labelOf(own, rows);
    consumed = match && match.end > own.label.length ? match.end - own.label.length : 0;
    if (!match) {
      const rest = own.label.slice(knownEnd(own.label, known));
      if (allBlank(values)) segments.push({ seg: own, status: { kind: "blank" } });
      else
        segments.push({
          seg: { ...own, labelTokens: dropChars(own.labelTokens, own.label.length - rest.length) },
          status: unlabelled(rest) ? { kind: "unlabelled" } : { kind: "foreign" },
        });
      continue;
    }
    // Plain text: the table's header printed again between a row's label and the values (a page break, read by a viewer
    // in its own order) means the label belongs to a run read before the header, not to these values.
    const between = match.end < own.label.length ? own.label.slice(match.end) : "";
    if (!seg.structured && between && knownEnd(between, known) === between.length && known.some((k) => k.length > 3 && between.includes(k))) {
      segments.push({ seg: { ...own, labelTokens: [] }, status: { kind: "unlabelled" } });
      continue;
    }
    const row = match.row;
    if (!row.cellIds) {
      // Words after a parent label that name no row are a row the format does not have (or a garbled one).
      const rest = own.label.slice(match.end);
      const after = { ...own, labelTokens: dropChars(own.labelTokens, match.end) };
      segments.push({ seg: after, status: unlabelled(rest) ? { kind: "parent", row } : { kind: "foreign", under: row } });
      continue;
    }
    const want = row.cellIds.length;
    let vals = values;
    // Empty cells around a grid row's values (merged label cells copied from Excel, a converter's extra column) are not values.
    if (seg.structured) while (vals.length > want && vals[vals.length - 1].value?.blank === "empty") vals = vals.slice(0, -1);
    if (seg.structured) while (vals.length > want && vals[0].value?.blank === "empty") vals = vals.slice(1);
    // A cell two grid columns wide copied from Excel is its value and an empty field.
    if (seg.structured && vals.length > want)
      vals =
        bySpans(
          vals,
          row.cellIds.map((id) => model.cellById.get(id)?.colSpan ?? 1),
        ) ?? vals;
    // A PDF row printed with blank cells: its values take the columns of the table's full rows by position.
    if (seg.structured && vals.length < want && vals.every((t) => t.x !== undefined)) vals = byColumns(vals, want, raw) ?? vals;
    if (vals.length === want) {
      segments.push({ seg: { ...own, values: vals }, status: { kind: "placed", row } });
      continue;
    }
    // One label, then several rows' worth of values: this row and the rows after it, unlabelled.
    const uniform = dataRows.every((r) => r.cellIds!.length === want);
    if (!seg.structured && uniform && vals.length > want && vals.length % want === 0) {
      const chunks: Token[][] = [];
      for (let k = 0; k < vals.length; k += want) chunks.push(vals.slice(k, k + want));
      // Several labels read in a run, then their values in a run (a viewer's order): the values are those rows', in order.
      const labelled = [...labelOccurrences(own.label, dataRows).keys()].sort((a, b) => a.order - b.order);
      if (labelled.length > 1) {
        const at = dataRows.indexOf(labelled[0]);
        const consecutive = labelled.every((r, k) => dataRows[at + k] === r) && labelled[labelled.length - 1] === row;
        if (consecutive && labelled.length === chunks.length && chunks.every((c, k) => rowAddsUp(model, labelled[k].cellIds!, c))) {
          chunks.forEach((c, k) => segments.push({ seg: { ...own, values: c }, status: { kind: "placed", row: labelled[k] } }));
          continue;
        }
      } else if (chunks.every((c) => rowAddsUp(model, row.cellIds!, c))) {
        segments.push({ seg: { ...own, values: chunks[0] }, status: { kind: "placed", row } });
        for (const c of chunks.slice(1))
          segments.push({ seg: { label: "", labelTokens: [], values: c, structured: false, next: "" }, status: { kind: "unlabelled" } });
        continue;
      }
    }
    const rowName = row.label || layout.name;
    segments.push({
      seg: own,
      status: { kind: "refused", row, reason: `“${rowName}”一行应有 ${want} 个数值，找到 ${vals.length} 个，无法确定各数值所在的列` },
    });
  }

  // A row placed twice keeps its first values; the second is refused.
  const placedRows = new Set<RowLabel>();
  for (const s of segments) {
    if (s.status.kind !== "placed") continue;
    if (placedRows.has(s.status.row)) s.status = { kind: "refused", reason: `“${s.status.row.label || layout.name}”一行已有数值，此处重复` };
    else placedRows.add(s.status.row);
  }
  const byOrder = new Map<number, RowLabel>(dataRows.map((r) => [r.order, r]));
  // Runs without labels, between two placed rows, fill the rows missing there.
  if (!placedRows.has(whole as RowLabel)) {
    let i = 0;
    while (i < segments.length) {
      if (segments[i].status.kind !== "unlabelled") {
        i++;
        continue;
      }
      let j = i;
      const gap: number[] = [];
      while (j < segments.length && segments[j].status.kind !== "placed" && segments[j].status.kind !== "foreign") {
        if (segments[j].status.kind === "unlabelled") gap.push(j);
        j++;
      }
      const before = segments
        .slice(0, i)
        .reverse()
        .find((s) => s.status.kind === "placed");
      const after = j < segments.length && segments[j].status.kind === "placed" ? segments[j] : null;
      const lo = before && before.status.kind === "placed" ? orderOf(before.status.row) : -1;
      const hi = after && after.status.kind === "placed" ? orderOf(after.status.row) : dataRows.length;
      const open = [...byOrder.entries()].filter(([o, r]) => o > lo && o < hi && !placedRows.has(r)).map(([, r]) => r);
      const fits =
        (before || after) &&
        lo < hi &&
        open.length === gap.length &&
        gap.every((g, k) => segments[g].seg.values.length === open[k].cellIds!.length && rowAddsUp(model, open[k].cellIds!, segments[g].seg.values));
      if (fits) {
        gap.forEach((g, k) => {
          segments[g].status = { kind: "placed", row: open[k], by: "order" };
          placedRows.add(open[k]);
        });
      }
      i = j;
    }
  }

  const placements: Placement[] = [];
  const unplaced: Unplaced[] = [];
  const parents: ParentRow[] = [];
  let ignoredBlanks = 0;
  let previous: RowLabel | null = null;
  for (const { seg, status } of segments) {
    const own = contextOf(seg, known);
    const context = status.kind === "refused" && status.row ? status.row.label || layout.name : own.text;
    const at = status.kind === "refused" ? (seg.structured && seg.labelTokens[0] ? seg.labelTokens[0].pos : seg.values[0].pos) : own.at;
    switch (status.kind) {
      case "placed":
        status.row.cellIds!.forEach((id, k) => placements.push({ cellId: id, token: seg.values[k], by: status.by ?? "label" }));
        previous = status.row;
        break;
      case "blank":
        ignoredBlanks += seg.values.length;
        break;
      case "refused":
        unplaced.push(unplacedOf(seg.values, context, status.reason, at));
        break;
      case "parent": {
        const children = dataRows.filter((r) => status.row.children.includes(r.key));
        const width = children[0]?.cellIds?.length ?? 0;
        if (children.length && seg.values.length === width && children.every((c) => !placedRows.has(c))) {
          parents.push({
            table: layout.name,
            label: status.row.label,
            rowKeys: children.map((c) => c.key),
            values: seg.values.map((token, k) => ({ columnCellIds: children.map((c) => c.cellIds![k]), token })),
            where: describePosition(at),
          });
        } else {
          unplaced.push(unplacedOf(seg.values, context, `在“${status.row.label}”之下，无法对应到${layout.name}的任何一行`, at));
        }
        break;
      }
      default:
        if (status.kind === "foreign" && status.under && !allBlank(seg.values)) {
          unplaced.push(unplacedOf(seg.values, context, `在“${status.under.label}”之下，无法对应到${layout.name}的任何一行`, at));
          break;
        }
        if (allBlank(seg.values)) {
          ignoredBlanks += seg.values.length;
          break;
        }
        unplaced.push(
          unplacedOf(
            seg.values,
            context,
            previous ? `在“${previous.label || layout.name}”一行之后，无法对应到${layout.name}的任何一行` : `不在${layout.name}的任何一行中`,
            at,
          ),
        );
    }
  }

  // 表四 in a viewer's reading order: its values in pieces, put back in column order where the format and the text allow one order only.
  let scrambled = false;
  if (whole && placedRows.size === 0) {
    const pieces = segments.filter((x) => !allBlank(x.seg.values));
    const count = pieces.reduce((n, x) => n + x.seg.values.length, 0);
    if (pieces.some((x) => x.status.kind === "unlabelled") && count === whole.cellIds!.length) {
      scrambled = true;
      const order = orderPieces(
        model,
        whole.cellIds!,
        dataRows,
        pieces.map((x) => ({ label: x.seg.label, values: x.seg.values })),
      );
      for (const id of whole.cellIds!) {
        const token = order.cells.get(id);
        if (token) placements.push({ cellId: id, token, by: "order" });
      }
      const placedTokens = new Set(order.cells.values());
      const rest = pieces.map((x) => x.seg.values.filter((t) => !placedTokens.has(t))).filter((v) => v.length);
      const left = rest.reduce((n, v) => n + v.length, 0);
      const why =
        order.orders === 0 ? "没有一种次序能使各组总计等于分项之和" : `有 ${order.orders} 种次序都与表格的结构和文字相符，其中 ${left} 个数值的列无法确定`;
      unplaced.splice(
        0,
        unplaced.length,
        ...(rest.length
          ? [
              {
                count: left,
                text: rest.map((v) => v.map((t) => t.text).join(" ")).join(" · "),
                position: rest[0][0].pos,
                where: describePosition(rest[0][0].pos),
                reason: `${layout.name}的 ${count} 个数值在文本中${pieces.length > 1 ? `分成 ${pieces.length} 段` : "逐行排列"}（PDF 阅读器复制的文字），${why}：请对照原文填写，或导入 PDF 文件本身`,
              },
            ]
          : []),
      );
    }
  }

  // Rows that got no values: say whether their label was seen.
  const missing: MissingRow[] = [];
  const refusedRows = new Set(segments.flatMap((s) => (s.status.kind === "refused" && s.status.row ? [s.status.row] : [])));
  const covered = new Set(parents.flatMap((p) => p.rowKeys));
  const allText = raw.map((s) => s.label).join("") + freeText;
  const seen = labelOccurrences(allText, dataRows);
  const labelPositions = new Map<RowLabel, SourcePosition>();
  for (const s of raw) {
    const hit = labelOccurrences(s.label, dataRows);
    for (const row of hit.keys()) if (!labelPositions.has(row) && s.labelTokens[0]) labelPositions.set(row, s.labelTokens[0].pos);
  }
  const wanted = whole ? (placedRows.size || scrambled ? [] : [whole]) : dataRows;
  for (const row of wanted) {
    if (placedRows.has(row) || refusedRows.has(row) || covered.has(row.key)) continue;
    const name = row.label || layout.name;
    const labelAt = labelPositions.get(row) ?? (seen.has(row) ? lineOfLabel(lines, row) : undefined);
    missing.push({
      table: layout.name,
      label: name,
      cellIds: row.cellIds!,
      labelAt,
      reason: labelAt
        ? `${describePosition(labelAt)}有这一行，但没有找到它的数值`
        : seen.has(row)
          ? "报告中有这一行，但没有找到它的数值"
          : "报告中没有这一行（或行标题有误）",
    });
  }
  if (whole && placedRows.size && !placedRows.has(whole)) {
    // 表四 printed in groups: groups not found are missing.
    for (const g of dataRows) if (!placedRows.has(g)) missing.push({ table: layout.name, label: g.label, cellIds: g.cellIds!, reason: "没有找到这一组的数值" });
  }

  // The table begins at its first row or header line (PDF headers are runs of 1–4 character fragments).
  const firstPlaced = segments.find((s) => s.status.kind === "placed");
  const lineOf = (token: Token) => lines.findIndex((l) => l.tokens.includes(token));
  const firstToken = firstPlaced ? (firstPlaced.seg.labelTokens[0] ?? firstPlaced.seg.values[0]) : null;
  const candidates = [
    firstToken ? lineOf(firstToken) : -1,
    lines.findIndex((l) => l.tableRow || (!l.prose && (isTableLine(l.text) || l.tokens.every((t) => t.value !== null || normLabel(t.text).length <= 4)))),
  ].filter((i) => i >= 0);
  const tableLines = candidates.length ? lines.slice(Math.min(...candidates)) : [];
  return { placements, unplaced, missing, parents, ignoredBlanks, lines, tableLines };
}

/**
 * The row a segment's label names: a label ending right before the values; else one the values
 * cut in two ("5.属于三 0 0 0 0 0 0 0 类内部事务信息" in PDF-extracted text); else the last one.
 */
function labelOf(seg: Segment, rows: RowLabel[]): { row: RowLabel; start: number; end: number } | null {
  const own = lastLabel(seg.label, rows);
  let found: { row: RowLabel; start: number; end: number } | null = own;
  if (!(own && own.end === seg.label.length) && seg.next) {
    const joined = lastLabelSpanning(seg.label, seg.next, rows);
    if (joined && (!own || joined.start >= own.end)) found = joined;
  }
  // A merged parent label runs on into its first child's (三、本年度办理结果（一）予以公开): the values are the child's.
  if (found && !found.row.cellIds) {
    const text = seg.label + seg.next;
    const first = rows.find((r) => r.cellIds && r.key === found.row.children[0]);
    const at = first ? Math.min(...first.forms.map((f) => (text.startsWith(f, found.end) ? found.end : Infinity))) : Infinity;
    if (first && at !== Infinity) return { row: first, start: at, end: at + first.forms.find((f) => text.startsWith(f, at))!.length };
  }
  return found;
}

function lastLabelSpanning(before: string, after: string, rows: RowLabel[]) {
  const text = before + after;
  let best: { row: RowLabel; start: number; end: number } | null = null;
  for (const row of rows) {
    for (const f of row.forms) {
      for (let at = text.indexOf(f, Math.max(0, before.length - f.length + 1)); at >= 0 && at < before.length; at = text.indexOf(f, at + 1)) {
        if (at + f.length > before.length && (!best || at > best.start)) best = { row, start: at, end: at + f.length };
      }
    }
  }
  return best;
}

/** The first line whose text holds a row's label. */
function lineOfLabel(lines: SourceLine[], row: RowLabel): SourcePosition | undefined {
  for (const l of lines) {
    const n = normLabel(
      l.tokens
        .filter((t) => t.value === null)
        .map((t) => t.text)
        .join(""),
    );
    if (row.forms.some((f) => n.includes(f))) return l.pos;
  }
  return undefined;
}
