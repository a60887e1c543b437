import { createHash } from "node:crypto";
import { lstatSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { main } from "../../src/cli/main";
import { argsFor, COMMANDS, makeHostileCorpus, type HostileFile } from "../support/hostile";

/**
 * Every command on every file of the hostile corpus: the exit code and the message it must give,
 * never a crash, a stack trace or the "处理失败" of an unexpected error, and no input changed.
 * Time and memory of the same runs are measured by `npm run bench -- hostile`.
 */

jest.setTimeout(900_000);

const CORPUS = join(__dirname, "..", "fixtures", "hostile");
let files: HostileFile[];
let out: string;

beforeAll(async () => {
  files = await makeHostileCorpus(CORPUS);
  out = mkdtempSync(join(tmpdir(), "nianbao-hostile-"));
});
afterAll(() => rmSync(out, { recursive: true, force: true }));

/** Run the CLI in this process, as bin/nianbao.js does, with its output captured. */
async function run(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const write = { out: process.stdout.write.bind(process.stdout), err: process.stderr.write.bind(process.stderr) };
  process.stdout.write = (chunk: string | Uint8Array) => ((stdout += String(chunk)), true);
  process.stderr.write = (chunk: string | Uint8Array) => ((stderr += String(chunk)), true);
  try {
    return { code: await main(argv), stdout, stderr };
  } finally {
    process.stdout.write = write.out;
    process.stderr.write = write.err;
  }
}

const fingerprint = (path: string) => {
  try {
    const info = lstatSync(path);
    if (!info.isFile()) return `${info.mode}:${info.size}:${info.mtimeMs}`;
    return createHash("sha256").update(readFileSync(path)).digest("hex");
  } catch {
    return "absent";
  }
};

test("the corpus has at least 50 files of every kind", () => {
  expect(files.length).toBeGreaterThanOrEqual(50);
  for (const kind of ["workbook", "text", "html", "json", "special"])
    expect(files.filter((f) => f.kind === kind).length).toBeGreaterThan(kind === "special" || kind === "json" ? 4 : 2);
});

test.each(COMMANDS)("%s on every hostile file: the exit code and message expected, no input changed", async (command) => {
  const failures: string[] = [];
  for (const file of files) {
    const path = join(CORPUS, file.name);
    const before = fingerprint(path);
    const argv = argsFor(command, file, path, out);
    const r = await run(argv);
    const said = `${r.stdout}\n${r.stderr}`;
    const want = file.expect[command];
    const context = `${command} ${file.name} (${file.what}) → ${r.code}: ${said.trim().slice(0, 300)}`;
    if (!want) failures.push(`${context}: no expectation`);
    else {
      const codes = Array.isArray(want.code) ? want.code : [want.code];
      if (!codes.includes(r.code)) failures.push(`${context}: expected exit ${codes.join("/")}`);
      if (want.says && !want.says.test(said)) failures.push(`${context}: expected a message matching ${want.says}`);
    }
    if (/^\s{4}at /m.test(said) || /处理失败（/.test(said)) failures.push(`${context}: a crash reached the user`);
    if (r.code === 2 && !/[\u4e00-\u9fff]/.test(r.stderr)) failures.push(`${context}: exit 2 without a zh-CN message`);
    if (fingerprint(path) !== before) failures.push(`${context}: the input changed`);
    rmSync(join(out), { recursive: true, force: true });
    mkdirSync(out, { recursive: true });
  }
  expect(failures).toEqual([]);
});
