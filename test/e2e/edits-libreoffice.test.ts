import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { planToXlsx } from "../../src/host/xlsx";
import { XlsxWorkbook } from "../../src/host/xlsxFile";
import { base, checkEdited, type Base, type Tally } from "../support/editCheck";
import { chooseEdit, describeEdit, EDIT_KINDS, tracker, type EditOp } from "../support/edits";
import { rng } from "../support/generate";

/**
 * Nothing the user typed is lost, with the edits made by LibreOffice itself: 100 random sequences
 * of real edits (insert, delete and sort rows and columns, rename and move sheets, rows, columns,
 * sheets and comments of one's own), each made by a Basic macro in headless LibreOffice Calc on a
 * workbook Nianbao built, and saved by LibreOffice as .xlsx. Then 生成/更新报表 over each file as
 * the CLI does (bounded reader, then the .xlsx port), with the checks of the ExcelJS property test
 * (test/support/editCheck.ts): every value still in the file ends in its own cell or is listed.
 */

const SEQUENCES = 100;
const ARTIFACTS = resolve(__dirname, "../artifacts/edits-libreoffice");
const MACRO = resolve(__dirname, "../support/libreoffice/Edits.bas");

jest.setTimeout(1_200_000);

const xml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** A fresh LibreOffice profile holding the macro in its Standard library (after LibreOffice made the profile, which would overwrite it). */
function profileWithMacro(): string {
  const profile = mkdtempSync(join(tmpdir(), "nianbao-lo-edits-"));
  const init = spawnSync("soffice", [`-env:UserInstallation=file://${profile}`, "--headless", "--norestore", "--terminate_after_init"], {
    encoding: "utf8",
    timeout: 120_000,
  });
  if (init.error || init.status !== 0)
    throw new Error(
      `LibreOffice headless (soffice) did not start: ${init.error?.message ?? init.stderr}. Install it: apt-get install -y --no-install-recommends libreoffice-calc-nogui (see README).`,
    );
  const lib = join(profile, "user/basic/Standard");
  writeFileSync(
    join(lib, "Edits.xba"),
    `<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE script:module PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "module.dtd">\n<script:module xmlns:script="http://openoffice.org/2000/script" script:name="Edits" script:language="StarBasic">${xml(readFileSync(MACRO, "utf8"))}</script:module>\n`,
  );
  const xlb = readFileSync(join(lib, "script.xlb"), "utf8");
  if (!xlb.includes('library:name="Edits"'))
    writeFileSync(join(lib, "script.xlb"), xlb.replace("</library:library>", ' <library:element library:name="Edits"/>\n</library:library>'));
  return profile;
}

/** One job line per edit: the kind, the sheet, then its arguments, as Edits.bas reads them. */
function jobLine(op: EditOp): string | null {
  const f = (...xs: (string | number | boolean)[]) => [op.kind, op.sheet, ...xs.map((x) => (typeof x === "boolean" ? (x ? "1" : "0") : String(x)))].join("\t");
  switch (op.kind) {
    case "insertRow":
    case "deleteRow":
    case "insertColumn":
    case "deleteColumn":
      return f(op.at);
    case "ownRow":
    case "ownColumn":
      return f(op.at, op.text);
    case "sortRows":
      return f(op.top, op.bottom, op.left, op.right, op.by, op.descending);
    case "renameSheet":
      return f(op.to);
    case "moveSheet":
      return f(op.toFront);
    case "ownSheet":
      return f(op.text);
    case "comment":
      return f(op.row, op.col, op.text);
    case "none":
      return null;
  }
}

interface Job {
  b: Base;
  file: string;
  ops: EditOp[];
}

