import { base, sequence, type Tally } from "../support/editCheck";
import { EDIT_KINDS } from "../support/edits";

/**
 * Nothing the user typed is lost: 1,000 random sequences of real edits made with ExcelJS, then
 * 生成/更新报表 through the port (test/support/editCheck.ts says what is checked). The same checks
 * run on edits made by LibreOffice itself in test/e2e/edits-libreoffice.test.ts.
 */

jest.setTimeout(900_000);

const SEQUENCES = Number(process.env.SEQ ?? 500); // per format: 1,000 in all

describe.each([
  ["2019", 2020],
  ["2021", 2023],
] as const)("%s format (%i): rebuild after real edits keeps every entered value", (formatId, year) => {
  test(`${SEQUENCES} random edit sequences`, async () => {
    const b = base(formatId, year);
    const tally: Tally = { sequences: 0, edits: new Map(), written: 0, refused: 0, moved: 0, files: 0 };
    const failures: string[] = [];
    for (let i = 0; i < SEQUENCES; i++) failures.push(...(await sequence(b, year * 1000 + i, i % 20 === 7, tally)));
    expect(failures.slice(0, 10)).toEqual([]);
    expect(tally.sequences).toBe(SEQUENCES);
    // The edits are real ones, of every kind, and both outcomes occur.
    for (const kind of EDIT_KINDS) expect(tally.edits.get(kind) ?? 0).toBeGreaterThan(SEQUENCES / 40);
    expect(tally.written).toBeGreaterThan(SEQUENCES / 5);
    expect(tally.refused).toBeGreaterThan(SEQUENCES / 10);
    expect(tally.moved).toBeGreaterThan(SEQUENCES / 40);
    expect(tally.files).toBeGreaterThanOrEqual(SEQUENCES / 20);
  });
});
