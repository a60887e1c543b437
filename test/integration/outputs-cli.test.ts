import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { createHash } from "node:crypto";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { snapshotFromData } from "../../src/workbook/read";
import { readXlsx } from "../support/read";

/**
 * Outputs never overwrite inputs, and a unit is summed once: the defects of issue 10 as a user
 * met them, each as its own `nianbao` process on real files. Before the fix every one of these
 * exited 0 and destroyed (or double-counted) the input.
 */

const BIN = join(resolve(__dirname, "../.."), "bin", "nianbao.js");
const STACK = /^\s{4}at /m;
let dir: string;
const at = (f: string) => join(dir, f);
const hash = (f: string) =>
  createHash("sha256")
    .update(readFileSync(at(f)))
    .digest("hex");

function nianbao(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: dir, encoding: "utf8", timeout: 120_000 });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Refused with exit 2 and a zh-CN message, nothing written over the input. */
function refused(args: string[], input: string, fragment: RegExp) {
  const before = hash(input);
  const r = nianbao(...args);
  expect(`${r.status} ${r.stderr}`).toMatch(/^2 错误：/);
  expect(r.stderr).toMatch(fragment);
  expect(r.stderr).not.toMatch(STACK);
  expect(hash(input)).toBe(before);
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "nianbao-outputs-"));
  writeFileSync(at("values.json"), JSON.stringify({ "t3.new.natural": 2, "t3.granted.natural": 2 }));
  for (const [name, year, org] of [
    ["report.xlsx", 2023, "某局"],
    ["last.xlsx", 2022, "某局"],
    ["u1.xlsx", 2023, "某局"],
    ["u2.xlsx", 2023, "另一局"],
  ] as const) {
    const r = nianbao("build", "--year", String(year), "--org", org, "--data", "values.json", "--out", name);
    expect(r.status).toBe(0);
  }
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test("export onto its own workbook, by name or through a link, is refused", () => {
  refused(["export", "report.xlsx", "--xlsx", "report.xlsx"], "report.xlsx", /与输入文件 report\.xlsx 是同一个文件：输出不能覆盖输入/);
  symlinkSync(at("report.xlsx"), at("link.xlsx"));
  refused(["export", "report.xlsx", "--xlsx", "link.xlsx"], "report.xlsx", /输出不能覆盖输入/);
  refused(["export", "report.xlsx", "--xlsx", "./sub/../report.xlsx"], "report.xlsx", /输出不能覆盖输入/);
});

test("--notes onto the --docx file: two outputs cannot be one file", () => {
  refused(["export", "report.xlsx", "--docx", "a.docx", "--notes", "a.docx"], "report.xlsx", /两个输出不能写到一处/);
});

test("build --last-year last.xlsx --out last.xlsx is refused", () => {
  refused(["build", "--year", "2023", "--org", "某局", "--last-year", "last.xlsx", "--out", "last.xlsx"], "last.xlsx", /输出不能覆盖输入/);
});

test("aggregate onto one of its units, or its --report onto one, is refused", () => {
  refused(["aggregate", "u1.xlsx", "u2.xlsx", "--out", "u1.xlsx"], "u1.xlsx", /输出不能覆盖输入/);
  refused(["aggregate", "u1.xlsx", "u2.xlsx", "--out", "total.xlsx", "--report", "u2.xlsx"], "u2.xlsx", /输出不能覆盖输入/);
});

test("the same unit by several paths, a link to it or a copy is summed once and listed", async () => {
  mkdirSync(at("dup"));
  copyFileSync(at("u1.xlsx"), at("dup/a.xlsx"));
  copyFileSync(at("u1.xlsx"), at("copy.xlsx"));
  symlinkSync(at("dup/a.xlsx"), at("alias.xlsx"));
  const r = nianbao("aggregate", "dup/a.xlsx", "./dup/a.xlsx", "dup//a.xlsx", "alias.xlsx", "copy.xlsx", "u2.xlsx", "--out", "total.xlsx", "--json");
  expect(r.stderr).not.toMatch(STACK);
  const body = JSON.parse(r.stdout) as { included: number; units: { file: string; status: string; reason?: string }[] };
  // dup/a.xlsx and u2.xlsx: 2 + 2 in 自然人, not 5 × 2 + 2.
  expect(body.included).toBe(2);
  const duplicates = body.units.filter((u) => u.status === "duplicate");
  expect(duplicates.map((u) => u.file).sort()).toEqual(["./dup/a.xlsx", "alias.xlsx", "copy.xlsx", "dup//a.xlsx"]);
  for (const u of duplicates) expect(u.reason).toMatch(/只计入一次/);
  const snapshot = snapshotFromData(await readXlsx(readFileSync(at("total.xlsx"))));
  expect(snapshot.values.get("t3.new.natural")).toEqual({ type: "number", value: 4 });
});
