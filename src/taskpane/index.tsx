/// <reference types="office-js" />
import "./fabric-config"; // first: keeps Fluent UI from fetching fonts from a CDN
import "./icons";
import { createRoot } from "react-dom/client";
import { OfficeWorkbook } from "../host/office";
import { App } from "./App";
import { notifyHostWaiting } from "./notices";
import { viewFromSearch } from "./view";

// Fluent UI's initializeIcons() is deliberately not called: it fetches icon fonts from a CDN,
// and the pane must load nothing from outside the add-in's own origin.

function mount(inExcel: boolean): void {
  const container = document.getElementById("container");
  if (!container) throw new Error("taskpane.html has no #container element");
  const port = inExcel ? new OfficeWorkbook(Excel, notifyHostWaiting) : null;
  createRoot(container).render(<App port={port} view={viewFromSearch(window.location.search)} />);
}

// Inside Office, wait for Office.js; in a plain browser office.js resolves onReady with no host,
// and if it failed to load at all the pane still renders (with a pointer to the playground).
if (typeof Office === "undefined") mount(false);
else void Office.onReady().then((info) => mount(info.host === Office.HostType.Excel && typeof Excel !== "undefined"));
