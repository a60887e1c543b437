import "../taskpane/fabric-config"; // first: keeps Fluent UI from fetching fonts from a CDN
import { Stack, Text } from "@fluentui/react";
import { createRoot } from "react-dom/client";
import { App } from "../taskpane/App";
import { zhCN } from "../taskpane/i18n/zh-CN";
import { viewFromSearch } from "../taskpane/view";

/** Placeholder playground: the task pane in a pane-sized frame, without Excel. */
function Playground() {
  return (
    <Stack tokens={{ childrenGap: 12, padding: 24 }}>
      <Text as="h1" variant="xLarge">
        {zhCN.playground.title}
      </Text>
      <Text variant="medium">{zhCN.playground.note}</Text>
      <div style={{ width: 350, border: "1px solid #c8c6c4" }}>
        <App view={viewFromSearch(window.location.search)} />
      </div>
    </Stack>
  );
}

const container = document.getElementById("container");
if (!container) throw new Error("playground.html has no #container element");
createRoot(container).render(<Playground />);
