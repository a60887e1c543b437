import { DefaultButton, Dropdown, MessageBar, MessageBarType, PrimaryButton, Stack, Text, TextField } from "@fluentui/react";
import { useRef, useState } from "react";
import { SUPPORTED_YEARS } from "../format/registry";
import type { WorkbookPort } from "../host/port";
import { kindOf } from "../import/decode";
import type { ImportResult, ReportLines } from "../import/report";
import { infoOf, planFor } from "../workbook/operations";
import type { WorkbookInfo } from "./GeneratePanel";
import { zhCN } from "./i18n/zh-CN";

const t = zhCN.import;

interface Source {
  read: ReportLines | null;
  /** Pasted text, read when imported. */
  text?: string;
  label: string;
}

interface Shown {
  result: ImportResult;
  counts: { placed: number; blank: number; unplaced: number };
  headline: string;
  name: (cellId: string) => string;
}

function List({ title, items, testId, tone }: { title: string; items: string[]; testId: string; tone: "error" | "warning" | "info" }) {
  if (items.length === 0) return null;
  return (
    <Stack tokens={{ childrenGap: 4 }} data-testid={testId}>
      <Text variant="medium" styles={{ root: { fontWeight: 600 } }}>
        {title}
      </Text>
      <ul className="nb-findings">
        {items.map((item, i) => (
          <li key={i} className={tone === "info" ? undefined : `nb-finding nb-${tone}`}>
            <Text variant="small" block className="nb-message">
              {item}
            </Text>
          </li>
        ))}
      </ul>
    </Stack>
  );
}

