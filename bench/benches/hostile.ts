import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { argsFor, makeHostileCorpus, type Command } from "../../test/support/hostile";
import { round, type Bench } from "../harness";

const BIN = join(__dirname, "..", "..", "bin", "nianbao.js");
const HOOK = join(__dirname, "..", "rss-hook.js");
/** The commands the issue names; every one reads the file a user (or an attacker) hands it. */
const MEASURED: Command[] = ["validate", "aggregate", "import", "export"];

/**
 * Every file of the hostile corpus (bombs, truncated and CRC-broken workbooks, XXE, special files,
 * a 45 MB workbook, pathological text and HTML…) through `validate`, `aggregate`, `import` and
 * `export`, each as its own process as a user runs it: the slowest answer and the largest peak
 * resident memory (targets ≤ 10 s and ≤ 500 MB).
 */
export const hostileCorpus: Bench = {
  name: "hostile",
  tags: ["hostile", "limits"],
  description: "the hostile corpus through validate, aggregate, import and export as CLI processes: slowest wall time and peak RSS",
  async run(log) {
    const dir = mkdtempSync(join(tmpdir(), "nianbao-bench-hostile-"));
    const corpus = join(dir, "corpus");
    const out = join(dir, "out");
    try {
      const files = await makeHostileCorpus(corpus);
      let maxS = 0;
      let maxMb = 0;
      let worstTime = "";
      let worstMemory = "";
      let runs = 0;
      for (const command of MEASURED) {
        for (const file of files) {
          rmSync(out, { recursive: true, force: true });
          mkdirSync(out, { recursive: true });
          const rssFile = join(dir, "rss");
          rmSync(rssFile, { force: true });
          const args = argsFor(command, file, join(corpus, file.name), out);
          const t = performance.now();
          const r = spawnSync(process.execPath, ["-r", HOOK, BIN, ...args], {
            stdio: ["ignore", "ignore", "ignore"],
            timeout: 60_000,
            env: { ...process.env, NIANBAO_RSS_FILE: rssFile },
          });
          const s = (performance.now() - t) / 1000;
          runs++;
          // Linux reports maxRSS in kilobytes.
          const mb = existsSync(rssFile) ? Number(readFileSync(rssFile, "utf8")) / 1024 : Number.NaN;
          if (r.error || Number.isNaN(mb)) log(`${command} ${file.name}: ${r.error?.message ?? `exit ${r.status}, signal ${r.signal}, no memory figure`}`);
          if (s > maxS) [maxS, worstTime] = [s, `${command} ${file.name}`];
          if (mb > maxMb) [maxMb, worstMemory] = [mb, `${command} ${file.name}`];
        }
      }
      log(
        `hostile corpus: ${files.length} files × ${MEASURED.length} commands = ${runs} processes; slowest ${maxS.toFixed(2)} s (${worstTime}), largest ${maxMb.toFixed(0)} MB (${worstMemory}); targets ≤ 10 s, ≤ 500 MB`,
      );
      return [
        { name: "hostile_max_s", value: round(maxS), unit: "s" },
        { name: "hostile_max_rss_mb", value: round(maxMb, 0), unit: "MB" },
      ];
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
