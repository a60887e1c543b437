import { MessageBar, MessageBarType, Pivot, PivotItem, Spinner, Stack, Text } from "@fluentui/react";
import { useCallback, useEffect, useState } from "react";
import type { Feature, HostCapabilities } from "../host/capabilities";
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
import { LedgerPanel } from "./LedgerPanel";
import type { PaneView } from "./view";
import { AboutPanel } from "./AboutPanel";
import { FULL_HOST, HostContext } from "./host";

/** The task pane: the same component over Office.js (in Excel) or the memory workbook (playground). */
/** Host limits the pane states up front, so nothing claims to work where it cannot. */
function HostNotices({ host }: { host: HostCapabilities }) {
  const off = (Object.keys(host.features) as Feature[]).filter((f) => !host.features[f]);
  if (!off.length && host.download) return null;
  return (
    <MessageBar messageBarType={MessageBarType.info} isMultiline data-testid="host-notices">
      {off.length && host.excelApi ? <div>{zhCN.host.degradedTitle(host.excelApi)}</div> : null}
      <ul style={{ margin: "2px 0", paddingLeft: 18 }}>
        {off.map((f) => (
          <li key={f} data-feature={f}>
            {zhCN.host.degraded[f]}
          </li>
        ))}
        {host.download ? null : <li data-feature="download">{zhCN.host.noDownload}</li>}
      </ul>
    </MessageBar>
  );
}

/** Below the minimum ExcelApi: which Office versions work, and what to use meanwhile. */
function Unsupported({ host }: { host: HostCapabilities }) {
  return (
    <Stack tokens={{ childrenGap: 8, padding: 16 }} data-testid="unsupported">
      <Text as="h1" variant="xLarge">
        {zhCN.title}
      </Text>
      <MessageBar messageBarType={MessageBarType.warning} isMultiline>
        <strong>{zhCN.host.unsupportedTitle}</strong>
        <div>{zhCN.host.unsupported(host.excelApi)}</div>
      </MessageBar>
      <Text>您可以：</Text>
      <ol style={{ margin: 0, paddingLeft: 20 }}>
        {zhCN.host.instead.map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ol>
    </Stack>
  );
}

export function App({ port, view, host = FULL_HOST }: { port: WorkbookPort | null; view: PaneView; host?: HostCapabilities }) {
  return (
    <HostContext.Provider value={host}>{host.supported ? <Pane port={port} view={view} host={host} /> : <Unsupported host={host} />}</HostContext.Provider>
  );
}

function Pane({ port, view, host }: { port: WorkbookPort | null; view: PaneView; host: HostCapabilities }) {
  const [tab, setTab] = useState<string>(view);
  const [info, setInfo] = useState<WorkbookInfo | null | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ type: MessageBarType; text: string } | null>(null);
  const [waiting, setWaiting] = useState<string | null>(null);
  const [generation, setGeneration] = useState(0);

  useEffect(() => onHostWaiting((m) => setWaiting(m)), []);

  useEffect(() => {
    if (!port) return;
    // A highlight a closed or reloaded pane left in the workbook goes first.
    port
      .clearHighlight()
      .catch(() => undefined)
      .then(() => inspect(port))
      .then((i) => setInfo(i))
      .catch((e: unknown) => {
        setInfo(null);
        setMessage({ type: MessageBarType.error, text: zhCN.error(e instanceof Error ? e.message : String(e)) });
      });
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
      <HostNotices host={host} />
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
        <PivotItem headerText={zhCN.tabs.ledger} itemKey="ledger">
          <div style={{ paddingTop: 12 }}>
            {info === undefined ? (
              <Spinner />
            ) : (
              <LedgerPanel
                port={port}
                info={info}
                busy={busy}
                run={run}
                onWritten={() => {
                  setGeneration((g) => g + 1);
                  inspect(port)
                    .then((i) => setInfo(i))
                    .catch(() => undefined);
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
        <PivotItem headerText={zhCN.tabs.about} itemKey="about">
          <div style={{ paddingTop: 12 }}>
            <AboutPanel port={port} autoRun={view === "about"} run={run} busy={busy} />
          </div>
        </PivotItem>
      </Pivot>
    </Stack>
  );
}
