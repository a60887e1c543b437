import { registerIcons } from "@fluentui/react";
import { createElement } from "react";

/**
 * The few icons Fluent UI components draw (dropdown chevron, message bar glyphs), registered as
 * plain glyphs: initializeIcons() would download the icon font from a CDN.
 */
const glyph = (text: string) => createElement("span", { "aria-hidden": true, style: { fontFamily: "sans-serif", fontStyle: "normal" } }, text);

registerIcons({
  icons: {
    ChevronDown: glyph("▾"),
    Info: glyph("ℹ"),
    ErrorBadge: glyph("✕"),
    Error: glyph("✕"),
    Blocked2: glyph("⊘"),
    Warning: glyph("⚠"),
    Completed: glyph("✓"),
    Clear: glyph("×"),
    Cancel: glyph("×"),
    CheckMark: glyph("✓"),
  },
});
