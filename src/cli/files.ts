import { constants } from "node:fs";
import { open, realpath, rename, stat, unlink, writeFile } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import { randomBytes } from "node:crypto";
import { FileError, LimitError, LIMITS } from "../host/limits";

/**
 * Files the command line reads and writes. Only regular files are read (a FIFO named x.xlsx or a
 * link to /dev/zero is refused before a byte is read), within a size budget. An output is never
 * one of the inputs (paths compared after following links, and by device and inode), and is
 * written to a temporary name beside it, then renamed, so a failed write leaves the old file whole.
 */

function reason(e: unknown): string {
  switch ((e as NodeJS.ErrnoException).code) {
    case "ENOENT":
      return "文件不存在";
    case "EACCES":
    case "EPERM":
      return "没有读取权限";
    case "ELOOP":
      return "符号链接形成了循环";
    case "ENOTDIR":
      return "路径中的某一级不是目录";
    case "EISDIR":
      return "这是一个目录，不是文件";
    case "ENAMETOOLONG":
      return "文件名过长";
    default:
      return (e as Error).message;
  }
}

/** Read a whole regular file of at most `maxBytes`; `what` names it in messages (e.g. "单位报表"). */
export async function readInputFile(path: string, what = "文件", maxBytes: number = LIMITS.fileBytes): Promise<Buffer> {
  let handle;
  try {
    // O_NONBLOCK: opening a FIFO with no writer must not hang; it is then refused as not a regular file.
    handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    throw new FileError(`无法读取${what} ${path}：${reason(e)}。`);
  }
  try {
    const info = await handle.stat();
    if (info.isDirectory()) throw new FileError(`无法读取${what} ${path}：这是一个目录，不是文件。`);
    if (!info.isFile()) throw new FileError(`无法读取${what} ${path}：不是普通文件（是设备、管道或套接字），为安全起见不读取。`);
    if (info.size > maxBytes) throw new LimitError(path, "fileBytes");
    // Read at most one byte past the budget: a file that grows while being read is refused too.
    const buffer = Buffer.alloc(Math.min(info.size, maxBytes) + 1);
    let length = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, length);
      if (bytesRead === 0) break;
      length += bytesRead;
      if (length > maxBytes) throw new LimitError(path, "fileBytes");
      if (length === buffer.length) break;
    }
    return buffer.subarray(0, length);
  } catch (e) {
    if (e instanceof FileError || e instanceof LimitError) throw e;
    throw new FileError(`无法读取${what} ${path}：${reason(e)}。`);
  } finally {
    await handle.close();
  }
}

interface Identity {
  path: string;
  real: string;
  dev?: number;
  ino?: number;
}

async function identify(path: string): Promise<Identity> {
  const absolute = resolve(path);
  try {
    const real = await realpath(absolute);
    const info = await stat(real);
    return { path, real, dev: info.dev, ino: info.ino };
  } catch {
    // Not there yet: the file it will be, in the real directory.
    try {
      return { path, real: join(await realpath(dirname(absolute)), basename(absolute)) };
    } catch {
      return { path, real: absolute };
    }
  }
}

const same = (a: Identity, b: Identity) => a.real === b.real || (a.ino !== undefined && a.dev === b.dev && a.ino === b.ino);

export interface OutputSpec {
  path: string;
  /** The option that named it, e.g. "--out". */
  flag: string;
}

/**
 * Check outputs before any work: none is an input, none is a directory, the directory exists,
 * and no two outputs are the same file. Returns the real paths to write to (links followed).
 */
export async function checkOutputs(outputs: OutputSpec[], inputs: string[]): Promise<Map<string, string>> {
  const ins = await Promise.all(inputs.map(identify));
  const seen: { spec: OutputSpec; id: Identity }[] = [];
  const targets = new Map<string, string>();
  for (const spec of outputs) {
    const id = await identify(spec.path);
    const input = ins.find((i) => same(i, id));
    if (input) throw new FileError(`${spec.flag} ${spec.path} 与输入文件 ${input.path} 是同一个文件：输出不能覆盖输入。请换一个输出文件名。`);
    const twin = seen.find((s) => same(s.id, id));
    if (twin) throw new FileError(`${spec.flag} ${spec.path} 与 ${twin.spec.flag} ${twin.spec.path} 是同一个文件：两个输出不能写到一处。`);
    try {
      const info = await stat(id.real);
      if (info.isDirectory()) throw new FileError(`${spec.flag} ${spec.path} 是一个目录，不是文件。请给出输出文件名，如 ${join(spec.path, "report.xlsx")}。`);
      if (!info.isFile()) throw new FileError(`${spec.flag} ${spec.path} 不是普通文件（是设备、管道或套接字），不能写入。`);
    } catch (e) {
      if (e instanceof FileError) throw e;
      try {
        if (!(await stat(dirname(id.real))).isDirectory()) throw new Error("not a directory");
      } catch {
        throw new FileError(`${spec.flag} ${spec.path}：所在目录 ${dirname(resolve(spec.path))} 不存在。`);
      }
    }
    seen.push({ spec, id });
    targets.set(spec.path, id.real);
  }
  return targets;
}

/** Write through a temporary file beside the target and rename it into place. */
export async function writeOutputFile(target: string, data: Uint8Array | string, flag = "输出"): Promise<void> {
  const temp = join(dirname(target), `.${basename(target)}.${process.pid}-${randomBytes(4).toString("hex")}.tmp`);
  try {
    await writeFile(temp, data, { flag: "wx", mode: 0o644 });
    await rename(temp, target);
  } catch (e) {
    await unlink(temp).catch(() => undefined);
    throw new FileError(`无法写入${flag} ${target}：${reason(e) === "没有读取权限" ? "没有写入权限" : reason(e)}。原有文件（如有）未被改动。`);
  }
}
