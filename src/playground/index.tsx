import "../taskpane/fabric-config"; // first: keeps Fluent UI from fetching fonts from a CDN
import "../taskpane/icons";
import { DefaultButton, Stack, Text } from "@fluentui/react";
import { createRoot } from "react-dom/client";
import { MemoryWorkbook, type MemoryDump } from "../host/memory";
import { App } from "../taskpane/App";
import { zhCN } from "../taskpane/i18n/zh-CN";
import { viewFromSearch } from "../taskpane/view";
import { Grid } from "./Grid";

/** The task pane over the memory workbook, beside a grid that stands in for Excel. Saved in localStorage. */
const STORAGE_KEY = "nianbao.playground.v1";

function load(mem: MemoryWorkbook) {
  const saved = window.localStorage.getItem(STORAGE_KEY);
  if (!saved) return;
  try {
    mem.restore(JSON.parse(saved) as MemoryDump);
  } catch {
    window.localStorage.removeItem(STORAGE_KEY);
  }
}

const mem = new MemoryWorkbook();
load(mem);
let pending: ReturnType<typeof setTimeout> | null = null;
mem.onChange(() => {
  if (pending) clearTimeout(pending);
  pending = setTimeout(() => window.localStorage.setItem(STORAGE_KEY, JSON.stringify(mem.dump())), 150);
});

function Playground() {
  return (
    <Stack tokens={{ childrenGap: 8, padding: 12 }}>
      <Stack horizontal horizontalAlign="space-between" verticalAlign="center">
        <Stack>
          <Text as="h1" variant="xLarge">
            {zhCN.playground.title}
          </Text>
          <Text variant="small">{zhCN.playground.note}</Text>
        </Stack>
        <DefaultButton
          text={zhCN.playground.reset}
          onClick={() => {
            // Destructive: everything typed goes, so it asks first.
            if (!window.confirm(zhCN.playground.resetConfirm)) return;
            window.localStorage.removeItem(STORAGE_KEY);
            window.location.reload();
          }}
        />
      </Stack>
      <Stack horizontal tokens={{ childrenGap: 12 }} styles={{ root: { alignItems: "flex-start" } }}>
        <div style={{ flex: 1, overflow: "auto", border: "1px solid #c8c6c4", padding: 8, minHeight: 400 }} data-testid="grid">
          <Grid mem={mem} />
        </div>
        <div style={{ width: 360, flexShrink: 0, border: "1px solid #c8c6c4" }} data-testid="pane">
          <App port={mem} view={viewFromSearch(window.location.search)} />
        </div>
      </Stack>
    </Stack>
  );
}

const container = document.getElementById("container");
if (!container) throw new Error("playground.html has no #container element");
createRoot(container).render(<Playground />);
