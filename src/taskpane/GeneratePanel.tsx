import { DefaultButton, Dropdown, MessageBar, MessageBarType, PrimaryButton, Stack, Text, TextField } from "@fluentui/react";
import { useState } from "react";
import { expectedFormatId, formatForYear, SUPPORTED_YEARS } from "../format/registry";
import type { WorkbookPort } from "../host/port";
import { generate, rebuildSummary } from "../workbook/rebuild";
import { zhCN } from "./i18n/zh-CN";

const t = zhCN.generate;

export interface WorkbookInfo {
  formatId: string;
  formatName: string;
  year: number | null;
  orgName: string;
}

const formatLabel = (year: number) => {
  const v = formatForYear(year).version;
  return `${v.name}（${v.document}）`;
};

export function GeneratePanel(props: { port: WorkbookPort; info: WorkbookInfo | null; onGenerated: (info: WorkbookInfo) => void; run: (task: () => Promise<string>) => Promise<void>; busy: boolean }) {
  const { port, info, busy } = props;
  const lastYear = Math.min(new Date().getFullYear() - 1, SUPPORTED_YEARS.last);
  const [year, setYear] = useState<number>(info?.year ?? lastYear);
  const [org, setOrg] = useState<string>(info?.orgName ?? "");
  const [orgError, setOrgError] = useState<string | undefined>();
  const years: number[] = [];
  for (let y = SUPPORTED_YEARS.first; y <= Math.max(lastYear + 1, info?.year ?? 0); y++) years.push(y);
  const mismatch = info && expectedFormatId(year) !== info.formatId;

  const [blocked, setBlocked] = useState<{ lines: string[]; restoreFormulas: boolean } | null>(null);

  const doGenerate = (restoreFormulas: boolean, acceptMissing = false) =>
    props.run(async () => {
      if (!org.trim()) {
        setOrgError(t.orgMissing);
        throw new Error(t.orgMissing);
      }
      setOrgError(undefined);
      const result = await generate(port, { year, orgName: org, restoreFormulas }, { acceptMissing });
      const { report } = result;
      if (!result.plan) {
        // Nothing was written: show what is missing and what would be kept, and offer to rebuild anyway.
        setBlocked({ lines: rebuildSummary(report).slice(1), restoreFormulas });
        throw new Error(t.blocked);
      }
      setBlocked(null);
      const v = result.model.version;
      props.onGenerated({ formatId: v.id, formatName: `${v.name}（${v.document}）`, year, orgName: org.trim() });
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
          {formatLabel(year)}
        </Text>
      </Stack>
      {mismatch && info ? (
        <MessageBar messageBarType={MessageBarType.warning} data-testid="format-mismatch">
          {t.mismatch(info.formatName, formatLabel(year))}
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
