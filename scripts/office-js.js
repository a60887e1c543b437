// Where the pages get office.js from: a build choice (webpack --env officejs=local|cdn).
//  - local (default): served from the add-in's own server, copied from @microsoft/office-js, for
//    intranets that cannot reach Microsoft. office.js's own telemetry is left out (see README,
//    "What leaves the machine"): the telemetry/ and ariatelemetry/ folders are not copied, and the
//    one telemetry page office.js loads outside Office is blanked.
//  - cdn: Microsoft's CDN, which Microsoft supports for numbered requirement sets; needs internet.
// Shared by webpack.config.js, scripts/check-dist.js and the tests.
"use strict";

const SOURCES = ["local", "cdn"];
const LOCAL_OFFICE_JS = "office-js/office.js";
const CDN_OFFICE_JS = "https://appsforoffice.microsoft.com/lib/1/hosted/office.js";

/** Folders of the package whose scripts send telemetry from the pane (oteljs_agave.js, aria-web-telemetry.js → *.pipe.aria.microsoft.com). */
const TELEMETRY_FOLDERS = ["telemetry", "ariatelemetry"];
/** The page office.js puts in a hidden iframe 3 s after it loads outside an Office client (o15apptofilemappingtable.js, excel-*-16.00.js). */
const TELEMETRY_PAGE = "https://telemetryservice.firstpartyapps.oaspapps.com/telemetryservice/telemetryproxy.html";
/** What no file of a local build may contain. */
const TELEMETRY_HOSTS = ["oaspapps.com", "pipe.aria.microsoft.com"];

function officeJsSource(value) {
  const source = value === undefined || value === "" ? "local" : String(value);
  if (!SOURCES.includes(source)) throw new Error(`--env officejs=${source}：只能是 local（默认，内网）或 cdn（微软 CDN）`);
  return source;
}

/** A copied office.js file with the telemetry page blanked (the iframe then loads about:blank). */
function withoutTelemetry(content) {
  const text = content.toString("utf8");
  return text.includes(TELEMETRY_PAGE) ? Buffer.from(text.split(TELEMETRY_PAGE).join("about:blank"), "utf8") : content;
}

module.exports = { SOURCES, LOCAL_OFFICE_JS, CDN_OFFICE_JS, TELEMETRY_FOLDERS, TELEMETRY_PAGE, TELEMETRY_HOSTS, officeJsSource, withoutTelemetry };
