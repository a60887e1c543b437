/// <reference types="office-js" />
import "./fabric-config"; // first: keeps Fluent UI from fetching fonts from a CDN
import { createRoot } from "react-dom/client";
import { App } from "./App";
import { viewFromSearch } from "./view";

// Fluent UI's initializeIcons() is deliberately not called: it fetches icon fonts from a CDN,
// and the pane must load nothing from outside the add-in's own origin.

function mount(): void {
  const container = document.getElementById("container");
  if (!container) throw new Error("taskpane.html has no #container element");
  createRoot(container).render(<App view={viewFromSearch(window.location.search)} />);
}

// Inside Office, wait for Office.js; in a plain browser (playground, e2e) office.js still
// resolves onReady with no host, and if it failed to load at all the pane still renders.
if (typeof Office === "undefined") mount();
else void Office.onReady().then(mount);
