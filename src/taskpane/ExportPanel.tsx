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
import { FindingJump, useJumpToFinding } from "./findings";
import { zhCN } from "./i18n/zh-CN";

const t = zhCN.export;

const MIME = {
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  html: "text/html;charset=utf-8",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
};

/** A file name from the report title: characters Windows refuses become "_". */
const fileName = (title: string, ext: string) => `${title.replace(/[\\/:*?"<>|\u0000-\u001f]/g, "_").slice(0, 120) || "年报"}.${ext}`;

function download(name: string, data: Uint8Array | string, type: string) {
  const blob = new Blob([data as BlobPart], { type });
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  a.style.display = "none";
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

async function copyHtml(html: string): Promise<boolean> {
  try {
    if (typeof ClipboardItem !== "undefined" && navigator.clipboard?.write) {
      await navigator.clipboard.write([new ClipboardItem({ "text/html": new Blob([html], { type: "text/html" }), "text/plain": new Blob([html], { type: "text/plain" }) })]);
      return true;
    }
    if (navigator.clipboard?.writeText) {
      await navigator.clipboard.writeText(html);
      return true;
    }
  } catch {
    // Denied (e.g. an Office webview without clipboard permission): the text box below is the fallback.
  }
  return false;
}

interface Checked {
  snapshot: Snapshot;
  gate: ExportGate;
}

function BlockerItem({ finding: f, onJump }: { finding: Finding; onJump: (f: Finding) => void }) {
  return (
    <li className={`nb-finding nb-${f.severity}`} data-testid="export-blocker" data-rule={f.rule} data-key={f.key}>
      <FindingJump finding={f} onJump={onJump}>
        <span className="nb-rule">{f.rule}</span> <span className="nb-severity">{f.severity === "warning" ? `${f.severityLabel}（未说明）` : f.severityLabel}</span>
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
  const inExcel = canReadWorkbookFile();


  /** Read and validate afresh: what is exported is what the workbook holds now. */
  const check = async (): Promise<Checked> => {
    const { snapshot, report } = await validate(port);
    const next = { snapshot, gate: exportGate(report) };
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
      const name = fileName(doc.title, "docx");
      download(name, await reportDocx(doc), MIME.docx);
      return t.downloaded(name);
    });

  const saveHtml = () =>
    exporting(async ({ snapshot }) => {
      const doc = reportDocument(snapshot);
      const name = fileName(doc.title, "html");
      download(name, reportHtml(doc), MIME.html);
      return t.downloaded(name);
    });

  const saveNotes = () =>
    exporting(async ({ snapshot, gate }) => {
      const { notesDocx, notesTitle } = await import(/* webpackChunkName: "docx-export" */ "../export/notes");
      const name = fileName(notesTitle(snapshot), "docx");
      download(name, await notesDocx(snapshot, gate.accepted), MIME.docx);
      return t.downloaded(name);
    });

  const saveXlsx = () =>
    exporting(async ({ snapshot }) => {
      const name = fileName(reportDocument(snapshot).title, "xlsx");
      download(name, await readWorkbookFile(), MIME.xlsx);
      return t.downloaded(name);
    });

  const copyTable = (key: string) =>
    exporting(async ({ snapshot }) => {
      const table = exportTables(snapshot).find((x) => x.key === key)!;
      const html = tableHtml(table);
      if (await copyHtml(html)) {
        setFallback(null);
        return t.copied(table.name);
      }
      setFallback({ table: table.name, html });
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
          <PrimaryButton text={t.docx} disabled={props.busy} onClick={() => void saveDocx()} />
          <DefaultButton text={t.html} disabled={props.busy} onClick={() => void saveHtml()} />
          {gate.accepted.length ? <DefaultButton text={t.notes} disabled={props.busy} onClick={() => void saveNotes()} /> : null}
          {inExcel ? <DefaultButton text={t.xlsx} disabled={props.busy} onClick={() => void saveXlsx()} /> : <Text variant="small">{t.noXlsx}</Text>}
          <Text variant="mediumPlus">{t.copyTitle}</Text>
          <Stack horizontal wrap tokens={{ childrenGap: 8 }}>
            {tables.map((table) => (
              <DefaultButton key={table.key} text={t.copy(table.name)} ariaLabel={t.copyAria(table.name)} disabled={props.busy} onClick={() => void copyTable(table.key)} />
            ))}
          </Stack>
          {fallback ? (
            <Stack tokens={{ childrenGap: 4 }}>
              <MessageBar messageBarType={MessageBarType.warning}>{t.copyFailed}</MessageBar>
              <TextField label={fallback.table} multiline rows={6} readOnly value={fallback.html} data-testid="copy-fallback" />
            </Stack>
          ) : null}
        </>
      ) : null}
    </Stack>
  );
}
