import { createContext, useContext } from "react";
import { ALL_FEATURES, type HostCapabilities } from "../host/capabilities";

/** The playground and tests: the memory workbook can do everything, and the browser saves files. */
export const FULL_HOST: HostCapabilities = { excelApi: null, supported: true, platform: "other", features: ALL_FEATURES, download: true };

/** What the host can do, detected once at start (src/taskpane/index.tsx) and read by the panels. */
export const HostContext = createContext<HostCapabilities>(FULL_HOST);

export const useHost = (): HostCapabilities => useContext(HostContext);
