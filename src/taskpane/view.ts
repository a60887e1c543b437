/** Which part of the pane to show first; the ribbon's 校验 button opens taskpane.html?view=validate. */
export type PaneView = "home" | "validate";

export function viewFromSearch(search: string): PaneView {
  return new URLSearchParams(search).get("view") === "validate" ? "validate" : "home";
}
