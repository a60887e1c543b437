import { DefaultButton, MessageBar, MessageBarType, PrimaryButton, Stack, Text, TextField } from "@fluentui/react";
import { useState } from "react";
import { exportGate, gateSummary, type ExportGate } from "../export/gate";
import { reportHtml, tableHtml } from "../export/html";
import { reportDocument } from "../export/report";
import { exportTables } from "../export/tables";
import { canReadWorkbookFile, readWorkbookFile } from "../host/officeFile";
import type { WorkbookPort } from "../host/port";
import type { Finding } from "../rules/evaluate";
import { validate } from "../workbook/operations";
import type { Snapshot } from "../workbook/snapshot";
import { copyToClipboard, saveFile } from "./files";
import { FindingJump, useJumpToFinding } from "./findings";
import { useHost } from "./host";
import { zhCN } from "./i18n/zh-CN";

const t = zhCN.export;

const MIME = {
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  html: "text/html;charset=utf-8",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
};

/** A file name from the report title: characters Windows refuses become "_". */
// eslint-disable-next-line no-control-regex -- Windows refuses control characters in file names
const fileName = (title: string, ext: string) => `${title.replace(/[\\/:*?"<>|\u0000-\u001f]/g, "_").slice(0, 120) || "年报"}.${ext}`;

interface Checked {
  snapshot: Snapshot;
  gate: ExportGate;
}

function BlockerItem({ finding: f, onJump }: { finding: Finding; onJump: (f: Finding) => void }) {
  return (
    <li className={`nb-finding nb-${f.severity}`} data-testid="export-blocker" data-rule={f.rule} data-key={f.key}>
      <FindingJump finding={f} onJump={onJump}>
        <span className="nb-rule">{f.rule}</span>{" "}
        <span className="nb-severity">{f.severity === "warning" ? `${f.severityLabel}（${f.reconfirm ? "说明需重新确认" : "未说明"}）` : f.severityLabel}</span>
        <div className="nb-message">{f.message}</div>
      </FindingJump>
    </li>
  );
}

