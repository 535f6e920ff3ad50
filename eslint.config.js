// ESLint checks the module boundaries, not style: typescript-eslint's parser and a handful of rules (issue #15).
// `npm run lint` runs it; `npm test` runs that after the TypeScript check.
import { createTypeScriptImportResolver } from "eslint-import-resolver-typescript";
import importX from "eslint-plugin-import-x";
import reactHooks from "eslint-plugin-react-hooks";
import tseslint from "typescript-eslint";

// Each boundary is a regex on the import specifier. `(#app|\.\.?)(/\.\.)*/` matches both the `#app/...` alias
// (package.json "imports") and any relative path climbing up to app/ (`../models/x`, `../../db.server`).
const APP = String.raw`^(#app|\.\.?)(/\.\.)*/`;

const NO_SIMULATOR = {
  regex: String.raw`^(\.\./)+simulator(/|$)`,
  message: "app/ never imports the simulator: it is a test stand-in for Shopify, not part of the app.",
};

const ROUTES = [
  {
    regex: `${APP}db\\.server(\\.ts)?$`,
    message: "Routes never touch the database: go through a service in app/services/.",
  },
  {
    regex: `${APP}models(/|$)`,
    message: "Routes never import app/models/: go through a service in app/services/.",
  },
];

const DOMAIN = [
  {
    regex: String.raw`\.server(\.tsx?)?$`,
    message: "app/domain/ is pure: it never imports a *.server module.",
  },
  {
    regex: String.raw`^(@prisma/client|@remix-run/|@shopify/)`,
    message: "app/domain/ is pure: no Prisma, Remix or Shopify imports.",
  },
];

const SERVICES = [
  {
    regex: `${APP}jobs(/|$)`,
    message: "app/services/ never imports app/jobs/: jobs call services, not the other way round.",
  },
];

const restrict = (...patterns) => ["error", { patterns }];

export default tseslint.config(
  {
    ignores: ["build/**", "node_modules/**", ".cache/**", "extensions/**/assets/**", "bench/results/**", "public/build/**"],
  },
  {
    files: ["app/**/*.{ts,tsx}", "scripts/**/*.{ts,tsx}", "simulator/**/*.{ts,tsx}", "test/**/*.{ts,tsx}"],
    languageOptions: {
      parser: tseslint.parser,
      ecmaVersion: "latest",
      sourceType: "module",
      parserOptions: { ecmaFeatures: { jsx: true } },
    },
    // typescript-eslint's and react-hooks' plugins are loaded, none of their rules on, so that the code's existing
    // `eslint-disable-next-line @typescript-eslint/...` and `react-hooks/...` comments name known rules.
    plugins: { "import-x": importX, "@typescript-eslint": tseslint.plugin, "react-hooks": reactHooks },
    settings: {
      // import-x only follows (and so only finds cycles through) files with these extensions; its default is .js.
      "import-x/extensions": [".ts", ".tsx", ".js", ".jsx"],
      "import-x/resolver-next": [createTypeScriptImportResolver({ project: "./tsconfig.json" })],
    },
    // Those comments disable rules that are off here: not an error.
    linterOptions: { reportUnusedDisableDirectives: "off" },
  },
  // No import cycles anywhere we write code; app/ never imports the simulator.
  { files: ["app/**/*.{ts,tsx}", "simulator/**/*.ts", "scripts/**/*.ts", "test/**/*.ts"], rules: { "import-x/no-cycle": ["error", { ignoreExternal: true }] } },
  { files: ["app/**/*.{ts,tsx}"], rules: { "no-restricted-imports": restrict(NO_SIMULATOR) } },
  // A file's no-restricted-imports is its last matching block's (flat config replaces rule options, never merges):
  // each block repeats the app-wide simulator boundary.
  { files: ["app/routes/**/*.{ts,tsx}"], rules: { "no-restricted-imports": restrict(NO_SIMULATOR, ...ROUTES) } },
  { files: ["app/domain/**/*.{ts,tsx}"], rules: { "no-restricted-imports": restrict(NO_SIMULATOR, ...DOMAIN) } },
  { files: ["app/services/**/*.{ts,tsx}"], rules: { "no-restricted-imports": restrict(NO_SIMULATOR, ...SERVICES) } },
);
