export declare const DEV_URL: "https://localhost:3000/";
export declare const DEV_PORT: 3000;
export interface Page {
  readonly name: string;
  readonly entry: string;
  readonly template: string;
  readonly officeJs: boolean;
}
export declare const PAGES: readonly Page[];
export declare function normaliseBaseUrl(url: string): string;
export declare function rewriteManifestUrls(manifestXml: string, baseUrl: string): string;
