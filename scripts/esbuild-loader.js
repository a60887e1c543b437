// A webpack loader that lowers the syntax of third-party modules to what Office 2019's webview
// (EdgeHTML 18: ES2017) parses. Our own TypeScript is lowered by ts-loader to the same target.
// Regular expressions esbuild cannot lower become `new RegExp(…)`, so a chunk still parses and only
// the one function using them would fail (HyperFormula's PROPER, for instance).
"use strict";
const esbuild = require("esbuild");

const TARGET = "es2017";

// `import(/*webpackIgnore: true*/ x)` stays a native import(), which EdgeHTML cannot even parse. In the
// packages we bundle these are fallbacks we never reach (pdf.js loading its worker or an image decoder
// from a URL; we hand it the bundled worker), so they become a rejected promise the package handles.
const IGNORED_IMPORT = /\bimport\(\s*\/\*\s*webpackIgnore:\s*true\s*\*\//g;
const REJECTED_IMPORT = '(function (s) { return Promise.reject(new Error("import(" + s + ") is not available in this build")); })(';

module.exports = function esbuildLoader(source, map) {
  const done = this.async();
  esbuild
    .transform(source.replace(IGNORED_IMPORT, REJECTED_IMPORT), {
      loader: "js",
      target: TARGET,
      format: undefined,
      // A source map of the rewritten text would be off by the rewrite: packages keep none.
      sourcemap: false,
      sourcefile: this.resourcePath,
      supported: { "dynamic-import": true }, // webpack resolves import() itself
      logLevel: "silent",
    })
    .then((result) => done(null, result.code, map))
    .catch(done);
};
module.exports.TARGET = TARGET;
