/** Two projects: `unit` needs only npm; `e2e` needs Chromium and LibreOffice (see README). */
const transform = {
  "^.+\\.(t|j)sx?$": [
    "@swc/jest",
    { jsc: { parser: { syntax: "typescript", tsx: true }, transform: { react: { runtime: "automatic" } } }, module: { type: "commonjs" } },
  ],
};
// Fake Excel checks itself against the office.js we ship (test/support/officeSurface.ts).
const setupFiles = ["<rootDir>/test/support/jest.setup.ts"];
module.exports = {
  // Generous: CI is a 2-core machine, and the suites build and read real workbooks.
  testTimeout: 180000,
  projects: [
    {
      displayName: "unit",
      testEnvironment: "node",
      transform,
      setupFiles,
      testMatch: ["<rootDir>/test/unit/**/*.test.ts", "<rootDir>/test/integration/**/*.test.ts"],
    },
    { displayName: "e2e", testEnvironment: "node", transform, setupFiles, testMatch: ["<rootDir>/test/e2e/**/*.test.ts"] },
  ],
};
