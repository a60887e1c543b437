import { useEffect, useRef, useState } from "react";
import type { WorkbookPort } from "../host/port";

/** How long typing may pause before 校验 and 正文 recompute. */
const RECOMPUTE_DELAY_MS = 400;

/**
 * Results that never go stale: where the host reports changes (the browser edition), `recompute`
 * runs a short pause after the last one, and `stale` is true meanwhile (the panel shows 数据已改动).
 * Elsewhere (Excel) nothing is called and `stale` stays false.
 */
export function useRecompute(port: WorkbookPort, enabled: boolean, recompute: () => Promise<void>): { stale: boolean } {
  const [stale, setStale] = useState(false);
  const latest = useRef(recompute);
  latest.current = recompute;
  useEffect(() => {
    if (!enabled || !port.onContentChange) return;
    let timer: ReturnType<typeof setTimeout> | null = null;
    let alive = true;
    const off = port.onContentChange(() => {
      setStale(true);
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => {
        timer = null;
        void latest.current().finally(() => {
          if (alive && timer === null) setStale(false);
        });
      }, RECOMPUTE_DELAY_MS);
    });
    return () => {
      alive = false;
      off();
      if (timer) clearTimeout(timer);
    };
  }, [port, enabled]);
  return { stale };
}
