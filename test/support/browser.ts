import { existsSync, mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { serveStatic } from "./static-server";

const CHROMIUM = "/usr/bin/chromium";
export const ARTIFACTS = join(__dirname, "../artifacts");

/** Debian's Chromium, headless, with a fresh profile and no background traffic. */
export async function launch(): Promise<{ context: BrowserContext; page: Page; requests: string[] }> {
  if (!existsSync(CHROMIUM)) throw new Error(`找不到 ${CHROMIUM}：请先安装 chromium（见 README 的 apt-get 命令）`);
  mkdirSync(ARTIFACTS, { recursive: true });
  const context = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), "nianbao-chromium-")), {
    executablePath: CHROMIUM,
    headless: true,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    viewport: { width: 1440, height: 960 },
  });
  const requests: string[] = [];
  context.on("request", (r) => requests.push(r.url()));
  const page = context.pages()[0] ?? (await context.newPage());
  return { context, page, requests };
}

/** Every request the page made stayed on this machine. */
export function offsite(requests: string[]): string[] {
  return requests.filter((u) => {
    if (u.startsWith("data:") || u.startsWith("blob:") || u.startsWith("about:")) return false;
    const host = new URL(u).hostname;
    return host !== "127.0.0.1" && host !== "localhost";
  });
}

/** The built playground served from dist/ on 127.0.0.1, opened in a fresh headless Chromium. */
export async function openPlayground(dist = join(__dirname, "../../dist")) {
  if (!existsSync(join(dist, "playground.html"))) throw new Error("dist/ 不存在：请先运行 npm run build（npm run test:e2e 会自动构建）");
  const { url: base, server } = await serveStatic(dist);
  const { context, page, requests } = await launch();
  const close = async () => {
    await context.close();
    server.close();
  };
  return { base, context, page, requests, close };
}
