/// <reference types="office-js" />
import "./fabric-config"; // first: keeps Fluent UI from fetching fonts from a CDN
import "./icons";
import { createRoot } from "react-dom/client";
import { detectCapabilities, type HostCapabilities } from "../host/capabilities";
import { OfficeWorkbook } from "../host/office";
import { restorePlan } from "../workbook/operations";
import { sheetsToRead } from "../workbook/read";
import { App } from "./App";
import { notifyHostWaiting } from "./notices";
import { viewFromSearch } from "./view";

// Fluent UI's initializeIcons() is deliberately not called: it fetches icon fonts from a CDN,
// and the pane must load nothing from outside the add-in's own origin.

function mount(host: HostCapabilities | null): void {
  const container = document.getElementById("container");
  if (!container) throw new Error("taskpane.html has no #container element");
  // taskpane.html's ES5 check found a webview too old for the pane, and said so: keep its message.
  if ((window as { __nianbaoOldWebview?: boolean }).__nianbaoOldWebview) return;
  // Below the minimum the pane explains what to use instead, and never touches the workbook.
  const port = host?.supported
    ? new OfficeWorkbook(Excel, { features: host.features, onWaiting: notifyHostWaiting, restore: { sheets: sheetsToRead(), plan: restorePlan } })
    : null;
  createRoot(container).render(<App port={port} host={host ?? undefined} view={viewFromSearch(window.location.search)} />);
}

// Inside Office, wait for Office.js, then ask the host which requirement sets it has; in a plain
// browser office.js resolves onReady with no host, and if it failed to load at all the pane still
// renders (with a pointer to the playground).
if (typeof Office === "undefined") mount(null);
else
  void Office.onReady().then((info) =>
    mount(info.host === Office.HostType.Excel && typeof Excel !== "undefined" ? detectCapabilities(Office.context.requirements, String(info.platform)) : null),
  );
