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

// The job catalogue and the typed enqueue are the two ways into app/jobs/ from below: naming a job type and queueing
// one in the caller's transaction (the job table is the outbox). Handlers and the worker stay above.
const JOBS_EXCEPT_CATALOGUE = String.raw`jobs(/(?!(job-types|enqueue\.server)(\.ts)?$)|$)`;

const SERVICES = [
  {
    regex: `${APP}${JOBS_EXCEPT_CATALOGUE}`,
    message: "app/services/ never imports app/jobs/ (but job-types and enqueue.server): jobs call services, not the other way round.",
  },
  {
    regex: `${APP}db\\.server(\\.ts)?$`,
    message: "Services never touch the database: persistence lives in app/models/ (one query module per aggregate).",
  },
  {
    regex: "^@prisma/client$",
    allowTypeImports: false,
    message: "Services never use Prisma: persistence lives in app/models/; take the types a model exports.",
  },
];

// The Job table's functions take any type string (the queue machinery); app code queues through the typed ones.
const RAW_ENQUEUE = {
  regex: String.raw`(^|/)job\.server(\.ts)?$`,
  importNames: ["enqueueJob", "enqueueJobs", "requestJobRun", "expediteOrEnqueueJob"],
  message: "Queue jobs with enqueue/enqueueMany/requestRun/expediteOrEnqueue from app/jobs/enqueue.server.ts (typed by app/jobs/job-types.ts).",
};

// A job's payload is typed by the catalogue and checked before its handler runs: never cast one.
const NO_PAYLOAD_CASTS = [
  "error",
  {
    selector: "TSAsExpression > MemberExpression.expression[property.name='payload']",
    message: "Don't cast a job payload: handlers get it typed (defineJobHandlers); for a stored row, parse it with checkJobPayload (app/jobs/job-types.ts).",
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
  { files: ["app/**/*.{ts,tsx}"], rules: { "no-restricted-imports": restrict(NO_SIMULATOR, RAW_ENQUEUE), "no-restricted-syntax": NO_PAYLOAD_CASTS } },
  // A file's no-restricted-imports is its last matching block's (flat config replaces rule options, never merges):
  // each block repeats the app-wide simulator boundary.
  { files: ["app/routes/**/*.{ts,tsx}"], rules: { "no-restricted-imports": restrict(NO_SIMULATOR, RAW_ENQUEUE, ...ROUTES) } },
  { files: ["app/domain/**/*.{ts,tsx}"], rules: { "no-restricted-imports": restrict(NO_SIMULATOR, RAW_ENQUEUE, ...DOMAIN) } },
  { files: ["app/services/**/*.{ts,tsx}"], rules: { "no-restricted-imports": restrict(NO_SIMULATOR, RAW_ENQUEUE, ...SERVICES) } },
  // The typed enqueue wraps the raw functions; the queue's own module defines them.
  { files: ["app/jobs/enqueue.server.ts", "app/models/job.server.ts"], rules: { "no-restricted-imports": restrict(NO_SIMULATOR) } },
);
