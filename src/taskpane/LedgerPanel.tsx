import { Checkbox, DefaultButton, Dropdown, MessageBar, MessageBarType, PrimaryButton, Separator, Stack, Text, TextField } from "@fluentui/react";
import { useEffect, useRef, useState } from "react";
import { SUPPORTED_YEARS } from "../format/registry";
import type { WorkbookPort } from "../host/port";
import type { Comparison } from "../ledger/compare";
import type { CaseDerivation } from "../ledger/cases";
import type { LedgerDerivation, ParsedRegister } from "../ledger/derive";
import type { ColumnOverrides } from "../ledger/header";
import type { RegisterField } from "../ledger/vocabulary";
import type { ListedApplication, TableOpen } from "../ledger/workflow";
import type { FormatModel } from "../format/layout";
import { readWorkbookData } from "../workbook/operations";
import { snapshotFromData } from "../workbook/read";
import type { WorkbookInfo } from "../workbook/operations";
import { FileInput } from "./FileInput";
import { zhCN } from "./i18n/zh-CN";

const t = zhCN.ledger;

/** The ledger code (reader, classifiers, holiday calendar) comes with the first register chosen, not with the pane. */
const loadLedger = () => import(/* webpackChunkName: "ledger" */ "../ledger/pane");
type Ledger = Awaited<ReturnType<typeof loadLedger>>;

const UNUSED = "__unused";
const IGNORE = "__ignore";

interface Drill {
  place: string;
  entries: ListedApplication[];
}

