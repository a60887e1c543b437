/**
 * Loading pdf.js (pdfjs-dist, an ES module) only when a PDF is read. In the task pane webpack
 * splits it into chunks fetched on first use; in Node (the CLI, tsx, jest) it is imported
 * natively. The worker's message handler runs in the same thread (globalThis.pdfjsWorker), so no
 * worker script URL is needed anywhere.
 */

import type * as Pdfjs from "pdfjs-dist";
import type * as NodeModule from "node:module";
import type * as NodePath from "node:path";

type PdfjsModule = typeof Pdfjs;

let loading: Promise<PdfjsModule> | null = null;

const isNode = typeof process !== "undefined" && typeof process.versions?.node === "string" && typeof window === "undefined";

/** A Node built-in module, without an import a browser bundler would try to resolve (pdf.js needs Node ≥ 20.19 anyway). */
function builtin<T>(id: string): T {
  const get = (process as unknown as { getBuiltinModule?: (id: string) => unknown }).getBuiltinModule;
  if (!get) throw new Error("读取 PDF 需要 Node.js 20.19 或更高版本");
  return get(id) as T;
}

async function nodeImport<T>(specifier: string): Promise<T> {
  try {
    // A real import(), which CommonJS transpilers would otherwise turn into require().
    // eslint-disable-next-line @typescript-eslint/no-implied-eval -- the only way to keep a native import() past the CommonJS transpile
    const native = new Function("s", "return import(s)") as (s: string) => Promise<T>;
    return await native(specifier);
  } catch {
    // Test runners without dynamic import in their sandbox (jest): Node's own require, which
    // loads ES modules (Node ≥ 20.19), taken past the runner's module registry.
    return builtin<typeof NodeModule>("node:module").createRequire(__filename)(specifier) as T;
  }
}

export function loadPdfjs(): Promise<PdfjsModule> {
  loading ??= (async () => {
    const [lib, worker] = isNode
      ? await Promise.all([nodeImport<PdfjsModule>("pdfjs-dist/legacy/build/pdf.mjs"), nodeImport<object>("pdfjs-dist/legacy/build/pdf.worker.mjs")])
      : await Promise.all([
          import(/* webpackChunkName: "pdfjs" */ "pdfjs-dist/legacy/build/pdf.mjs") as Promise<PdfjsModule>,
          import(/* webpackChunkName: "pdfjs-worker" */ "pdfjs-dist/legacy/build/pdf.worker.mjs") as Promise<object>,
        ]);
    (globalThis as { pdfjsWorker?: object }).pdfjsWorker = worker;
    return lib;
  })();
  return loading;
}

/** Where pdf.js finds the CJK character maps that PDFs without embedded fonts need. */
export async function cMapUrl(): Promise<string | undefined> {
  if (isNode) {
    const { createRequire } = builtin<typeof NodeModule>("node:module");
    const path = builtin<typeof NodePath>("node:path");
    try {
      return `${path.join(path.dirname(createRequire(__filename).resolve("pdfjs-dist/package.json")), "cmaps")}/`;
    } catch {
      return undefined;
    }
  }
  // Served beside the pane by the build (webpack copies pdfjs-dist/cmaps to dist/pdfjs/cmaps).
  return new URL("pdfjs/cmaps/", document.baseURI).href;
}
