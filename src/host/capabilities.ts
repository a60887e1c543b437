/**
 * What the Excel host can do, detected once when the pane starts (from the requirement sets it
 * reports) and passed down. Code asks "can this host write data validation?", never "which Office
 * is this?". tests/unit/office-contract.test.ts checks that every Excel API member src/ uses lies
 * within the set that gates it here, and that the office.js we ship has it.
 */

/** The lowest ExcelApi the add-in runs on (declared in manifest.xml too): Office 2019 (volume licence) stops at 1.7. */
export const MINIMUM_EXCEL_API = "1.7";

/** Excel features above the minimum. Each degrades visibly when absent (the pane says what instead). */
export interface ExcelFeatures {
  /** ExcelApi 1.8: input rules and prompts (data validation) on the input cells. */
  readonly dataValidation: boolean;
  /** ExcelApi 1.9: several areas in one range, so many cells are formatted and highlighted per call. */
  readonly rangeAreas: boolean;
  /** ExcelApi 1.9: print setup (A4, orientation, one page wide, repeated title rows). */
  readonly pageLayout: boolean;
  /** ExcelApi 1.10: comments, for the mark 来自上年，待确认 on carried cells. */
  readonly comments: boolean;
}

export type Feature = keyof ExcelFeatures;

/** The ExcelApi version that brings each feature. */
export const FEATURE_SETS: Readonly<Record<Feature, string>> = { dataValidation: "1.8", rangeAreas: "1.9", pageLayout: "1.9", comments: "1.10" };

/*
 * What real Excel cannot do with the office.js we ship, whatever its version, and so is never
 * tried: select several areas (RangeAreas.select is in the typings, not in the library; a jump
 * selects the first area and highlights them all) and notes (ExcelApi 1.18, not in the library;
 * carried cells get a comment instead).
 */

type HostPlatform = "windows" | "mac" | "web" | "ios" | "android" | "other";

export interface HostCapabilities {
  /** The newest ExcelApi version the host reports ("1.14"); null when it reports none. */
  readonly excelApi: string | null;
  /** At least MINIMUM_EXCEL_API. */
  readonly supported: boolean;
  readonly platform: HostPlatform;
  readonly features: ExcelFeatures;
  /** A file handed to the webview as a download is saved (not in the Excel for Mac and iPad webviews, office-js issue 2700). */
  readonly download: boolean;
}

export const ALL_FEATURES: ExcelFeatures = { dataValidation: true, rangeAreas: true, pageLayout: true, comments: true };

/** Excel versions with the ExcelApi sets they reach; the newest is probed first. */
const PROBED_VERSIONS = Array.from({ length: 20 }, (_, i) => `1.${20 - i}`);

export interface RequirementSets {
  isSetSupported(name: string, minVersion?: string): boolean;
}

export function compareVersions(a: string, b: string): number {
  const [am, an] = a.split(".").map(Number);
  const [bm, bn] = b.split(".").map(Number);
  return am - bm || an - bn;
}

/** Features at an ExcelApi version. */
function featuresAt(excelApi: string | null): ExcelFeatures {
  const has = (f: Feature) => excelApi !== null && compareVersions(excelApi, FEATURE_SETS[f]) >= 0;
  return { dataValidation: has("dataValidation"), rangeAreas: has("rangeAreas"), pageLayout: has("pageLayout"), comments: has("comments") };
}

/** Office.PlatformType ("PC", "Mac", "OfficeOnline", …) in our words. */
function platformOf(officePlatform: string | null | undefined): HostPlatform {
  switch (officePlatform) {
    case "PC":
    case "Universal":
      return "windows";
    case "Mac":
      return "mac";
    case "OfficeOnline":
      return "web";
    case "iOS":
      return "ios";
    case "Android":
      return "android";
    default:
      return "other";
  }
}

export function detectCapabilities(requirements: RequirementSets, officePlatform: string | null | undefined): HostCapabilities {
  const excelApi = PROBED_VERSIONS.find((v) => requirements.isSetSupported("ExcelApi", v)) ?? (requirements.isSetSupported("ExcelApi", "1.1") ? "1.1" : null);
  const platform = platformOf(officePlatform);
  return {
    excelApi,
    supported: excelApi !== null && compareVersions(excelApi, MINIMUM_EXCEL_API) >= 0,
    platform,
    features: featuresAt(excelApi),
    download: platform !== "mac" && platform !== "ios",
  };
}
