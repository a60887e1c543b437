import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { reportDocx } from "../../src/export/docx";
import { reportDocument } from "../../src/export/report";
import { readReportFile } from "../../src/import/file";
import { importLines } from "../../src/import/report";
import type { RawValue } from "../../src/workbook/snapshot";
import { differences, roundTripReport, ROUND_TRIP_YEARS } from "../support/roundtrip";

/**
 * Our own .docx export, opened by LibreOffice and saved as LibreOffice writes it (its own
 * w:tbl with gridSpan/vMerge), and printed by LibreOffice to PDF: each re-imports to exactly the
 * values it was made from, for both format versions, also with the five 法人 columns blank
 * (a PDF prints nothing for a blank cell: its values are matched to the columns by position).
 * `nianbao import` is run on the PDF as a user runs it.
 */

const ARTIFACTS = resolve(__dirname, "../artifacts/import");
const ROOT = resolve(__dirname, "../..");
jest.setTimeout(300_000);

function run(cmd: string, args: string[], cwd?: string) {
  const r = spawnSync(cmd, args, { encoding: "utf8", timeout: 240_000, cwd });
  if (r.error || r.status !== 0) throw new Error(`${cmd} failed (是否已安装 libreoffice-writer-nogui？见 README): ${r.error?.message ?? r.stderr}`);
  return r;
}

interface Made {
  name: string;
  year: number;
  values: Map<string, RawValue>;
}

const made: Made[] = [];

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  const files: string[] = [];
  for (const year of ROUND_TRIP_YEARS) {
    for (const blanks of [false, true]) {
      const name = `own-${year}${blanks ? "-blanks" : ""}`;
      const { values, snapshot } = await roundTripReport(year, year + 3, blanks);
      writeFileSync(join(ARTIFACTS, `${name}.docx`), await reportDocx(reportDocument(snapshot)));
      files.push(join(ARTIFACTS, `${name}.docx`));
      made.push({ name, year, values });
    }
  }
  const profile = mkdtempSync(join(tmpdir(), "nianbao-lo-"));
  const outLo = join(ARTIFACTS, "lo");
  mkdirSync(outLo, { recursive: true });
  // One LibreOffice start per conversion (a cold start takes seconds).
  run("soffice", [`-env:UserInstallation=file://${profile}`, "--headless", "--convert-to", "pdf", "--outdir", ARTIFACTS, ...files]);
  run("soffice", [`-env:UserInstallation=file://${profile}`, "--headless", "--convert-to", "docx:MS Word 2007 XML", "--outdir", outLo, ...files]);
  rmSync(profile, { recursive: true, force: true });
});

async function importFile(path: string) {
  const read = await readReportFile(new Uint8Array(readFileSync(path)), path);
  if (!read.ok) throw new Error(read.message);
  return importLines(read.read);
}

describe.each(["pdf", "lo.docx"])("LibreOffice %s of our own .docx export", (kind) => {
  test.each(ROUND_TRIP_YEARS.flatMap((y) => [`own-${y}`, `own-${y}-blanks`]))("%s re-imports to exactly its values", async (name) => {
    const m = made.find((x) => x.name === name)!;
    const path = kind === "pdf" ? join(ARTIFACTS, `${name}.pdf`) : join(ARTIFACTS, "lo", `${name}.docx`);
    const r = await importFile(path);
    expect(r.year).toBe(m.year);
    expect(differences(m.values, r)).toEqual([]);
    expect(r.unplaced).toEqual([]);
    expect(r.missing).toEqual([]);
    if (kind === "pdf") expect([...r.sources.values()][0].where).toMatch(/^第 \d+ 页第 \d+ 行$/);
  });
});

test("nianbao import of the LibreOffice PDF: exit 0 and the workbook written", () => {
  const dir = mkdtempSync(join(tmpdir(), "nianbao-import-pdf-"));
  const r = spawnSync(process.execPath, [join(ROOT, "bin", "nianbao.js"), "import", join(ARTIFACTS, "own-2023.pdf"), "--out", join(dir, "out.xlsx")], {
    encoding: "utf8",
    timeout: 120_000,
  });
  expect(`${r.status} ${r.stderr}`).toBe("0 ");
  expect(r.stdout).toContain("导入：某某市某某区教育局 · 2023 年度");
  rmSync(dir, { recursive: true, force: true });
});
