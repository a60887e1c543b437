import { main } from "../src/cli/main";

/**
 * Runs `nianbao aggregate` in a fresh process for bench/benches/aggregate1000.ts, so the peak RSS
 * it reports is the command's own (process.resourceUsage().maxRSS is the lifetime peak).
 * argv: <units dir> <out.xlsx> <board.html>
 */
async function run() {
  const [dir, out, report] = process.argv.slice(2);
  const started = performance.now();
  const cpu = process.cpuUsage();
  const code = await main(["aggregate", dir, "--out", out, "--report", report, "--json"]);
  const ms = performance.now() - started;
  const used = process.cpuUsage(cpu);
  process.stderr.write(`CHILD ${JSON.stringify({ code, ms, cpuMs: (used.user + used.system) / 1000, maxRssKB: process.resourceUsage().maxRSS })}\n`);
}

void run();
