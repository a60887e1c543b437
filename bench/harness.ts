/** Tiny benchmark harness: named async benches that return figures; run.ts prints them as BENCH lines. */

export interface Figure {
  name: string;
  value: number;
  unit: string;
}

export interface Bench {
  /** Selector used by `npm run bench -- <filter>`; a bench runs when any filter is a substring of its name or tags. */
  name: string;
  tags?: string[];
  description: string;
  run(log: (line: string) => void): Promise<Figure[]>;
}

export function benchLine(f: Figure): string {
  return `BENCH ${JSON.stringify({ name: f.name, value: f.value, unit: f.unit })}`;
}

export const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

export const round = (x: number, digits = 2) => Number(x.toFixed(digits));

/** Run `fn` `warmup` times untimed, then `runs` times; returns each run's wall time in ms. */
export async function timeRuns(runs: number, warmup: number, fn: (i: number) => unknown): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await fn(-1 - i);
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn(i);
    times.push(performance.now() - t);
  }
  return times;
}

/** Samples process RSS on a timer (fires between awaits) and on demand; `peak` is in bytes. */
export function rssSampler(intervalMs = 10) {
  let peak = process.memoryUsage.rss();
  const sample = () => {
    const rss = process.memoryUsage.rss();
    if (rss > peak) peak = rss;
  };
  const timer = setInterval(sample, intervalMs);
  timer.unref();
  return {
    sample,
    stop: () => {
      clearInterval(timer);
      sample();
      return peak;
    },
  };
}
