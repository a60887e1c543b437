/** Two projects: `unit` needs only npm; `e2e` needs Chromium and LibreOffice (see README). */
const transform = { "^.+\\.(t|j)sx?$": ["@swc/jest", { jsc: { parser: { syntax: "typescript", tsx: true }, transform: { react: { runtime: "automatic" } } }, module: { type: "commonjs" } }] };
module.exports = {
  projects: [
    { displayName: "unit", testEnvironment: "node", testTimeout: 120000, transform, testMatch: ["<rootDir>/test/unit/**/*.test.ts", "<rootDir>/test/integration/**/*.test.ts"] },
    { displayName: "e2e", testEnvironment: "node", testTimeout: 300000, transform, testMatch: ["<rootDir>/test/e2e/**/*.test.ts"] },
  ],
};
