// Lint is part of `npm test`: type-checked typescript-eslint, the Office add-in rules on the host layer, and React hooks.
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import reactHooks from "eslint-plugin-react-hooks";
import officeAddins from "eslint-plugin-office-addins";
import globals from "globals";

export default tseslint.config(
  { ignores: ["dist/**", "node_modules/**", "coverage/**", "test/artifacts/**", "test/fixtures/**", "build/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    linterOptions: { reportUnusedDisableDirectives: "error" },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" }],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      eqeqeq: ["error", "smart"],
      // The port's methods are async by contract; the memory and .xlsx ports are synchronous inside.
      "@typescript-eslint/require-await": "off",
    },
  },
  {
    // Tests read the CLI's JSON output and ExcelJS cells as they come; a wrong shape fails the assertion itself.
    // src/ and bench/ keep every no-unsafe rule.
    files: ["test/**/*.ts", "test/**/*.tsx"],
    rules: {
      "@typescript-eslint/no-unsafe-assignment": "off",
      "@typescript-eslint/no-unsafe-member-access": "off",
      "@typescript-eslint/no-unsafe-call": "off",
      "@typescript-eslint/no-unsafe-argument": "off",
      "@typescript-eslint/no-unsafe-return": "off",
    },
  },
  {
    files: ["**/*.tsx"],
    plugins: { "react-hooks": reactHooks },
    rules: { ...reactHooks.configs.recommended.rules },
  },
  {
    // Where Office.js is called: load before read, sync after load, no sync in a loop.
    // (The memory and .xlsx ports implement the same interface over plain objects, so the rules would misread them.)
    files: ["src/host/office.ts", "src/host/officeFile.ts", "src/host/port.ts", "src/taskpane/index.tsx"],
    plugins: { "office-addins": officeAddins },
    rules: {
      "office-addins/call-sync-after-load": "error",
      "office-addins/call-sync-before-read": "error",
      "office-addins/load-object-before-read": "error",
      "office-addins/no-context-sync-in-loop": "error",
      "office-addins/no-empty-load": "error",
      "office-addins/no-navigational-load": "error",
      "office-addins/no-office-initialize": "error",
      "office-addins/test-for-null-using-isNullObject": "error",
    },
  },
  {
    files: ["**/*.js", "**/*.cjs", "**/*.mjs"],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: { ...tseslint.configs.disableTypeChecked.languageOptions, sourceType: "commonjs", globals: { ...globals.node } },
    rules: { ...tseslint.configs.disableTypeChecked.rules, "@typescript-eslint/no-require-imports": "off" },
  },
  {
    files: ["scripts/service-worker.js"],
    // __FILES__ and __VERSION__ are filled in by webpack.config.js.
    languageOptions: { sourceType: "script", globals: { ...globals.serviceworker, __FILES__: "readonly" } },
  },
  { files: ["eslint.config.mjs"], languageOptions: { sourceType: "module" } },
);