/** 导入: a published report (file or pasted text) read into a fresh workbook through the port. */
export function ImportPanel(props: {
  port: WorkbookPort;
  info: WorkbookInfo | null;
  onImported: (info: WorkbookInfo) => void;
  run: (task: () => Promise<string | null>) => Promise<void>;
  busy: boolean;
}) {
  const { port, info, busy } = props;
  const [file, setFile] = useState<Source | null>(null);
  const [fileError, setFileError] = useState<string | undefined>();
  const [pasted, setPasted] = useState("");
  const [year, setYear] = useState<number | null>(null);
  const [shown, setShown] = useState<Shown | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const years: number[] = [];
  for (let y = SUPPORTED_YEARS.first; y <= Math.min(new Date().getFullYear(), SUPPORTED_YEARS.last); y++) years.push(y);

  const chooseFile = async (f: File | undefined) => {
    setShown(null);
    if (!f) return;
    // The readers (pdf.js for a PDF) load only now.
    const { readReportFile } = await import(/* webpackChunkName: "import" */ "../import/file");
    const read = await readReportFile(new Uint8Array(await f.arrayBuffer()), f.name);
    if (!read.ok) {
      setFile(null);
      setFileError(read.message);
      return;
    }
    setFileError(undefined);
    setPasted("");
    setFile({ read: read.read, label: t.fileChosen(f.name, read.label) });
  };

  const doImport = () =>
    props.run(async () => {
      const source: Source | null = file ?? (pasted.trim() ? { read: null, text: pasted, label: "" } : null);
      if (!source) throw new Error(t.nothing);
      // The importer and its HTML parser load only when used.
      const [{ importLines, importRequest, linesOfReport }, { cellName, importCounts, importHeadline }] = await Promise.all([
        import(/* webpackChunkName: "import" */ "../import/report"),
        import(/* webpackChunkName: "import" */ "../import/summary"),
      ]);
      // A workbook made from a provincial variant reads the report against that variant.
      const formats = props.info?.variant ? [props.info.variant] : undefined;
      const lines = source.read ?? linesOfReport(source.text ?? "", kindOf(source.text ?? ""), { formats });
      const result = importLines(lines, { year: year ?? undefined, formats });
      if (!result.recognised) throw new Error(t.notReport);
      if (result.year === null) throw new Error(t.noYear);
      const request = importRequest(result);
      const { plan, model } = planFor(request, null);
      await port.write(plan);
      props.onImported(infoOf(model, request.year, request.orgName ?? ""));
      setShown({ result, counts: importCounts(result), headline: importHeadline(result), name: (id) => cellName(model, id) });
      // Something left over is not a success: the panel shows it as a warning beside the list.
      return result.unplaced.length || result.missing.length || result.parents.length ? null : t.done(result.values.size, 0);
    });

  const r = shown?.result;
  return (
    <Stack tokens={{ childrenGap: 12 }}>
      <Text variant="small">{t.intro}</Text>
      <Stack tokens={{ childrenGap: 4 }}>
        <input
          ref={input}
          type="file"
          accept=".pdf,.docx,.doc,.txt,.md,.htm,.html,.shtml,application/pdf,application/vnd.openxmlformats-officedocument.wordprocessingml.document,text/plain,text/html"
          style={{ display: "none" }}
          data-testid="import-file"
          onChange={(e) => {
            void chooseFile(e.target.files?.[0]);
            e.target.value = "";
          }}
        />
        <DefaultButton text={t.file} ariaLabel={t.fileAria} disabled={busy} onClick={() => input.current?.click()} />
        {file ? (
          <Text variant="small" data-testid="import-file-name">
            {file.label}
          </Text>
        ) : null}
        {fileError ? (
          <MessageBar messageBarType={MessageBarType.error} data-testid="import-file-error">
            {fileError}
          </MessageBar>
        ) : null}
      </Stack>
      <TextField
        label={t.paste}
        multiline
        rows={6}
        value={pasted}
        placeholder={t.pastePlaceholder}
        onChange={(_e, v) => {
          setPasted(v ?? "");
          if (v) setFile(null);
          setShown(null);
        }}
        data-testid="import-paste"
      />
      <Dropdown
        label={t.year}
        selectedKey={year ?? "auto"}
        options={[{ key: "auto", text: t.yearAuto }, ...years.map((y) => ({ key: y, text: `${y} 年度` }))]}
        onChange={(_e, option) => option && setYear(option.key === "auto" ? null : Number(option.key))}
        data-testid="import-year"
      />
      {info ? (
        <MessageBar messageBarType={MessageBarType.warning} data-testid="import-replace">
          {t.replaceWarning(`${info.year ?? ""} 年度${info.orgName ? `“${info.orgName}”` : ""}`)}
        </MessageBar>
      ) : null}
      <Stack horizontal>
        <PrimaryButton
          text={info ? t.runReplace : t.run}
          ariaLabel={t.runAria}
          disabled={busy || (!file && !pasted.trim())}
          onClick={() => void doImport()}
          data-testid="import-run"
        />
      </Stack>
      {shown && r ? (
        <Stack tokens={{ childrenGap: 8 }} data-testid="import-result">
          <Text variant="medium" styles={{ root: { fontWeight: 600 } }}>
            {t.summaryTitle}
          </Text>
          <Text variant="small" data-testid="import-headline">
            {shown.headline}
          </Text>
          <Text variant="small" data-testid="import-counts">
            {t.counts(shown.counts.placed, shown.counts.blank, shown.counts.unplaced)}
          </Text>
          {r.unplaced.length || r.missing.length || r.parents.length ? (
            <MessageBar messageBarType={MessageBarType.warning} data-testid="import-warning">
              {t.done(r.values.size, r.unplaced.length + r.missing.length + r.parents.length)}
            </MessageBar>
          ) : null}
          <List
            title={t.parentsTitle(r.parents.length)}
            testId="import-parents"
            tone="warning"
            items={r.parents.map((p) => `${p.table}“${p.label}”（${p.where}）：${p.values.map((v) => v.token.text || "（空）").join(" ")}——${t.parentHelp}`)}
          />
          <List
            title={t.unplacedTitle(r.unplaced.length)}
            testId="import-unplaced"
            tone="error"
            items={r.unplaced.map((u) => `${u.where}：“${u.text}”——${u.reason}`)}
          />
          <List
            title={t.missingTitle(r.missing.length)}
            testId="import-missing"
            tone="warning"
            items={r.missing.map((m) => `${m.table}“${m.label}”——${m.reason}`)}
          />
          <List
            title={t.blanksTitle(r.blanks.length)}
            testId="import-blanks"
            tone="warning"
            items={r.blanks.map((b) => `${shown.name(b.cellId)} “${b.text || "（空）"}”（${b.where}）`)}
          />
          <List
            title={t.unitsTitle(r.units.length)}
            testId="import-units"
            tone="info"
            items={r.units.map((u) => `${shown.name(u.cellId)} “${u.text}”（${u.where}）`)}
          />
          <List title={t.notesTitle} testId="import-notes" tone="info" items={r.notes} />
        </Stack>
      ) : null}
    </Stack>
  );
}
