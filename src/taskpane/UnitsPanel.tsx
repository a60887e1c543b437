import { Checkbox, DefaultButton, MessageBar, MessageBarType, PrimaryButton, Separator, Stack, Text } from "@fluentui/react";
import { useEffect, useRef, useState } from "react";
import type { WorkbookData, WorkbookPort } from "../host/port";
import { aggregateUnits, DuplicateUnitError, STATUS_LABEL, type AggregateResult, type UnitInput } from "../aggregate/aggregate";
import { boardHtml, totalOverWorkbook } from "../aggregate/board";
import { carryIntoWorkbook, carryStatus, confirmCarried } from "../carry/carry";
import { lastYearFromFile } from "../carry/lastYearFile";
import { readWorkbookData } from "../workbook/operations";
import { rebuildSummary } from "../workbook/rebuild";
import type { WorkbookInfo } from "./GeneratePanel";
import { copyToClipboard, saveFile } from "./files";
import { useHost } from "./host";
import { FileInput } from "./FileInput";
import { zhCN } from "./i18n/zh-CN";

const t = zhCN.units;

/** The one bounded reader (the CLI's too), fetched the first time a file is read, not with the pane. */
async function readWorkbookFile(file: File): Promise<WorkbookData> {
  const [{ readStatutoryWorkbook }, { LimitError, LIMITS }] = await Promise.all([
    import(/* webpackChunkName: "reader" */ "../host/statutoryRead"),
    import(/* webpackChunkName: "reader" */ "../host/limits"),
  ]);
  if (file.size > LIMITS.fileBytes) throw new LimitError(file.name, "fileBytes");
  return readStatutoryWorkbook(new Uint8Array(await file.arrayBuffer()), file.name);
}

/** A unit file chosen twice, or two files with the same bytes, is read once (SHA-256 of its content). */
function dedupedInputs(files: File[]): UnitInput[] {
  const seen = new Map<string, string>();
  return files.map((file) => ({
    name: file.name,
    read: async () => {
      const digest = Array.from(new Uint8Array(await crypto.subtle.digest("SHA-256", await file.arrayBuffer())), (b) => b.toString(16).padStart(2, "0")).join(
        "",
      );
      const first = seen.get(digest);
      if (first !== undefined) throw new DuplicateUnitError(first, false);
      seen.set(digest, file.name);
      return readWorkbookFile(file);
    },
  }));
}

function Notes({ items, testId }: { items: string[]; testId: string }) {
  if (items.length === 0) return null;
  return (
    <ul className="nb-findings" data-testid={testId}>
      {items.map((item, i) => (
        <li key={i} className="nb-finding nb-warning">
          <Text variant="small" block className="nb-message">
            {item}
          </Text>
        </li>
      ))}
    </ul>
  );
}

function Board({ result }: { result: AggregateResult }) {
  return (
    <Stack tokens={{ childrenGap: 6 }} data-testid="units-board">
      <Text variant="medium" styles={{ root: { fontWeight: 600 } }}>
        {t.board}
      </Text>
      <Notes items={result.notes} testId="units-notes" />
      <ul className="nb-findings">
        {result.units.map((u, i) => (
          <li key={i} className={u.status === "included" ? "nb-unit" : `nb-finding ${u.status === "includedFailing" ? "nb-warning" : ""}`}>
            <Text variant="small" block>
              <span className="nb-rule">{u.orgName || u.file}</span> {u.year ?? ""} · {STATUS_LABEL[u.status]}
            </Text>
            {u.failures.length || u.reason ? (
              <Text variant="small" block className="nb-message">
                {[u.reason, ...u.failures.map((f) => `${f.rule} ${f.severityLabel} ${f.count} 处`)].filter(Boolean).join("；")}
              </Text>
            ) : null}
          </li>
        ))}
      </ul>
    </Stack>
  );
}