describe("rebuild after edits made by LibreOffice itself keeps every entered value", () => {
  const jobs: Job[] = [];
  const log: string[] = [];
  let soffice = "";

  beforeAll(async () => {
    soffice = spawnSync("soffice", ["--version"], { encoding: "utf8" }).stdout?.trim() ?? "";
    rmSync(ARTIFACTS, { recursive: true, force: true });
    mkdirSync(join(ARTIFACTS, "in"), { recursive: true });
    mkdirSync(join(ARTIFACTS, "out"), { recursive: true });
    const bases = [base("2019", 2020), base("2021", 2023)];
    const files = new Map<Base, Buffer>();
    for (const b of bases) files.set(b, await planToXlsx(b.plan));
    const lines: string[] = [];
    for (let i = 0; i < SEQUENCES; i++) {
      const b = bases[i % 2];
      const r = rng(90_000 + i);
      const track = tracker(b.model);
      const names = new Map(b.model.tables.map((t) => [t.name, t.name]));
      const own = { texts: [], notes: [], sheets: [] };
      const ops: EditOp[] = [];
      for (let k = 0, n = r.int(1, 6); k < n; k++) ops.push(chooseEdit(b.model, r, track, names, own, i * 10 + k));
      const file = `seq-${String(i).padStart(3, "0")}-${b.year}.xlsx`;
      writeFileSync(join(ARTIFACTS, "in", file), files.get(b)!);
      lines.push(["FILE", join(ARTIFACTS, "in", file), join(ARTIFACTS, "out", file)].join("\t"));
      for (const op of ops) {
        const line = jobLine(op);
        if (line) lines.push(line);
      }
      lines.push(["END", file].join("\t"));
      jobs.push({ b, file, ops });
    }
    const profile = profileWithMacro();
    try {
      writeFileSync(join(ARTIFACTS, "jobs.tsv"), `${lines.join("\n")}\n`);
      const run = spawnSync("soffice", [`-env:UserInstallation=file://${profile}`, "--headless", "--norestore", "macro:///Standard.Edits.RunJobs"], {
        encoding: "utf8",
        timeout: 900_000,
        env: { ...process.env, NIANBAO_JOBS: join(ARTIFACTS, "jobs.tsv"), NIANBAO_LOG: join(ARTIFACTS, "log.tsv") },
      });
      if (run.error || run.status !== 0) throw new Error(`soffice macro run failed (status ${run.status}, ${run.error?.message ?? ""})\n${run.stderr}`);
      log.push(...readFileSync(join(ARTIFACTS, "log.tsv"), "utf8").split("\n").filter(Boolean));
    } finally {
      rmSync(profile, { recursive: true, force: true });
    }
  });

  test(`${SEQUENCES} sequences edited and saved by LibreOffice, then rebuilt`, async () => {
    // Every workbook was saved by LibreOffice, and the edits it made are of every kind.
    expect(log.filter((l) => l.startsWith("SAVED")).length).toBe(SEQUENCES);
    const done = new Map<string, number>();
    const failed: string[] = [];
    const skipped: string[] = [];
    for (const l of log) {
      const [status, kind] = l.split("\t");
      if (status === "DONE") done.set(kind, (done.get(kind) ?? 0) + 1);
      else if (status.startsWith("FAILED") || status === "ERROR") failed.push(l);
      // Calc refuses to sort across merged cells, as it refuses a user: such a sort is not made.
      else if (status.startsWith("SKIPPED")) skipped.push(l);
    }
    expect(failed).toEqual([]);
    const everyKind = Object.fromEntries(EDIT_KINDS.map((k) => [k, (done.get(k) ?? 0) > 3]));
    expect(everyKind).toEqual(Object.fromEntries(EDIT_KINDS.map((k) => [k, true])));

    const tally: Tally = { sequences: 0, edits: done, written: 0, refused: 0, moved: 0, files: 0 };
    const failures: string[] = [];
    for (const job of jobs) {
      const bytes = readFileSync(join(ARTIFACTS, "out", job.file));
      const context = `${job.file} (LibreOffice ${soffice}) [${job.ops.map(describeEdit).join("; ")}]`;
      const host = XlsxWorkbook.of(bytes, job.file);
      const before = { written: tally.written, refused: tally.refused };
      failures.push(...(await checkEdited(job.b, host, true, context, tally)));
      tally.sequences++;
      if (tally.written === before.written && tally.refused === before.refused) failures.push(`${context}: no outcome`);
    }
    process.stdout.write(
      `LibreOffice edits: ${tally.sequences} sequences, ${[...done.values()].reduce((a, b) => a + b, 0)} edits, ${skipped.length} sorts refused by Calc (merged cells) (${[...done].map(([k, n]) => `${k} ${n}`).join(", ")}); rebuild wrote ${tally.written}, refused and listed ${tally.refused}, moved values in ${tally.moved}\n`,
    );
    expect(failures.slice(0, 10)).toEqual([]);
    expect(tally.sequences).toBe(SEQUENCES);
    // Both outcomes occur: rebuilt in place, and refused with the missing labels listed.
    expect(tally.written).toBeGreaterThan(SEQUENCES / 5);
    expect(tally.refused).toBeGreaterThan(SEQUENCES / 10);
    expect(tally.moved).toBeGreaterThan(SEQUENCES / 40);
  });
});
