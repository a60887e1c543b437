/// <reference types="office-js" />

// Function file for the ribbon (FunctionFile in manifest.xml). Both ribbon buttons are
// ShowTaskpane actions, so there are no ExecuteFunction handlers to associate yet; Office
// still loads this page and expects Office.onReady to be called.
void Office.onReady(() => undefined);

export {};
