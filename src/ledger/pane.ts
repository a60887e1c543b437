/** What the task pane uses of the ledger, in one chunk fetched the first time a register is chosen (not with the pane). */
export { applicationsBehind, deriveTable3 } from "./derive";
export { applicationsListed, cellPlace, ledgerRowCells, openTableBytes, recordPlace, rememberedMapping, REQUIRED_REGISTER, writeLedger } from "./workflow";
export { deriveTable4 } from "./cases";
export { table3Of } from "./table3";
export { CASE_FIELDS, CASE_HEADERS, REGISTER_FIELDS, REGISTER_HEADERS } from "./vocabulary";
export { deadlineMessage } from "./workdays";
