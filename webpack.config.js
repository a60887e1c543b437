// Builds the task pane, the ribbon function file and the playground into dist/.
//   npm run build                                   production build for https://localhost:3000/
//   npm run build -- --env url=https://host/path/   production build whose dist/manifest.xml points at that URL
//   npm run build -- --env officejs=cdn             office.js from Microsoft's CDN instead of dist/office-js/ (scripts/office-js.js)
//   npm run dev-server                              dev server on port 3000 (see scripts/dev-certs.js for http/https)
"use strict";
const path = require("path");
const CopyWebpackPlugin = require("copy-webpack-plugin");
const HtmlWebpackPlugin = require("html-webpack-plugin");
const { DEV_PORT, PAGES, rewriteManifestUrls } = require("./scripts/addin-urls");
const { devServerTransport } = require("./scripts/dev-certs");
const { CDN_OFFICE_JS, LOCAL_OFFICE_JS, TELEMETRY_FOLDERS, officeJsSource, withoutTelemetry } = require("./scripts/office-js");
const webpack = require("webpack");
const { version } = require("./package.json");

const OFFICE_JS_DIST = path.dirname(require.resolve("@microsoft/office-js/dist/office.js"));

// office.js picks its host file (excel-win32-16.01.js, excel-web-16.00.js, …) and locale strings at
// run time, so the whole Excel part of the package is served from dist/office-js/. Other hosts,
// debug builds and type/IntelliSense files are left out (about 13 MB instead of 86 MB).
const OFFICE_JS_IGNORE = [
  "**/*.debug.js",
  "**/*.d.ts",
  "**/*vsdoc*",
  "**/outlook*",
  "**/access-*",
  "**/onenote-*",
  "**/powerpoint*",
  "**/project-*",
  "**/word*",
  "**/visio*",
  "**/custom-functions-runtime*",
  // office.js's own telemetry (oteljs_agave.js, aria-web-telemetry.js): never served, so never loaded.
  ...TELEMETRY_FOLDERS.map((folder) => `**/${folder}/**`),
];

/**
 * @param {{ url?: string, officejs?: string, WEBPACK_SERVE?: boolean, transport?: Awaited<ReturnType<typeof devServerTransport>> }} env
 *   `transport` lets scripts/start.js decide http/https once and report why.
 * @param {{ mode?: "production" | "development" }} argv
 */
/** How sources are compiled, shared by both builds. */
const MODULE_RULES = [
  {
    test: /\.tsx?$/,
    exclude: /node_modules/,
    use: {
      loader: "ts-loader",
      options: {
        // Type checking is `npm run typecheck`; the bundle only needs transpiling.
        transpileOnly: true,
        // ES modules so webpack can tree-shake @fluentui/react; ES2017 for Office 2019's EdgeHTML webview.
        compilerOptions: { module: "es2020", target: "es2017", noEmit: false, sourceMap: true },
      },
    },
  },
  {
    // Packages ship newer syntax (object spread, ?., ??, class fields, …): lowered to the same target.
    test: /\.[cm]?js$/,
    include: /node_modules/,
    exclude: /[\\/]node_modules[\\/]@microsoft[\\/]office-js[\\/]/,
    use: { loader: path.join(__dirname, "scripts/esbuild-loader.js") },
  },
];

const SPLIT_CHUNKS = {
  chunks: "all",
  cacheGroups: {
    react: { test: /[\\/]node_modules[\\/](react|react-dom|scheduler)[\\/]/, name: "react", priority: 20 },
    fluentui: { test: /[\\/]node_modules[\\/]@fluentui[\\/]/, name: "fluentui", priority: 10 },
  },
};

/** Writes sw.js beside the browser edition with every file the build emitted, so it can cache them all. */
class ServiceWorkerPlugin {
  apply(compiler) {
    compiler.hooks.thisCompilation.tap("NianbaoServiceWorker", (compilation) =>
      compilation.hooks.processAssets.tap({ name: "NianbaoServiceWorker", stage: webpack.Compilation.PROCESS_ASSETS_STAGE_REPORT }, (assets) => {
        const files = Object.keys(assets)
          .filter((f) => !/\.(map|txt)$/.test(f) && f !== "sw.js")
          .sort();
        const hash = require("crypto").createHash("sha256").update(files.join("\n")).digest("hex").slice(0, 12);
        const template = require("fs").readFileSync(path.join(__dirname, "scripts/service-worker.js"), "utf8");
        const source = template.split("__VERSION__").join(`${version}-${hash}`).split("__FILES__").join(JSON.stringify(files));
        compilation.emitAsset("sw.js", new webpack.sources.RawSource(source));
      }),
    );
  }
}

/**
 * The browser edition: dist/web/, a static folder (index.html, its bundles, sw.js, icons) for any
 * intranet web server. It loads nothing from another origin and no office.js.
 */
