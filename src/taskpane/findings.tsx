import { useEffect, useRef, type ReactNode } from "react";
import type { WorkbookPort } from "../host/port";
import type { Finding } from "../rules/evaluate";
import { zhCN } from "./i18n/zh-CN";

/** How long a jump's highlight stays before the user's own formatting shows again. */
const HIGHLIGHT_MS = 4000;

/** Jump to a finding's cells with a temporary highlight; an earlier highlight is cleared first (one round trip each). */
export function useJumpToFinding(port: WorkbookPort, run: (task: () => Promise<string | null>) => Promise<void>) {
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );
  return (f: Finding) =>
    run(async () => {
      if (f.cells.length === 0) return null;
      if (timer.current) clearTimeout(timer.current);
      await port.clearHighlight();
      const sheet = f.cells[0].sheet;
      await port.jump({ sheet, addresses: f.cells.filter((c) => c.sheet === sheet).map((c) => c.address) });
      timer.current = setTimeout(() => void port.clearHighlight().catch(() => undefined), HIGHLIGHT_MS);
      return null;
    });
}

/** A finding's text as a keyboard-reachable button: Tab to it, Enter (or Space) jumps. */
export function FindingJump({ finding: f, onJump, children }: { finding: Finding; onJump: (f: Finding) => void; children: ReactNode }) {
  const jump = () => onJump(f);
  return (
    <div
      role="button"
      tabIndex={0}
      className="nb-finding-jump"
      aria-label={zhCN.validate.jumpAria(f.rule, f.message)}
      onClick={jump}
      onKeyDown={(e) => {
        if (e.key === "Enter" || e.key === " ") {
          e.preventDefault();
          jump();
        }
      }}
    >
      {children}
    </div>
  );
}
