/// <reference types="office-js" />
/**
 * The real task pane (src/taskpane/index.tsx, unchanged) started inside a stand-in for Excel: the
 * fake Excel (test/support/fakeExcel.ts) restricted to one host level and platform, and the few
 * Office globals the pane reads at start. Bundled by test/e2e/host-levels.test.ts with esbuild.
 *   fakeHost.html?level=1.7&platform=mac[&selftest=1][&stale=1]
 * stale=1: before the pane starts, an earlier pane generated a report and jumped, and was closed
 * with its highlight still in the workbook.
 * The test reaches the fake as window.__nbFake (to type into cells, as a user would in Excel).
 */
import { FakeExcel } from "../../support/fakeExcel";
import type { Platform, Surface } from "../../support/officeSurface";

declare global {
  interface Window {
    __nbSurface?: Surface;
    __nbFake?: FakeExcel;
  }
}

const params = new URLSearchParams(window.location.search);
FakeExcel.defaultSurface = window.__nbSurface ?? null;
const fake = new FakeExcel({ level: params.get("level") ?? undefined, platform: (params.get("platform") as Platform | null) ?? undefined });
window.__nbFake = fake;

/** getFileAsync hands out the workbook as one slice (a stand-in .xlsx: the pane only passes it on). */
const xlsx = Uint8Array.from([0x50, 0x4b, 0x03, 0x04, ...new Array(4096).fill(0)]);
const succeeded = <T,>(value: T) => ({ status: "succeeded", value }) as unknown as Office.AsyncResult<T>;
const document = {
  getFileAsync: (_type: unknown, _options: unknown, callback: (r: Office.AsyncResult<Office.File>) => void) =>
    callback(
      succeeded({
        size: xlsx.length,
        sliceCount: 1,
        getSliceAsync: (_i: number, cb: (r: Office.AsyncResult<Office.Slice>) => void) => cb(succeeded({ data: xlsx, index: 0, size: xlsx.length })),
        closeAsync: (cb: () => void) => cb(),
      }),
    ),
};

const globals = window as unknown as Record<string, unknown>;
globals.Excel = fake;
globals.Office = {
  HostType: { Excel: "Excel" },
  FileType: { Compressed: "compressed" },
  AsyncResultStatus: { Succeeded: "succeeded", Failed: "failed" },
  context: { requirements: fake.requirements, document, platform: fake.officePlatform },
  onReady: () => Promise.resolve({ host: "Excel", platform: fake.officePlatform }),
};

async function earlierPane(): Promise<void> {
  const { OfficeWorkbook } = await import("../../../src/host/office");
  const { generate } = await import("../../../src/workbook/rebuild");
  const earlier = new OfficeWorkbook(fake);
  await generate(earlier, { year: 2023, orgName: "某某局" });
  await earlier.jump({ sheet: "表三", addresses: ["D5", "D7"] });
}

// After the globals: the pane's entry point reads them when it starts.
void (params.get("stale") === "1" ? earlierPane() : Promise.resolve()).then(() => import("../../../src/taskpane/index"));