/** 从台账生成表三: choose the register, map what its headers do not say, compare with typed cells, write; then drill down from 表三. */
export function LedgerPanel(props: {
  port: WorkbookPort;
  info: WorkbookInfo | null;
  run: (task: () => Promise<string | null>) => Promise<void>;
  busy: boolean;
  onWritten: () => void;
}) {
  const { port, info, busy } = props;
  const fileInput = useRef<HTMLInputElement>(null);
  const defaultYear = Math.min(new Date().getFullYear() - 1, SUPPORTED_YEARS.last);
  const [chosenYear, setYear] = useState<number>(defaultYear);
  // A report's year is the register's year; only a workbook with no report yet lets the user choose.
  const year = info?.year ?? chosenYear;
  const [org, setOrg] = useState("");
  const [file, setFile] = useState<{ name: string; bytes: Uint8Array } | null>(null);
  const [lib, setLib] = useState<Ledger | null>(null);
  /** The workbook's remembered mapping, then the user's choices in this pane over it. */
  const [mapping, setMapping] = useState<ColumnOverrides<RegisterField>>(new Map());
  const [opened, setOpened] = useState<TableOpen<RegisterField> | null>(null);
  const [pending, setPending] = useState<{ derivation: LedgerDerivation; cases: CaseDerivation | null; comparison: Comparison } | null>(null);
  const [written, setWritten] = useState<{ derivation: LedgerDerivation; cases: CaseDerivation | null } | null>(null);
  // Optional: last year's register (上年结转) and the 复议/诉讼 case list (表四).
  const [lastYearFile, setLastYearFile] = useState<{ name: string; bytes: Uint8Array } | null>(null);
  const [casesFile, setCasesFile] = useState<{ name: string; bytes: Uint8Array } | null>(null);
  const [confirm, setConfirm] = useState(false);
  const lastYearInput = useRef<HTMLInputElement>(null);
  const casesInput = useRef<HTMLInputElement>(null);
  /** Where the workbook lists its applications (after a derivation, also one made earlier or by the CLI). */
  const [source, setSource] = useState<{ model: FormatModel; sheet: string } | null>(null);
  const [drill, setDrill] = useState<Drill | null>(null);
  const [generation, setGeneration] = useState(0);

  // A workbook derived before (in an earlier session, or by nianbao ledger) drills down too.
  useEffect(() => {
    let live = true;
    readWorkbookData(port)
      .then(async (data) => {
        const snap = data.sheets.length ? snapshotFromData(data) : null;
        const sheet = snap?.ledger?.sheet;
        if (!snap || !sheet) return;
        const l = await loadLedger();
        if (!live) return;
        setLib(l);
        setSource({ model: snap.model, sheet });
      })
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [port, generation]);

  // Drill-down: a 表三 input cell selected lists the applications the 台账 sheet counts in it (one read a selection).
  useEffect(() => {
    if (!source || !lib || !port.onSelectionChange) return;
    const byPlace = new Map(lib.table3Of(source.model).inputCells.map((c) => [`${c.sheet}!${c.address}`, c.id]));
    let latest = 0;
    return port.onSelectionChange((at) => {
      const id = byPlace.get(`${at.sheet}!${at.address}`);
      if (id === undefined) return;
      const ask = ++latest;
      port
        .read([source.sheet])
        .then((data) => {
          const sheet = data.sheets.find((s) => s.name === source.sheet);
          if (ask === latest) setDrill({ place: lib.cellPlace(source.model, id), entries: sheet ? lib.applicationsListed(sheet, at.address) : [] });
        })
        .catch(() => undefined);
    });
  }, [port, source, lib]);

  const open = async (chosen: { name: string; bytes: Uint8Array }, overrides: ColumnOverrides<RegisterField>, l: Ledger) => {
    const result = await l.openTableBytes(chosen.bytes, chosen.name, {
      headers: l.REGISTER_HEADERS,
      labels: l.REGISTER_FIELDS,
      required: l.REQUIRED_REGISTER,
      overrides,
    });
    setOpened(result);
    return result;
  };

  const choose = (f: File) =>
    props.run(async () => {
      const l = lib ?? (await loadLedger());
      setLib(l);
      const chosen = { name: f.name, bytes: new Uint8Array(await f.arrayBuffer()) };
      setFile(chosen);
      setPending(null);
      setWritten(null);
      setDrill(null);
      const remembered = await l.rememberedMapping(port);
      setMapping(remembered);
      const result = await open(chosen, remembered, l);
      if (!result.ok && !result.columns.length) throw new Error(`${f.name}：${result.message}。`);
      return null;
    });

  const remap = (header: string, key: string) =>
    props.run(async () => {
      if (!file || !lib) return null;
      const next = new Map(mapping);
      if (key === UNUSED) next.delete(header);
      else next.set(header, key === IGNORE ? null : (key as RegisterField));
      setMapping(next);
      await open(file, next, lib);
      return null;
    });

  const write = (derivation: LedgerDerivation, cases: CaseDerivation | null, replace: boolean) =>
    props.run(async () => {
      if (!lib) return null;
      if (!info && !org.trim()) throw new Error(t.orgMissing);
      const result = await lib.writeLedger(port, { derivation, extraValues: cases?.values, mapping, replace, ...(info ? {} : { orgName: org.trim() }) });
      if (result.kind === "blocked") throw new Error(result.message);
      if (result.kind === "refused") {
        setPending({ derivation, cases, comparison: result.comparison });
        return null;
      }
      setPending(null);
      setWritten({ derivation, cases });
      setSource({ model: derivation.model, sheet: result.sheet });
      setGeneration((g) => g + 1);
      setDrill(null);
      props.onWritten();
      const c = derivation.counts;
      return t.done(result.sheet, c.new + c.carried, c.unclassified, c.suggested);
    });

  const derive = async () => {
    if (!opened?.ok || !lib) return;
    let lastYear: ParsedRegister | undefined;
    let cases: CaseDerivation | null = null;
    try {
      if (lastYearFile) {
        const o = await lib.openTableBytes(lastYearFile.bytes, lastYearFile.name, {
          headers: lib.REGISTER_HEADERS,
          labels: lib.REGISTER_FIELDS,
          required: lib.REQUIRED_REGISTER,
          overrides: mapping,
        });
        if (!o.ok) throw new Error(`上年台账 ${lastYearFile.name}：${o.message}。`);
        lastYear = o.parsed;
      }
      if (casesFile) {
        const o = await lib.openTableBytes(casesFile.bytes, casesFile.name, {
          headers: lib.CASE_HEADERS,
          labels: lib.CASE_FIELDS,
          required: ["caseType"],
          overrides: new Map(),
        });
        if (!o.ok) throw new Error(`案件清单 ${casesFile.name}：${o.message}。`);
        cases = lib.deriveTable4(o.parsed, year);
      }
    } catch (e) {
      const message = (e as Error).message;
      return props.run(() => Promise.reject(new Error(message)));
    }
    return write(lib.deriveTable3(opened.parsed, { year, lastYear, confirmSuggestions: confirm }), cases, false);
  };

  const pickExtra = (f: File, set: (v: { name: string; bytes: Uint8Array }) => void) =>
    props.run(async () => {
      set({ name: f.name, bytes: new Uint8Array(await f.arrayBuffer()) });
      return null;
    });

  const jump = (sheetRow: number) =>
    props.run(async () => {
      if (!source || !lib) return null;
      await port.clearHighlight();
      await port.jump({ sheet: source.sheet, addresses: lib.ledgerRowCells(sheetRow) });
      return null;
    });

  const years: number[] = [];
  for (let y = SUPPORTED_YEARS.first; y <= SUPPORTED_YEARS.last; y++) years.push(y);
  const fieldOptions = lib
    ? [
        { key: UNUSED, text: t.unused },
        ...(Object.entries(lib.REGISTER_FIELDS) as [RegisterField, string][]).map(([key, text]) => ({ key, text })),
        { key: IGNORE, text: t.ignore },
      ]
    : [];
  const missing = opened && !opened.ok ? (opened.missing ?? []) : [];
  const d = written?.derivation;
  const cases = written?.cases ?? null;

  return (
    <Stack tokens={{ childrenGap: 12 }} data-testid="ledger-panel">
      <Text variant="small">{t.intro}</Text>
      {source ? (
        <Stack tokens={{ childrenGap: 6 }} data-testid="ledger-drilldown">
          <Text variant="medium" styles={{ root: { fontWeight: 600 } }}>
            {t.drillTitle}
          </Text>
          {drill ? (
            <Stack tokens={{ childrenGap: 4 }} data-testid="ledger-drill">
              <Text variant="small" styles={{ root: { fontWeight: 600 } }} data-testid="ledger-drill-cell">
                {t.drillCell(drill.place, drill.entries.length)}
              </Text>
              {drill.entries.length === 0 ? <Text variant="small">{t.drillNone}</Text> : null}
              <ul className="nb-findings">
                {drill.entries.map((e) => (
                  <li key={e.sheetRow} className="nb-unit">
                    <button type="button" className="nb-drill-item" aria-label={t.jumpAria(e.place)} disabled={busy} onClick={() => void jump(e.sheetRow)}>
                      <span className="nb-rule">{e.place}</span> {e.text}
                    </button>
                  </li>
                ))}
              </ul>
            </Stack>
          ) : (
            <Text variant="small">{t.drillHint}</Text>
          )}
          <Separator />
        </Stack>
      ) : null}
      <Dropdown
        label={t.year}
        selectedKey={year}
        disabled={busy || info?.year != null}
        options={years.map((y) => ({ key: y, text: `${y} 年度` }))}
        onChange={(_e, option) => option && setYear(Number(option.key))}
      />
      {info ? null : <TextField label={t.org} value={org} onChange={(_e, v) => setOrg(v ?? "")} />}
      <FileInput
        ref={fileInput}
        accept=".xlsx,.csv,.txt,.xls,.htm,.html"
        testId="ledger-file"
        onFiles={([f]) => {
          if (f) void choose(f);
        }}
      />
      <Stack horizontal tokens={{ childrenGap: 8 }}>
        <DefaultButton text={t.pick} ariaLabel={t.pickAria} disabled={busy} onClick={() => fileInput.current?.click()} />
      </Stack>

      {opened && file ? (
        <Stack tokens={{ childrenGap: 6 }} data-testid="ledger-mapping">
          {opened.ok ? (
            <Text variant="small" data-testid="ledger-file-info">
              {t.file(file.name, opened.parsed.sheet, opened.parsed.header.row, opened.encoding)}
            </Text>
          ) : (
            <MessageBar messageBarType={MessageBarType.warning} isMultiline data-testid="ledger-open-problem">
              <div>{opened.message}。</div>
              {missing.length && lib ? (
                <div>
                  {t.mappingNeeded}
                  {missing.map((f) => `“${lib.REGISTER_FIELDS[f]}”`).join("、")}
                </div>
              ) : null}
            </MessageBar>
          )}
          <Text variant="medium" styles={{ root: { fontWeight: 600 } }}>
            {t.mapping}
          </Text>
          <Text variant="small">{t.mappingHint}</Text>
          {opened.columns.map((c) => (
            <Dropdown
              key={c.letter}
              label={t.column(c.letter, c.header)}
              data-testid={`ledger-column-${c.letter}`}
              selectedKey={c.field ?? (mapping.get(c.header) === null ? IGNORE : UNUSED)}
              disabled={busy}
              options={fieldOptions}
              onRenderTitle={(items) => (
                <span>
                  {items?.[0]?.text}
                  {c.field ? ` · ${c.by === "map" ? t.byMap : t.byHeader}` : ""}
                </span>
              )}
              onChange={(_e, option) => option && void remap(c.header, String(option.key))}
            />
          ))}
          <FileInput
            ref={lastYearInput}
            accept=".xlsx,.csv,.txt,.xls,.htm,.html"
            testId="ledger-last-year-file"
            onFiles={([f]) => {
              if (f) void pickExtra(f, setLastYearFile);
            }}
          />
          <FileInput
            ref={casesInput}
            accept=".xlsx,.csv,.txt,.xls,.htm,.html"
            testId="ledger-cases-file"
            onFiles={([f]) => {
              if (f) void pickExtra(f, setCasesFile);
            }}
          />
          <Stack horizontal tokens={{ childrenGap: 8 }} wrap>
            <DefaultButton text={t.lastYearPick} ariaLabel={t.lastYearPickAria} disabled={busy} onClick={() => lastYearInput.current?.click()} />
            <DefaultButton text={t.casesPick} ariaLabel={t.casesPickAria} disabled={busy} onClick={() => casesInput.current?.click()} />
          </Stack>
          {lastYearFile ? (
            <Stack horizontal tokens={{ childrenGap: 8 }} verticalAlign="center">
              <Text variant="small" data-testid="ledger-last-year">
                {t.lastYearChosen(lastYearFile.name)}
              </Text>
              <DefaultButton text={t.clearExtra} disabled={busy} onClick={() => setLastYearFile(null)} />
            </Stack>
          ) : null}
          {casesFile ? (
            <Stack horizontal tokens={{ childrenGap: 8 }} verticalAlign="center">
              <Text variant="small" data-testid="ledger-cases">
                {t.casesChosen(casesFile.name)}
              </Text>
              <DefaultButton text={t.clearExtra} disabled={busy} onClick={() => setCasesFile(null)} />
            </Stack>
          ) : null}
          <Checkbox label={t.confirmSuggestions} checked={confirm} disabled={busy} onChange={(_e, v) => setConfirm(v === true)} />
          <Stack horizontal tokens={{ childrenGap: 8 }}>
            <PrimaryButton text={t.run} ariaLabel={t.runAria} disabled={busy || !opened.ok} onClick={() => void derive()} />
          </Stack>
        </Stack>
      ) : null}

      {pending ? (
        <MessageBar messageBarType={MessageBarType.severeWarning} isMultiline data-testid="ledger-compare">
          <Stack tokens={{ childrenGap: 6 }}>
            <Text variant="small">{t.compareTitle(pending.comparison.conflicts.length)}</Text>
            <table className="nb-compare">
              <thead>
                <tr>
                  <th>{t.compareCell}</th>
                  <th>{t.compareTyped}</th>
                  <th>{t.compareDerived}</th>
                </tr>
              </thead>
              <tbody>
                {pending.comparison.conflicts.map((r) => (
                  <tr key={r.id} data-id={r.id}>
                    <td>
                      {r.sheet}!{r.address} {r.place}
                    </td>
                    <td>{r.typed}</td>
                    <td>{r.derived}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <Stack horizontal tokens={{ childrenGap: 8 }} wrap>
              <PrimaryButton text={t.replace} ariaLabel={t.replaceAria} disabled={busy} onClick={() => void write(pending.derivation, pending.cases, true)} />
              <DefaultButton
                text={t.cancel}
                disabled={busy}
                onClick={() =>
                  void props.run(() => {
                    setPending(null);
                    return Promise.resolve(t.cancelled);
                  })
                }
              />
            </Stack>
          </Stack>
        </MessageBar>
      ) : null}

      {d && lib ? (
        <Stack tokens={{ childrenGap: 6 }} data-testid="ledger-result">
          <Text variant="small" data-testid="ledger-counts">
            {t.counts(d.counts)}
          </Text>
          <Problems
            testId="ledger-unclassified"
            title={t.unclassified}
            items={d.records.flatMap((r) =>
              r.status === "unclassified" ? [{ place: lib.recordPlace(r), reason: r.reason ?? "", text: summary(r.fields) }] : [],
            )}
          />
          <Problems
            testId="ledger-suggested"
            title={t.suggested}
            items={d.records.flatMap((r) => (r.status === "suggested" ? [{ place: lib.recordPlace(r), reason: r.reason ?? "", text: summary(r.fields) }] : []))}
          />
          <Problems
            testId="ledger-late"
            title={t.late}
            items={d.records.flatMap((r) =>
              r.status === "counted" && r.deadline && (r.deadline.status === "late" || r.deadline.status === "overdueOpen")
                ? [{ place: lib.recordPlace(r), reason: lib.deadlineMessage(r.deadline), text: r.fields.id ?? "" }]
                : [],
            )}
          />
          {cases ? (
            <Text variant="small" data-testid="ledger-cases-counts">
              {t.cases(cases.sheet, cases.records.filter((r) => r.status === "counted").length)}
            </Text>
          ) : null}
          {cases ? (
            <Problems
              testId="ledger-cases-unclassified"
              title={t.casesUnclassified}
              items={cases.records.flatMap((r) => (r.status === "unclassified" ? [{ place: `第 ${r.row} 行`, reason: r.reason ?? "", text: "" }] : []))}
            />
          ) : null}
        </Stack>
      ) : null}
    </Stack>
  );
}

/** A register row in a line: its number, applicant, dates and result, as the register wrote them. */
function summary(fields: Partial<Record<RegisterField, string>>): string {
  return [fields.id, fields.applicant, fields.applicantType, fields.received, fields.answered && `答复 ${fields.answered}`, fields.result]
    .filter((v): v is string => Boolean(v))
    .join(" · ");
}

function Problems({ items, title, testId }: { items: { place: string; reason: string; text: string }[]; title: (n: number) => string; testId: string }) {
  if (!items.length) return null;
  return (
    <Stack tokens={{ childrenGap: 4 }} data-testid={testId}>
      <Text variant="small" styles={{ root: { fontWeight: 600 } }}>
        {title(items.length)}
      </Text>
      <ul className="nb-findings">
        {items.map((item, i) => (
          <li key={i} className="nb-finding nb-warning">
            <Text variant="small" block className="nb-message">
              <span className="nb-rule">{item.place}</span>：{item.reason}
            </Text>
            {item.text ? (
              <Text variant="small" block className="nb-message">
                {item.text}
              </Text>
            ) : null}
          </li>
        ))}
      </ul>
    </Stack>
  );
}
