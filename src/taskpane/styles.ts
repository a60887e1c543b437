/** Pane CSS: findings list, severities and the keyboard focus ring. */
export const PANE_CSS = `
.nb-findings { list-style: none; margin: 0; padding: 0; }
.nb-finding { border-left: 3px solid #a4262c; background: #fdf3f4; margin: 0 0 8px; padding: 6px 8px; }
.nb-finding.nb-warning { border-left-color: #8a6d00; background: #fff9e6; }
.nb-finding-jump { cursor: pointer; outline: none; }
.nb-finding-jump:focus-visible { box-shadow: 0 0 0 2px #0078d4; }
.nb-rule { font-weight: 600; }
.nb-pane .ms-Pivot { flex-wrap: wrap; display: flex; }
.nb-compare { border-collapse: collapse; font-size: 12px; width: 100%; }
.nb-compare th, .nb-compare td { border: 1px solid #c8c6c4; padding: 2px 4px; text-align: left; }
.nb-compare td:nth-child(n+2), .nb-compare th:nth-child(n+2) { text-align: right; white-space: nowrap; }
.nb-drill-item { border: none; background: none; padding: 2px 0; text-align: left; font: inherit; font-size: 12px; color: #005a9e; cursor: pointer; }
.nb-drill-item:hover { text-decoration: underline; }
.nb-drill-item:focus-visible { outline: 2px solid #0078d4; }
.nb-severity { font-size: 12px; color: #605e5c; }
.nb-message { margin: 2px 0; line-height: 1.5; }
.nb-figures { font-size: 12px; color: #323130; font-variant-numeric: tabular-nums; }
.nb-explanation { font-size: 12px; margin-top: 4px; }
.nb-selftest { border-collapse: collapse; font-size: 12px; width: 100%; }
.nb-selftest th, .nb-selftest td { border: 1px solid #c8c6c4; padding: 3px 5px; text-align: left; vertical-align: top; }
.nb-selftest .nb-pass { color: #107c10; font-weight: 600; }
.nb-selftest .nb-fail { color: #a4262c; font-weight: 600; }
.nb-selftest .nb-skipped { color: #605e5c; }
`;
