import { MessageBar, MessageBarType, Pivot, PivotItem, Spinner, Stack, Text } from "@fluentui/react";
import { useCallback, useEffect, useState } from "react";
import type { WorkbookPort } from "../host/port";
import { inspect } from "../workbook/operations";
import { GeneratePanel, type WorkbookInfo } from "./GeneratePanel";
import { ImportPanel } from "./ImportPanel";
import { zhCN } from "./i18n/zh-CN";
import { onHostWaiting } from "./notices";
import { PANE_CSS } from "./styles";
import { NarrativePanel } from "./NarrativePanel";
import { ExportPanel } from "./ExportPanel";
import { ValidatePanel } from "./ValidatePanel";
import { UnitsPanel } from "./UnitsPanel";
import type { PaneView } from "./view";

/** The task pane: the same component over Office.js (in Excel) or the memory workbook (playground). */
export function App({ port, view }: { port: WorkbookPort | null; view: PaneView }) {
  const [tab, setTab] = useState<string>(view);
  const [info, setInfo] = useState<WorkbookInfo | null | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ type: MessageBarType; text: string } | null>(null);
  const [waiting, setWaiting] = useState<string | null>(null);
  const [generation, setGeneration] = useState(0);

  useEffect(() => onHostWaiting((m) => setWaiting(m)), []);

  useEffect(() => {
    if (!port) return;
    inspect(port)
      .then((i) => setInfo(i))
      .catch(() => setInfo(null));
  }, [port]);

  const run = useCallback(async (task: () => Promise<string | null>) => {
    setBusy(true);
    setMessage(null);
    try {
      const text = await task();
      if (text) setMessage({ type: MessageBarType.success, text });
    } catch (e) {
      setMessage({ type: MessageBarType.error, text: zhCN.error((e as Error).message) });
    } finally {
      setWaiting(null);
      setBusy(false);
    }
  }, []);

  if (!port) {
    return (
      <Stack tokens={{ childrenGap: 8, padding: 16 }}>
        <Text as="h1" variant="xLarge">
          {zhCN.title}
        </Text>
        <MessageBar messageBarType={MessageBarType.info}>{zhCN.noExcel}</MessageBar>
      </Stack>
    );
  }

  return (
    <Stack tokens={{ childrenGap: 8, padding: 12 }} className="nb-pane">
      <style>{PANE_CSS}</style>
      <Text as="h1" variant="xLarge">
        {zhCN.title} <Text variant="small">{zhCN.subtitle}</Text>
      </Text>
      {waiting ? (
        <MessageBar messageBarType={MessageBarType.warning} data-testid="host-waiting">
          {zhCN.hostWaiting}
        </MessageBar>
      ) : null}
      {message ? (
        <MessageBar messageBarType={message.type} onDismiss={() => setMessage(null)} dismissButtonAriaLabel="关闭" data-testid="status">
          {message.text}
        </MessageBar>
      ) : null}
      {busy ? <Spinner label="请稍候……" /> : null}
      <Pivot selectedKey={tab} onLinkClick={(item) => item?.props.itemKey && setTab(item.props.itemKey)}>
        <PivotItem headerText={zhCN.tabs.generate} itemKey="home">
          <div style={{ paddingTop: 12 }}>
            {info === undefined ? (
              <Spinner />
            ) : (
              <GeneratePanel
                port={port}
                info={info}
                busy={busy}
                run={run}
                onGenerated={(i) => {
                  setInfo(i);
                  setGeneration((g) => g + 1);
                }}
              />
            )}
          </div>
        </PivotItem>
        <PivotItem headerText={zhCN.tabs.import} itemKey="import">
          <div style={{ paddingTop: 12 }}>
            {info === undefined ? (
              <Spinner />
            ) : (
              <ImportPanel
                port={port}
                info={info}
                busy={busy}
                run={run}
                onImported={(i) => {
                  setInfo(i);
                  setGeneration((g) => g + 1);
                }}
              />
            )}
          </div>
        </PivotItem>
        <PivotItem headerText={zhCN.tabs.validate} itemKey="validate">
          <div style={{ paddingTop: 12 }}>
            <ValidatePanel port={port} autoRun={view === "validate"} run={run} busy={busy} generation={generation} />
          </div>
        </PivotItem>
        <PivotItem headerText={zhCN.tabs.narrative} itemKey="narrative">
          <div style={{ paddingTop: 12 }}>
            <NarrativePanel port={port} run={run} busy={busy} active={tab === "narrative"} />
          </div>
        </PivotItem>
        <PivotItem headerText={zhCN.tabs.units} itemKey="units">
          <div style={{ paddingTop: 12 }}>
            {info === undefined ? (
              <Spinner />
            ) : (
              <UnitsPanel
                port={port}
                info={info}
                busy={busy}
                run={run}
                generation={generation}
                onChanged={() => {
                  setGeneration((g) => g + 1);
                  inspect(port)
                    .then((i) => setInfo(i))
                    .catch(() => undefined);
                }}
              />
            )}
          </div>
        </PivotItem>
        <PivotItem headerText={zhCN.tabs.export} itemKey="export">
          <div style={{ paddingTop: 12 }}>
            <ExportPanel port={port} run={run} busy={busy} />
          </div>
        </PivotItem>
      </Pivot>
    </Stack>
  );
}
