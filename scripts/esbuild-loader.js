// A webpack loader that lowers the syntax of third-party modules to what Office 2019's webview
// (EdgeHTML 18: ES2017) parses. Our own TypeScript is lowered by ts-loader to the same target.
// Regular expressions esbuild cannot lower become `new RegExp(…)`, so a chunk still parses and only
// the one function using them would fail (HyperFormula's PROPER, for instance).
"use strict";
const esbuild = require("esbuild");

const TARGET = "es2017";

module.exports = function esbuildLoader(source, map) {
  const done = this.async();
  esbuild
    .transform(source, {
      loader: "js",
      target: TARGET,
      format: undefined,
      sourcemap: this.sourceMap ? "external" : false,
      sourcefile: this.resourcePath,
      supported: { "dynamic-import": true }, // webpack resolves import() itself
      logLevel: "silent",
    })
    .then((result) => done(null, result.code, result.map || map))
    .catch(done);
};
module.exports.TARGET = TARGET;
