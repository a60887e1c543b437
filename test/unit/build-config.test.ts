import { CDN_OFFICE_JS, LOCAL_OFFICE_JS, TELEMETRY_PAGE, officeJsSource, withoutTelemetry } from "../../scripts/office-js";

/**
 * The build choice --env officejs=local|cdn, read from webpack.config.js without compiling: which
 * office.js the pages load, and that a local build copies none of office.js's telemetry.
 */

// eslint-disable-next-line @typescript-eslint/no-require-imports
const makeConfig = require("../../webpack.config.js") as (env: Record<string, string>, argv: Record<string, string>) => Promise<Config | Config[]>;
interface Config {
  name: string;
  plugins: object[];
  output: { path: string };
}

interface HtmlPlugin {
  userOptions: { filename: string; templateParameters?: { officeJs?: string } };
}
interface CopyPattern {
  from: string;
  to: string;
  globOptions?: { ignore?: string[] };
  transform?: (content: Buffer, from: string) => Buffer;
}

async function configFor(env: Record<string, string>) {
  const built = await makeConfig(env, { mode: "production" });
  const config = Array.isArray(built) ? built.find((c) => c.name === "addin")! : built;
  const pages = config.plugins.filter((p) => p.constructor.name === "HtmlWebpackPlugin") as unknown as HtmlPlugin[];
  const copy = config.plugins.find((p) => p.constructor.name === "CopyPlugin") as unknown as { patterns: CopyPattern[] };
  return {
    pages: Object.fromEntries(pages.map((p) => [p.userOptions.filename, p.userOptions.templateParameters?.officeJs])),
    officeJs: copy.patterns.find((p) => p.to === "office-js"),
  };
}

test("local (the default): the pages load office-js/office.js, copied without the telemetry folders, the telemetry page blanked", async () => {
  const { pages, officeJs } = await configFor({});
  expect(pages).toEqual({ "taskpane.html": LOCAL_OFFICE_JS, "commands.html": LOCAL_OFFICE_JS, "playground.html": LOCAL_OFFICE_JS });
  expect(officeJs?.globOptions?.ignore).toEqual(expect.arrayContaining(["**/telemetry/**", "**/ariatelemetry/**"]));
  const page = Buffer.from(`this.telemetryEndPoint="${TELEMETRY_PAGE}";`);
  expect(officeJs?.transform?.(page, "/x/o15apptofilemappingtable.js").toString()).toBe('this.telemetryEndPoint="about:blank";');
  expect((await configFor({ officejs: "local" })).pages).toEqual(pages);
});

test("cdn: the pages load office.js from Microsoft's CDN and dist/ carries no copy", async () => {
  const { pages, officeJs } = await configFor({ officejs: "cdn" });
  expect(pages["taskpane.html"]).toBe(CDN_OFFICE_JS);
  expect(pages["commands.html"]).toBe("https://appsforoffice.microsoft.com/lib/1/hosted/office.js");
  expect(officeJs).toBeUndefined();
});

test("anything else is refused in zh-CN", () => {
  expect(() => officeJsSource("internet")).toThrow("--env officejs=internet：只能是 local（默认，内网）或 cdn（微软 CDN）");
  expect(withoutTelemetry(Buffer.from("no telemetry here")).toString()).toBe("no telemetry here");
});

test("npm run build also writes the browser edition to dist/web/: index.html, no office.js, a service worker", async () => {
  const built = await makeConfig({}, { mode: "production" });
  expect(Array.isArray(built) && built.map((c) => c.name)).toEqual(["addin", "web"]);
  const web = (built as Config[])[1];
  expect(web.output.path.replace(/\\/g, "/")).toMatch(/\/dist\/web$/);
  const pages = web.plugins.filter((p) => p.constructor.name === "HtmlWebpackPlugin") as unknown as HtmlPlugin[];
  expect(pages.map((p) => [p.userOptions.filename, p.userOptions.templateParameters?.officeJs])).toEqual([["index.html", undefined]]);
  expect(web.plugins.some((p) => p.constructor.name === "ServiceWorkerPlugin")).toBe(true);
});
