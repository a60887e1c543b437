import type { Bench } from "../harness";
import { exportReport } from "./export";
import { importFiles, importReports } from "./import";
import { narrativeCheck } from "./narrative";
import { officeSyncs, paneBundle } from "./pane";
import { buildWorkbook, validateWorkbook } from "./single";
import { validate1000 } from "./validate1000";
import { aggregate1000 } from "./aggregate1000";
import { cliColdStart } from "./cli";
import { ledger5000 } from "./ledger";
import { hostileCorpus } from "./hostile";
import { rulesOnly } from "./rules";
import { webEdition } from "./web";

/** Every benchmark, in run order. Add new ones here. */
export const BENCHES: Bench[] = [
  buildWorkbook,
  validateWorkbook,
  cliColdStart,
  officeSyncs,
  paneBundle,
  validate1000,
  exportReport,
  aggregate1000,
  importReports,
  importFiles,
  narrativeCheck,
  ledger5000,
  rulesOnly,
  hostileCorpus,
  webEdition,
];