/** 结转/汇总: carry last year into this workbook, and sum the units' workbooks into it. */
export function UnitsPanel(props: {
  port: WorkbookPort;
  info: WorkbookInfo | null;
  busy: boolean;
  generation: number;
  run: (task: () => Promise<string | null>) => Promise<void>;
  onChanged: () => void;
}) {
  const { port, info, busy, run } = props;
  const host = useHost();
  const [status, setStatus] = useState<Awaited<ReturnType<typeof carryStatus>>>(null);
  const [carryNotes, setCarryNotes] = useState<string[]>([]);
  const [files, setFiles] = useState<File[]>([]);
  const [includeFailing, setIncludeFailing] = useState(false);
  const [progress, setProgress] = useState<string | null>(null);
  const [result, setResult] = useState<AggregateResult | null>(null);
  const lastYearInput = useRef<HTMLInputElement>(null);
  const unitsInput = useRef<HTMLInputElement>(null);

  useEffect(() => {
    carryStatus(port)
      .then(setStatus)
      .catch(() => setStatus(null));
  }, [port, props.generation]);

  const refresh = async () => {
    setStatus(await carryStatus(port));
    props.onChanged();
  };

  const carry = (file: File) =>
    run(async () => {
      if (!info?.year) throw new Error(t.needReport);
      const last = await lastYearFromFile(new Uint8Array(await file.arrayBuffer()), file.name, info.year, info.variant);
      const done = await carryIntoWorkbook(port, last);
      setCarryNotes(done.notes);
      await refresh();
      return t.carried(last.year ? ` ${last.year} 年度报告` : "上年报告", done.filled, host.features.comments);
    });

  const confirm = () =>
    run(async () => {
      const n = await confirmCarried(port);
      await refresh();
      return t.confirmed(n);
    });

  const aggregate = () =>
    run(async () => {
      if (files.length === 0) throw new Error(t.noFiles);
      const inputs = dedupedInputs(files);
      try {
        const total = await aggregateUnits(inputs, { includeFailing, year: info?.year ?? undefined }, (_row, done) =>
          setProgress(t.progress(done, files.length)),
        );
        // Into the open workbook like 生成/更新报表: the sums go where their labels are, the user's own rows stay.
        const existing = await readWorkbookData(port);
        const rebuilt = totalOverWorkbook(total, info?.orgName || "下级单位汇总", existing);
        if (!rebuilt.plan) throw new Error(rebuildSummary(rebuilt.report).join("\n"));
        await port.write(rebuilt.plan);
        setResult(total);
        await refresh();
        return t.done(total.included, total.units.length);
      } finally {
        setProgress(null);
      }
    });

  const download = () =>
    run(async () => {
      if (!result) return null;
      const html = boardHtml(result);
      const name = `${t.board}.html`;
      if (saveFile(host, name, html, "text/html;charset=utf-8")) return zhCN.export.downloaded(name);
      // A host that cannot save files (Excel for Mac): the board goes to the clipboard instead.
      if (await copyToClipboard(html, html)) return t.boardCopied;
      throw new Error(zhCN.export.noDownload);
    });

  return (
    <Stack tokens={{ childrenGap: 12 }}>
      <Text variant="large">{t.carryTitle}</Text>
      <Text variant="small">{t.carryHelp}</Text>
      {!info ? <MessageBar messageBarType={MessageBarType.info}>{t.needReport}</MessageBar> : null}
      <FileInput
        ref={lastYearInput}
        accept=".xlsx,.pdf,.docx,.doc,.txt,.md,.html,.htm"
        testId="last-year-file"
        onFiles={([file]) => {
          if (file) void carry(file);
        }}
      />
      <Stack horizontal tokens={{ childrenGap: 8 }}>
        <PrimaryButton text={t.carryPick} ariaLabel={t.carryAria} disabled={busy || !info} onClick={() => lastYearInput.current?.click()} />
        <DefaultButton
          text={t.confirm}
          ariaLabel={t.confirmAria}
          disabled={busy || !status?.pending}
          onClick={() => void confirm()}
          data-testid="confirm-carried"
        />
      </Stack>
      {status?.pending ? (
        <MessageBar messageBarType={MessageBarType.warning} data-testid="carried-pending">
          {t.pending(status.pending)}
        </MessageBar>
      ) : null}
      {status?.loaded ? <Text variant="small">{t.loaded(status.lastYear)}</Text> : null}
      <Notes items={carryNotes} testId="carry-notes" />

      <Separator />
      <Text variant="large">{t.aggregateTitle}</Text>
      <Text variant="small">{t.aggregateHelp}</Text>
      <FileInput
        ref={unitsInput}
        accept=".xlsx"
        multiple
        testId="unit-files"
        onFiles={(chosen) => {
          setFiles(chosen);
          setResult(null);
        }}
      />
      <Stack horizontal tokens={{ childrenGap: 8 }} verticalAlign="center">
        <DefaultButton text={t.aggregatePick} ariaLabel={t.aggregatePickAria} disabled={busy} onClick={() => unitsInput.current?.click()} />
        {files.length ? <Text variant="small">{t.selected(files.length)}</Text> : null}
      </Stack>
      <Checkbox label={t.includeFailing} checked={includeFailing} onChange={(_e, v) => setIncludeFailing(Boolean(v))} />
      <Stack horizontal tokens={{ childrenGap: 8 }}>
        <PrimaryButton text={t.run} ariaLabel={t.runAria} disabled={busy || files.length === 0} onClick={() => void aggregate()} data-testid="aggregate-run" />
        {result ? <DefaultButton text={t.download} ariaLabel={t.downloadAria} onClick={() => void download()} /> : null}
      </Stack>
      {progress ? <Text variant="small">{progress}</Text> : null}
      {result ? <Board result={result} /> : null}
    </Stack>
  );
}