/** 导出: check the gate, list what blocks, then download the report as .docx / .html, the 填报说明 and the workbook. */
export function ExportPanel(props: { port: WorkbookPort; run: (task: () => Promise<string | null>) => Promise<void>; busy: boolean }) {
  const { port } = props;
  const [checked, setChecked] = useState<Checked | null>(null);
  const [fallback, setFallback] = useState<{ table: string; html: string } | null>(null);
  const host = useHost();
  // The browser edition makes the file itself; in Excel it is Excel's own file.
  const fileOf = port.file ? () => port.file!() : canReadWorkbookFile() ? () => readWorkbookFile() : null;
  /** Saved where the host can save files; elsewhere the panel offers copying instead (never a success that did not happen). */
  const download = (name: string, data: Uint8Array | string, type: string) => {
    if (!saveFile(host, name, data, type)) throw new Error(t.noDownload);
    return t.downloaded(name);
  };

  /** Read and validate afresh: what is exported is what the workbook holds now. */
  const check = async (): Promise<Checked> => {
    const { snapshot, report } = await validate(port);
    const next = { snapshot, gate: exportGate(report, snapshot) };
    setChecked(next);
    return next;
  };

  /** Check, then export only if nothing blocks. */
  const exporting = (make: (c: Checked) => Promise<string | null>) =>
    props.run(async () => {
      const c = await check();
      if (!c.gate.ok) return null;
      return make(c);
    });

  const onJump = useJumpToFinding(port, props.run);

  const saveDocx = () =>
    exporting(async ({ snapshot }) => {
      const doc = reportDocument(snapshot);
      // docx is large: loaded only when a document is actually made.
      const { reportDocx } = await import(/* webpackChunkName: "docx-export" */ "../export/docx");
      return download(fileName(doc.title, "docx"), await reportDocx(doc), MIME.docx);
    });

  const saveHtml = () =>
    exporting(async ({ snapshot }) => {
      const doc = reportDocument(snapshot);
      return download(fileName(doc.title, "html"), reportHtml(doc), MIME.html);
    });

  const saveNotes = () =>
    exporting(async ({ snapshot, gate }) => {
      const { notesDocx, notesTitle } = await import(/* webpackChunkName: "docx-export" */ "../export/notes");
      return download(fileName(notesTitle(snapshot), "docx"), await notesDocx(snapshot, gate.accepted), MIME.docx);
    });

  const saveXlsx = () =>
    exporting(async ({ snapshot }) => {
      return download(fileName(reportDocument(snapshot).title, "xlsx"), await fileOf!(), MIME.xlsx);
    });

  const copyTable = (key: string) =>
    exporting(async ({ snapshot }) => {
      const table = exportTables(snapshot).find((x) => x.key === key)!;
      const html = tableHtml(table);
      if (await copyToClipboard(html, html)) {
        setFallback(null);
        return t.copied(table.name);
      }
      setFallback({ table: table.name, html });
      return null;
    });

  /** Where files cannot be saved: the whole report as rich text for Word, its HTML source, the 填报说明 as text. */
  const copyReport = () =>
    exporting(async ({ snapshot }) => {
      const doc = reportDocument(snapshot);
      const html = reportHtml(doc);
      const text = [doc.title, ...doc.parts.flatMap((p) => [p.title, ...p.paragraphs])].join("\n");
      if (await copyToClipboard(html, text)) return t.reportCopied;
      setFallback({ table: doc.title, html });
      return null;
    });
  const showHtml = () =>
    exporting(async ({ snapshot }) => {
      const doc = reportDocument(snapshot);
      setFallback({ table: doc.title, html: reportHtml(doc) });
      return null;
    });
  const copyNotes = () =>
    exporting(async ({ gate }) => {
      const text = gate.accepted.map((f) => `${f.rule} ${f.message}\n说明：${f.explanation ?? ""}`).join("\n\n");
      if (await copyToClipboard(null, text)) return t.notesCopied;
      setFallback({ table: t.notes, html: text });
      return null;
    });

  const gate = checked?.gate;
  const tables = checked ? checked.snapshot.model.tables : [];
  return (
    <Stack tokens={{ childrenGap: 12 }}>
      <PrimaryButton text={t.check} ariaLabel={t.checkAria} disabled={props.busy} onClick={() => void props.run(async () => (await check(), null))} />
      {!gate ? <Text>{t.notYet}</Text> : null}
      {gate && !gate.ok ? (
        <>
          <MessageBar messageBarType={MessageBarType.error} data-testid="export-blocked">
            {gateSummary(gate)}
          </MessageBar>
          <Text variant="mediumPlus">{t.blockersTitle}</Text>
          <ul className="nb-findings">
            {gate.blockers.map((f) => (
              <BlockerItem key={f.key} finding={f} onJump={(x) => void onJump(x)} />
            ))}
          </ul>
        </>
      ) : null}
      {gate?.ok ? (
        <>
          <MessageBar messageBarType={MessageBarType.success} data-testid="export-ready">
            {t.ready(gate.accepted.length)}
          </MessageBar>
          {host.download ? (
            <>
              <PrimaryButton text={t.docx} disabled={props.busy} onClick={() => void saveDocx()} />
              <DefaultButton text={t.html} disabled={props.busy} onClick={() => void saveHtml()} />
              {gate.accepted.length ? <DefaultButton text={t.notes} disabled={props.busy} onClick={() => void saveNotes()} /> : null}
              {fileOf ? <DefaultButton text={t.xlsx} disabled={props.busy} onClick={() => void saveXlsx()} /> : <Text variant="small">{t.noXlsx}</Text>}
            </>
          ) : (
            <>
              <MessageBar messageBarType={MessageBarType.warning} data-testid="no-download">
                {t.noDownload}
              </MessageBar>
              <PrimaryButton text={t.copyReport} ariaLabel={t.copyReportAria} disabled={props.busy} onClick={() => void copyReport()} />
              <DefaultButton text={t.showHtml} disabled={props.busy} onClick={() => void showHtml()} />
              {gate.accepted.length ? <DefaultButton text={t.copyNotes} disabled={props.busy} onClick={() => void copyNotes()} /> : null}
              <Text variant="small">{t.xlsxSaveAs}</Text>
            </>
          )}
          <Text variant="mediumPlus">{t.copyTitle}</Text>
          <Stack horizontal wrap tokens={{ childrenGap: 8 }}>
            {tables.map((table) => (
              <DefaultButton
                key={table.key}
                text={t.copy(table.name)}
                ariaLabel={t.copyAria(table.name)}
                disabled={props.busy}
                onClick={() => void copyTable(table.key)}
              />
            ))}
          </Stack>
          {fallback ? (
            <Stack tokens={{ childrenGap: 4 }}>
              <MessageBar messageBarType={MessageBarType.warning}>{host.download ? t.copyFailed : t.copyManually}</MessageBar>
              <TextField label={fallback.table} multiline rows={6} readOnly value={fallback.html} data-testid="copy-fallback" />
            </Stack>
          ) : null}
        </>
      ) : null}
    </Stack>
  );
}
