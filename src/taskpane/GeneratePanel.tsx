import { DefaultButton, Dropdown, MessageBar, MessageBarType, PrimaryButton, Stack, Text, TextField } from "@fluentui/react";
import { useRef, useState } from "react";
import type { FormatModel } from "../format/layout";
import { formatCovers, formatForYear, formatLabel, SUPPORTED_YEARS } from "../format/registry";
import { formatFromText } from "../format/variant";
import type { WorkbookPort } from "../host/port";
import { infoOf, type WorkbookInfo } from "../workbook/operations";
import { generate, rebuildSummary } from "../workbook/rebuild";
import { FileInput } from "./FileInput";
import { zhCN } from "./i18n/zh-CN";

const t = zhCN.generate;

export type { WorkbookInfo };

export function GeneratePanel(props: {
  port: WorkbookPort;
  info: WorkbookInfo | null;
  onGenerated: (info: WorkbookInfo) => void;
  run: (task: () => Promise<string>) => Promise<void>;
  busy: boolean;
}) {
  const { port, info, busy } = props;
  const lastYear = Math.min(new Date().getFullYear() - 1, SUPPORTED_YEARS.last);
  const [year, setYear] = useState<number>(info?.year ?? lastYear);
  const [org, setOrg] = useState<string>(info?.orgName ?? "");
  const [orgError, setOrgError] = useState<string | undefined>();
  // A provincial variant chosen from a file: a data change, no new add-in build.
  const [loaded, setLoaded] = useState<{ model: FormatModel; file: string } | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const years: number[] = [];
  for (let y = SUPPORTED_YEARS.first; y <= Math.max(lastYear + 1, info?.year ?? 0); y++) years.push(y);
  // What 生成 will write: the loaded variant, else the workbook's own variant while it fits the year, else the national format.
  const target: FormatModel = loaded?.model ?? (info?.variant && formatCovers(info.variant.version, year) ? info.variant : formatForYear(year));
  const mismatch = info && target.version.id !== info.formatId;

  const loadVariant = async (file: File) => {
    try {
      const model = formatFromText(await file.text(), file.name);
      setLoaded({ model, file: file.name });
      setLoadError(null);
      if (!formatCovers(model.version, year)) setYear(Math.max(model.version.firstYear, SUPPORTED_YEARS.first));
    } catch (e) {
      setLoaded(null);
      setLoadError((e as Error).message);
    }
  };

  const [blocked, setBlocked] = useState<{ lines: string[]; restoreFormulas: boolean } | null>(null);

  const doGenerate = (restoreFormulas: boolean, acceptMissing = false) =>
    props.run(async () => {
      if (!org.trim()) {
        setOrgError(t.orgMissing);
        throw new Error(t.orgMissing);
      }
      setOrgError(undefined);
      const result = await generate(port, { year, orgName: org, restoreFormulas, ...(loaded ? { format: loaded.model } : {}) }, { acceptMissing });
      const { report } = result;
      if (!result.plan) {
        // Nothing was written: show what is missing and what would be kept, and offer to rebuild anyway.
        setBlocked({ lines: rebuildSummary(report).slice(1), restoreFormulas });
        throw new Error(t.blocked);
      }
      setBlocked(null);
      props.onGenerated(infoOf(result.model, year, org.trim()));
      const own = report.own.reduce((n, o) => n + o.count, 0);
      const parts: string[] = [restoreFormulas ? t.restored : t.done(year, report.kept.length, report.moved.length)];
      if (report.archived) parts.push(t.orphans(report.archived));
      if (own || report.ownSheets.length) parts.push(t.own(own, report.ownSheets.length));
      if (report.formulas.length) parts.push(t.formulas(report.formulas.length));
      for (const r of report.renamed) parts.push(t.renamed(r.from, r.to));
      parts.push(...report.notices);
      return parts.join("");
    });

  return (
    <Stack tokens={{ childrenGap: 12 }}>
      {info ? (
        <Text variant="small" data-testid="workbook-format">
          {t.workbookFormat}：{info.formatName}
          {info.variant ? `（${t.variantTag}）` : ""}
        </Text>
      ) : null}
      <Dropdown
        label={t.year}
        selectedKey={year}
        options={years.map((y) => ({ key: y, text: `${y} 年度` }))}
        onChange={(_e, option) => option && setYear(Number(option.key))}
        data-testid="year"
      />
      <Stack>
        <Text variant="small" styles={{ root: { fontWeight: 600 } }}>
          {t.format}
        </Text>
        <Text variant="medium" data-testid="format-name">
          {formatLabel(target.version)}
        </Text>
      </Stack>
      <FileInput
        ref={fileInput}
        accept=".json,application/json"
        testId="variant-file"
        onFiles={([file]) => {
          if (file) void loadVariant(file);
        }}
      />
      <Stack horizontal tokens={{ childrenGap: 8 }} verticalAlign="center">
        <DefaultButton text={t.variantPick} ariaLabel={t.variantPickAria} disabled={busy} onClick={() => fileInput.current?.click()} />
        {loaded ? <DefaultButton text={t.variantClear} disabled={busy} onClick={() => setLoaded(null)} /> : null}
      </Stack>
      {loaded ? (
        <MessageBar messageBarType={MessageBarType.info} data-testid="variant-loaded">
          {t.variantLoaded(loaded.model.version.name, loaded.file)}
        </MessageBar>
      ) : null}
      {loadError ? (
        <MessageBar messageBarType={MessageBarType.error} data-testid="variant-error" isMultiline>
          <span style={{ whiteSpace: "pre-wrap" }}>{loadError}</span>
        </MessageBar>
      ) : null}
      {mismatch && info ? (
        <MessageBar messageBarType={MessageBarType.warning} data-testid="format-mismatch">
          {t.mismatch(info.formatName, formatLabel(target.version))}
        </MessageBar>
      ) : null}
      <TextField label={t.org} required value={org} placeholder={t.orgPlaceholder} errorMessage={orgError} onChange={(_e, v) => setOrg(v ?? "")} />
      <Stack horizontal tokens={{ childrenGap: 8 }}>
        <PrimaryButton text={t.run} ariaLabel={t.runAria} disabled={busy} onClick={() => void doGenerate(false)} />
        <DefaultButton text={t.restore} ariaLabel={t.restoreAria} disabled={busy || !info} onClick={() => void doGenerate(true)} />
      </Stack>
      {blocked ? (
        <MessageBar messageBarType={MessageBarType.severeWarning} data-testid="rebuild-blocked">
          <Stack tokens={{ childrenGap: 4 }}>
            {blocked.lines.map((line, i) => (
              <Text key={i} variant="small">
                {line}
              </Text>
            ))}
            <DefaultButton text={t.accept} ariaLabel={t.acceptAria} disabled={busy} onClick={() => void doGenerate(blocked.restoreFormulas, true)} />
          </Stack>
        </MessageBar>
      ) : null}
    </Stack>
  );
}
