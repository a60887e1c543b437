import { BENCHES } from "./benches";
import { benchLine, type Bench } from "./harness";

/**
 * npm run bench                 all benchmarks
 * npm run bench -- validate     those whose name or tag contains "validate"
 * npm run bench -- --list       list them
 * Figures print as `BENCH {"name":…,"value":…,"unit":…}`; other lines are for people.
 */

function select(filters: string[]): Bench[] {
  if (!filters.length) return BENCHES;
  return BENCHES.filter((b) => filters.some((f) => b.name.includes(f) || (b.tags ?? []).some((t) => t.includes(f))));
}

async function main(argv: string[]): Promise<number> {
  if (argv.includes("--list")) {
    for (const b of BENCHES) console.log(`${b.name}\t${b.description}`);
    return 0;
  }
  const chosen = select(argv.filter((a) => !a.startsWith("-")));
  if (!chosen.length) {
    console.error(`no benchmark matches ${argv.join(" ")}; try --list`);
    return 2;
  }
  const log = (line: string) => console.log(`# ${line}`);
  const started = performance.now();
  for (const bench of chosen) {
    for (const figure of await bench.run(log)) console.log(benchLine(figure));
  }
  log(`total ${((performance.now() - started) / 1000).toFixed(1)} s, node ${process.version}`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
