/** Types for scripts/office-js.js (plain CommonJS so webpack.config.js can require it). */
export declare const SOURCES: readonly ["local", "cdn"];
export declare const LOCAL_OFFICE_JS: string;
export declare const CDN_OFFICE_JS: string;
export declare const TELEMETRY_FOLDERS: string[];
export declare const TELEMETRY_PAGE: string;
export declare const TELEMETRY_HOSTS: string[];
export declare function officeJsSource(value: unknown): "local" | "cdn";
export declare function withoutTelemetry(content: Buffer): Buffer;
