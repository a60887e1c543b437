import { DefaultButton, MessageBar, MessageBarType, PrimaryButton, Stack, Text, TextField } from "@fluentui/react";
import { useEffect, useRef, useState } from "react";
import { canReadWorkbookFile, readWorkbookFile } from "../host/officeFile";
import type { WorkbookPort } from "../host/port";
import { copyToClipboard } from "./files";
import { useHost } from "./host";
import { zhCN } from "./i18n/zh-CN";
import { runSelfTest, selfTestReport, type SelfTestStep } from "./selftest";

const t = zhCN.about;
/** Set by webpack from package.json (DefinePlugin); "dev" in tests. */
declare const __NIANBAO_VERSION__: string | undefined;
const VERSION = typeof __NIANBAO_VERSION__ === "string" ? __NIANBAO_VERSION__ : "dev";

/** 关于: version, what this Excel can do, and the self-test (also at taskpane.html?selftest=1). */
export function AboutPanel(props: { port: WorkbookPort; autoRun: boolean; run: (task: () => Promise<string | null>) => Promise<void>; busy: boolean }) {
  const { port } = props;
  const host = useHost();
  const [steps, setSteps] = useState<SelfTestStep[] | null>(null);
  const [manual, setManual] = useState<string | null>(null);
  const started = useRef(false);

  const selfTest = () =>
    props.run(async () => {
      setSteps([]);
      const result = await runSelfTest(
        port,
        {
          host,
          readFile: canReadWorkbookFile() ? () => readWorkbookFile() : undefined,
          makeDocx: async (doc) => (await import(/* webpackChunkName: "docx-export" */ "../export/docx")).reportDocx(doc),
        },
        setSteps,
      );
      const failed = result.filter((s) => s.status === "fail").length;
      if (failed) throw new Error(t.someFailed(failed));
      return t.allPassed(result.length);
    });

  useEffect(() => {
    if (props.autoRun && !started.current) {
      started.current = true;
      void selfTest();
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [props.autoRun]);

  const copy = () =>
    props.run(async () => {
      const text = selfTestReport(steps ?? [], host, VERSION, navigator.userAgent);
      if (await copyToClipboard(null, text)) return t.copied;
      // No clipboard (and Office webviews have no window.prompt): the text to copy by hand.
      setManual(text);
      return null;
    });

  const label = { pass: t.pass, fail: t.fail, skipped: t.skipped } as const;
  return (
    <Stack tokens={{ childrenGap: 10 }}>
      <Text variant="mediumPlus">{t.version(VERSION)}</Text>
      <Text variant="small" data-testid="about-host">
        {t.host(host.excelApi, host.platform)}
      </Text>
      <Text variant="mediumPlus">{t.selftest}</Text>
      <Text variant="small">{t.selftestHelp}</Text>
      <Stack horizontal tokens={{ childrenGap: 8 }}>
        <PrimaryButton text={t.selftestRun} ariaLabel={t.selftestAria} disabled={props.busy} onClick={() => void selfTest()} data-testid="selftest-run" />
        {steps?.length ? <DefaultButton text={t.copy} disabled={props.busy} onClick={() => void copy()} /> : null}
      </Stack>
      {steps?.length ? (
        <table className="nb-selftest" data-testid="selftest">
          <thead>
            <tr>
              <th>{t.step}</th>
              <th>{t.result}</th>
              <th>{t.detail}</th>
            </tr>
          </thead>
          <tbody>
            {steps.map((s, i) => (
              <tr key={i} data-status={s.status} data-testid="selftest-step">
                <td>{s.name}</td>
                <td className={`nb-${s.status}`}>{label[s.status]}</td>
                <td>{s.detail}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {manual ? <TextField label={zhCN.export.copyManually} multiline rows={8} readOnly value={manual} data-testid="selftest-text" /> : null}
      {steps?.some((s) => s.status === "fail") ? (
        <MessageBar messageBarType={MessageBarType.error}>{t.someFailed(steps.filter((s) => s.status === "fail").length)}</MessageBar>
      ) : null}
    </Stack>
  );
}