function webConfig(production) {
  return {
    name: "web",
    mode: production ? "production" : "development",
    devtool: production ? "source-map" : "eval-cheap-module-source-map",
    context: __dirname,
    // As the add-in: ES2017 runtime and the polyfills first, so an old Edge or WPS's browser runs it.
    target: ["web", "es2017"],
    entry: { web: ["./src/polyfills.ts", "./src/web/index.tsx"] },
    output: {
      path: path.join(__dirname, "dist", "web"),
      filename: production ? "[name].[contenthash:8].js" : "[name].js",
      chunkFilename: production ? "[name].[contenthash:8].js" : "[name].js",
      publicPath: "auto",
      clean: true,
    },
    resolve: { extensions: [".ts", ".tsx", ".js"] },
    module: { rules: MODULE_RULES },
    optimization: { splitChunks: SPLIT_CHUNKS },
    performance: { hints: false },
    plugins: [
      new HtmlWebpackPlugin({ filename: "index.html", template: "./src/web/index.html", chunks: ["web"] }),
      new CopyWebpackPlugin({
        patterns: [
          { from: "assets/icon-*.png", to: "assets/[name][ext]" },
          // As in the pane: the CJK character maps pdf.js needs for PDFs without embedded fonts.
          { from: path.join(path.dirname(require.resolve("pdfjs-dist/package.json")), "cmaps"), to: "pdfjs/cmaps", info: { minimized: true } },
        ],
      }),
      new webpack.DefinePlugin({ __NIANBAO_VERSION__: JSON.stringify(version) }),
      new ServiceWorkerPlugin(),
    ],
  };
}

module.exports = async (env = {}, argv = {}) => {
  const production = (argv.mode ?? "production") === "production";
  // `npm run build` builds both; the dev server (`npm start`) and `--env only=addin` the add-in alone.
  if (env.only === "web") return webConfig(production);
  const addin = await addinConfig(env, production);
  return env.WEBPACK_SERVE || env.only === "addin" ? addin : [addin, webConfig(production)];
};

async function addinConfig(env, production) {
  const deployUrl = typeof env.url === "string" && env.url ? env.url : undefined;
  if (deployUrl) rewriteManifestUrls("", deployUrl); // fail fast on a bad URL, before compiling
  const transport = env.WEBPACK_SERVE ? (env.transport ?? (await devServerTransport())) : undefined;
  const officeJs = officeJsSource(env.officejs);

  return {
    name: "addin",
    mode: production ? "production" : "development",
    devtool: production ? "source-map" : "eval-cheap-module-source-map",
    context: __dirname,
    // webpack's own runtime code, too, for the EdgeHTML 18 webview of Office 2019.
    target: ["web", "es2017"],
    // Each page loads the polyfills first (src/polyfills.ts says why).
    entry: Object.fromEntries(PAGES.map((page) => [page.name, ["./src/polyfills.ts", page.entry]])),
    output: {
      path: path.join(__dirname, "dist"),
      filename: production ? "[name].[contenthash:8].js" : "[name].js",
      chunkFilename: production ? "[name].[contenthash:8].js" : "[name].js",
      publicPath: "auto",
      // dist/web/ is the browser edition's own build.
      clean: { keep: /^web[\\/]/ },
    },
    resolve: { extensions: [".ts", ".tsx", ".js"] },
    module: { rules: MODULE_RULES },
    optimization: { splitChunks: SPLIT_CHUNKS },
    performance: { hints: false }, // scripts/check-dist.js enforces the gzipped budget instead
    plugins: [
      ...PAGES.map(
        (page) =>
          new HtmlWebpackPlugin({
            filename: `${page.name}.html`,
            template: page.template,
            chunks: [page.name],
            templateParameters: { officeJs: officeJs === "cdn" ? CDN_OFFICE_JS : LOCAL_OFFICE_JS },
          }),
      ),
      new CopyWebpackPlugin({
        patterns: [
          { from: "assets/*.png", to: "assets/[name][ext]" },
          {
            from: "manifest.xml",
            to: "manifest.xml",
            transform: (content) => (deployUrl ? rewriteManifestUrls(content.toString("utf8"), deployUrl) : content),
          },
          // CJK character maps pdf.js needs for PDFs without embedded fonts (fetched only by such a PDF).
          { from: path.join(path.dirname(require.resolve("pdfjs-dist/package.json")), "cmaps"), to: "pdfjs/cmaps", info: { minimized: true } },
          // Copied as shipped but for the telemetry page blanked; `minimized` keeps Terser off Microsoft's minified files.
          ...(officeJs === "local"
            ? [
                {
                  from: OFFICE_JS_DIST,
                  to: "office-js",
                  globOptions: { ignore: OFFICE_JS_IGNORE },
                  info: { minimized: true },
                  transform: (content, from) => (from.endsWith(".js") ? withoutTelemetry(content) : content),
                },
              ]
            : []),
        ],
      }),
      new webpack.DefinePlugin({ __NIANBAO_VERSION__: JSON.stringify(version) }),
      // What scripts/check-dist.js checks the build against.
      {
        apply(compiler) {
          compiler.hooks.thisCompilation.tap("NianbaoBuildInfo", (compilation) =>
            compilation.hooks.processAssets.tap({ name: "NianbaoBuildInfo", stage: webpack.Compilation.PROCESS_ASSETS_STAGE_ADDITIONAL }, () =>
              compilation.emitAsset("build.json", new webpack.sources.RawSource(JSON.stringify({ version, officejs: officeJs }))),
            ),
          );
        },
      },
    ],
    devServer: transport && {
      port: DEV_PORT,
      host: "localhost",
      server: transport.type === "https" ? { type: "https", options: transport.options } : { type: "http" },
      headers: { "Access-Control-Allow-Origin": "*" },
      static: false,
      devMiddleware: { stats: "minimal" },
      client: { overlay: { warnings: false } },
    },
  };
}
