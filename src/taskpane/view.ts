/**
 * Which part of the pane to show first: the ribbon's 校验 button opens taskpane.html?view=validate;
 * ?selftest=1 opens 关于 and runs the self-test.
 */
export type PaneView = "home" | "validate" | "about";

export function viewFromSearch(search: string): PaneView {
  const params = new URLSearchParams(search);
  if (params.get("selftest") === "1") return "about";
  return params.get("view") === "validate" ? "validate" : "home";
}
