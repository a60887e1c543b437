import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import ts from "typescript";
import { FEATURE_SETS, MINIMUM_EXCEL_API } from "../../src/host/capabilities";
import { distinctMembers, excelApiUses, fakeViolations, violations, type ApiUse } from "../support/officeContract";
import { FAKE_CLASSES } from "../support/fakeExcel";
import { loadSurface, PLATFORMS } from "../support/officeSurface";

/**
 * The contract between src/ and the office.js we ship (node_modules/@microsoft/office-js/dist):
 * every Excel API member src/ uses, resolved by the TypeScript checker to the class it is called
 * on, exists in the Windows, Mac and web host files, and lies within the requirement set the code
 * gates it on (src/host/capabilities.ts; ExcelApi 1.7 outside any gate). The fake Excel offers no
 * member those files lack.
 */

jest.setTimeout(180_000);

const ROOT = resolve(__dirname, "../..");
const MINIMUM = { name: "ExcelApi", version: MINIMUM_EXCEL_API };
const FIXTURE = join(ROOT, "test", "fixtures", "office-contract", "misuse.ts");

const config = ts.getParsedCommandLineOfConfigFile(join(ROOT, "tsconfig.json"), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined });
if (!config) throw new Error("tsconfig.json could not be read");
const SRC = config.fileNames.filter((f) => f.startsWith(join(ROOT, "src")));
// One program for src/ and the fixture: the typings are bound once.
const program = ts.createProgram([...SRC, FIXTURE], { ...config.options, noEmit: true });
const surface = loadSurface();

const show = (uses: ApiUse[]) => violations(uses, surface, MINIMUM).map((v) => `${v.use.file}:${v.use.line} ${v.problem}`);

test("every Excel API member src/ uses is in the office.js we ship (Windows, Mac, web) and within the set it is gated on", () => {
  const uses = excelApiUses(program, SRC, FEATURE_SETS, MINIMUM, ROOT);
  const members = distinctMembers(uses);
  const files = new Set(uses.map((u) => u.file));
  console.log(
    `office.js contract: ${members.length} Excel API members (${uses.length} uses in ${files.size} files of src/) checked against ${Object.values(PLATFORMS).join(", ")} ` +
      `(@microsoft/office-js ${(JSON.parse(readFileSync(require.resolve("@microsoft/office-js/package.json"), "utf8")) as { version: string }).version}) and their requirement sets (minimum ExcelApi ${MINIMUM_EXCEL_API})\n` +
      members.join("\n"),
  );
  expect(show(uses)).toEqual([]);
  // The host really is covered: the members the Office host cannot do without.
  expect(members).toEqual(
    expect.arrayContaining([
      "Excel.Range.select",
      "Excel.Worksheet.getRange",
      "Excel.RequestContext.sync",
      "Excel.DataValidation.rule",
      "Excel.RangeAreas.format",
      "Excel.CommentCollection.add",
    ]),
  );
  expect(members.length).toBeGreaterThan(80);
  // Gated uses carry their gate: data validation only under features.dataValidation.
  for (const u of uses.filter((x) => x.receiver === "Excel.DataValidation")) expect(u.gates).toContain("dataValidation");
});

test("it rejects a member absent from the shipped library and one used above its gate, and accepts gated ones", () => {
  const uses = excelApiUses(program, [FIXTURE], FEATURE_SETS, MINIMUM, ROOT);
  const problems = show(uses);
  expect(problems.sort()).toEqual([
    expect.stringMatching(
      /misuse\.ts:11 Excel\.RangeAreas\.select is not in the office\.js we ship \(excel-win32-16\.01\.js, excel-mac-16\.00\.js, excel-web-16\.00\.js\)$/,
    ),
    expect.stringMatching(/misuse\.ts:11 Excel\.RangeAreas\.select needs ExcelApi 1\.18 but is gated on 1\.7/),
    expect.stringMatching(/misuse\.ts:11 Excel\.Worksheet\.getRanges needs ExcelApi 1\.9 but is gated on 1\.7 \(the declared minimum\)$/),
    expect.stringMatching(/misuse\.ts:12 Excel\.DataValidation\.clear needs ExcelApi 1\.8 but is gated on 1\.7 \(the declared minimum\)$/),
    expect.stringMatching(/misuse\.ts:12 Excel\.Range\.dataValidation needs ExcelApi 1\.8 but is gated on 1\.7 \(the declared minimum\)$/),
  ]);
  const gated = uses.filter((u) => u.member === "format" || u.member === "add" || (u.member === "clear" && u.gates.length));
  expect(gated.map((u) => `${u.receiver}.${u.member}@${u.gatedOn}`).sort()).toEqual([
    "Excel.CommentCollection.add@1.10",
    "Excel.DataValidation.clear@1.8",
    "Excel.RangeAreas.format@1.9",
  ]);
});

test("the fake Excel offers no member the shipped office.js lacks", () => {
  expect(fakeViolations(FAKE_CLASSES, surface)).toEqual([]);
  // …and the check would notice one: a fake RangeAreas with select.
  class RangeAreasWithSelect {
    select(): void {}
    get format(): null {
      return null;
    }
  }
  expect(fakeViolations({ "Excel.RangeAreas": RangeAreasWithSelect }, surface)).toEqual([
    expect.stringMatching(/^the fake's Excel\.RangeAreas offers select, which excel-win32-16\.01\.js, excel-mac-16\.00\.js, excel-web-16\.00\.js lack$/),
  ]);
});

test("the shipped library has no notes API at all, so carried cells are marked with comments (ExcelApi 1.10)", () => {
  for (const platform of Object.keys(PLATFORMS) as (keyof typeof PLATFORMS)[]) {
    expect(surface.shipped[platform]["Excel.Worksheet"]).not.toContain("notes");
    expect(surface.shipped[platform]["Excel.Worksheet"]).toContain("comments");
    expect(surface.shipped[platform]["Excel.RangeAreas"]).not.toContain("select");
  }
  expect(surface.declared["Excel.Worksheet"].notes).toEqual({ name: "ExcelApi", version: "1.18" });
});
