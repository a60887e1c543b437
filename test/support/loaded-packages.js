// Preloaded by test/integration/cli-shell.test.ts (node -r): at exit, prints to stderr which
// packages of node_modules the process loaded, so a test can see what a command starts with.
"use strict";
process.on("exit", () => {
  const packages = new Set();
  for (const file of Object.keys(require.cache)) {
    const m = /[\\/]node_modules[\\/]((?:@[^\\/]+[\\/])?[^\\/]+)/.exec(file);
    if (m) packages.add(m[1].replace(/\\/g, "/"));
  }
  process.stderr.write(`LOADED ${JSON.stringify([...packages].sort())}\n`);
});
