import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

/**
 * `nianbao` started the ways a shell starts it: `npx nianbao` in the clone (CI runs this on a fresh
 * clone right after `npm ci`), a node_modules/.bin symlink, a global install (`npm install -g`, the
 * same link `npm link` makes) and `node bin/nianbao.js`; output read through pipes by a slow reader,
 * so more than the 64 KiB a pipe buffers must wait for the reader.
 */

jest.setTimeout(120_000);

const ROOT = resolve(__dirname, "../..");
const BIN = join(ROOT, "bin", "nianbao.js");
const HAN = /[\u4e00-\u9fff]/;

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "nianbao-shell-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Run a bash command line (pipefail: a failing nianbao fails the line). */
function sh(line: string, cwd = dir) {
  const r = spawnSync("bash", ["-c", `set -o pipefail; ${line}`], { cwd, encoding: "utf8", timeout: 110_000, env: { ...process.env, NIANBAO_CLI: "" } });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const q = (path: string) => `'${path.replace(/'/g, "'\\''")}'`;
/** A reader that starts late: the writer must wait for it, not exit with output still buffered. */
const SLOW_PARSE = `(sleep 1; node -e "const t=require('fs').readFileSync(0,'utf8'); console.log(Buffer.byteLength(t), JSON.parse(t).length)")`;

test("the whole JSON arrives through a pipe to a slow reader (more than 64 KiB)", () => {
  const file = join(dir, "cells.json");
  expect(sh(`node ${q(BIN)} cells --year 2021 --json > ${q(file)}`).status).toBe(0);
  const bytes = readFileSync(file).length;
  expect(bytes).toBeGreaterThan(64 * 1024);
  const r = sh(`node ${q(BIN)} cells --year 2021 --json | ${SLOW_PARSE}`);
  expect(r.stderr).toBe("");
  expect(r.status).toBe(0);
  const [piped, count] = r.stdout.trim().split(" ").map(Number);
  expect(piped).toBe(bytes);
  expect(count).toBeGreaterThan(150);
});

test("npx nianbao in the clone runs the CLI: JSON through a pipe, and exit 2 with zh-CN usage for an unknown command", () => {
  const ok = sh(`npx nianbao cells --year 2021 --json | node -e "JSON.parse(require('fs').readFileSync(0,'utf8'))"`, ROOT);
  expect(ok.stderr).not.toMatch(/Error|错误/);
  expect(ok.status).toBe(0);

  const bogus = sh("npx nianbao bogus", ROOT);
  expect(bogus.status).toBe(2);
  expect(bogus.stdout).toBe("");
  expect(bogus.stderr).toContain("未知命令：bogus");
  expect(bogus.stderr).toMatch(/用法：[\s\S]*nianbao validate report\.xlsx/);
});

test("a node_modules/.bin link and a global install run the same CLI", () => {
  const project = join(dir, "project");
  mkdirSync(join(project, "node_modules", ".bin"), { recursive: true });
  symlinkSync(BIN, join(project, "node_modules", ".bin", "nianbao"));
  const viaLink = sh(`node_modules/.bin/nianbao cells --year 2021 --json | ${SLOW_PARSE}`, project);
  expect(viaLink.status).toBe(0);

  // npm install -g of a folder links it, as npm link does; the prefix keeps it out of the real global folder.
  const prefix = join(dir, "global");
  const install = sh(`npm install --global --prefix ${q(prefix)} --no-audit --no-fund ${q(ROOT)}`);
  expect(install.status).toBe(0);
  expect(existsSync(join(prefix, "bin", "nianbao"))).toBe(true);
  const viaGlobal = sh(`${q(join(prefix, "bin", "nianbao"))} cells --year 2021 --json | ${SLOW_PARSE}`);
  expect(viaGlobal.status).toBe(0);
  expect(viaGlobal.stdout).toBe(viaLink.stdout);
});

test("results go to stdout, messages to stderr; a reader that stops early ends the run quietly", () => {
  const report = join(dir, "report.xlsx");
  const build = sh(`node ${q(BIN)} build --year 2021 --org 某某区人民政府办公室 --out ${q(report)}`);
  expect(build.status).toBe(0);
  expect(build.stdout).toBe("");
  expect(build.stderr).toMatch(/^已生成 /);

  const validate = sh(`node ${q(BIN)} validate ${q(report)}`);
  expect(validate.stdout).toMatch(/^年报校验：某某区人民政府办公室 2021 年度/);
  expect(validate.stderr).toBe("");

  const help = sh(`node ${q(BIN)} --help`);
  expect(help.status).toBe(0);
  expect(help.stdout).toMatch(HAN);

  const head = sh(`node ${q(BIN)} cells --year 2021 | head -1`);
  expect(head.status).toBe(0);
  expect(head.stdout.split("\n")[0]).toMatch(/^t2\./);
  expect(head.stderr).toBe("");
});

test("nianbao validate starts from the precompiled CLI: neither tsx nor ExcelJS, docx or HyperFormula is loaded", () => {
  const report = join(dir, "loaded.xlsx");
  expect(sh(`node ${q(BIN)} build --year 2021 --org 某某局 --out ${q(report)}`).status).toBe(0);
  const r = sh(`node -r ${q(join(__dirname, "../support/loaded-packages.js"))} ${q(BIN)} validate ${q(report)}`);
  expect(r.stdout).toMatch(/^年报校验：/);
  const loaded = JSON.parse(/LOADED (.*)/.exec(r.stderr)?.[1] ?? "null") as string[];
  for (const heavy of ["tsx", "esbuild", "exceljs", "docx", "hyperformula", "typescript"]) expect(loaded).not.toContain(heavy);
});
