// The app's Remix request handler built from source, without `remix vite:build`: the same route tree the build
// has (ids, paths, parents as flat routes derive them), entry.server, single fetch on. Requests then go through
// everything a deployed request does — Remix's CSRF check, single-fetch .data handling, every matched loader,
// error boundaries — so a test sees the status a browser would. Import it after setting any env the app reads.
import { createRequire } from "node:module";

type RouteSpec = { id: string; parentId?: string; path?: string; index?: boolean; load: () => Promise<any> };

const ROUTES: RouteSpec[] = [
  { id: "root", path: "", load: () => import("../../app/root") },
  { id: "routes/app", parentId: "root", path: "app", load: () => import("../../app/routes/app") },
  { id: "routes/app._index", parentId: "routes/app", index: true, load: () => import("../../app/routes/app._index") },
  { id: "routes/app.settings", parentId: "routes/app", path: "settings", load: () => import("../../app/routes/app.settings") },
  { id: "routes/app.rules", parentId: "routes/app", path: "rules", load: () => import("../../app/routes/app.rules") },
  { id: "routes/app.cancellations", parentId: "routes/app", path: "cancellations", load: () => import("../../app/routes/app.cancellations") },
  { id: "routes/app.orders", parentId: "routes/app", path: "orders", load: () => import("../../app/routes/app.orders") },
  { id: "routes/app.variants._index", parentId: "routes/app", path: "variants", index: true, load: () => import("../../app/routes/app.variants._index") },
  { id: "routes/app.variants.$id", parentId: "routes/app", path: "variants/:id", load: () => import("../../app/routes/app.variants.$id") },
  { id: "routes/app.waitlist._index", parentId: "routes/app", path: "waitlist", index: true, load: () => import("../../app/routes/app.waitlist._index") },
  { id: "routes/app.waitlist.$variantId", parentId: "routes/app", path: "waitlist/:variantId", load: () => import("../../app/routes/app.waitlist.$variantId") },
  { id: "routes/app.csv", parentId: "routes/app", path: "csv", load: () => import("../../app/routes/app.csv") },
  { id: "routes/app.forecast._index", parentId: "routes/app", path: "forecast", index: true, load: () => import("../../app/routes/app.forecast._index") },
  { id: "routes/app.forecast.export", parentId: "routes/app", path: "forecast/export", load: () => import("../../app/routes/app.forecast.export") },
  { id: "routes/app.forecast.settings", parentId: "routes/app", path: "forecast/settings", load: () => import("../../app/routes/app.forecast.settings") },
  { id: "routes/app.forecast.settings.export", parentId: "routes/app.forecast.settings", path: "export", load: () => import("../../app/routes/app.forecast.settings.export") },
  { id: "routes/app.forecast.$variantId", parentId: "routes/app", path: "forecast/:variantId", load: () => import("../../app/routes/app.forecast.$variantId") },
  { id: "routes/auth.$", parentId: "root", path: "auth/*", load: () => import("../../app/routes/auth.$") },
];

export type AppRequestHandler = (request: Request) => Promise<Response>;

export async function appRequestHandler(): Promise<AppRequestHandler> {
  const entryServer = await import("../../app/entry.server");
  const routes: Record<string, any> = {};
  const manifestRoutes: Record<string, any> = {};
  for (const spec of ROUTES) {
    const module = await spec.load();
    routes[spec.id] = { id: spec.id, parentId: spec.parentId, path: spec.path, index: spec.index, caseSensitive: undefined, module };
    manifestRoutes[spec.id] = {
      id: spec.id,
      parentId: spec.parentId,
      path: spec.path,
      index: spec.index,
      caseSensitive: undefined,
      hasAction: typeof module.action === "function",
      hasLoader: typeof module.loader === "function",
      hasClientAction: false,
      hasClientLoader: false,
      hasErrorBoundary: typeof module.ErrorBoundary === "function",
      module: `/assets/${spec.id.replace(/\W/g, "_")}.js`,
      imports: [],
      css: [],
    };
  }
  const build = {
    mode: "production",
    entry: { module: entryServer },
    routes,
    assets: { entry: { module: "/assets/entry.client.js", imports: [], css: [] }, routes: manifestRoutes, url: "/assets/manifest-test.js", version: "test" },
    basename: "/",
    publicPath: "/",
    assetsBuildDirectory: "build/client",
    isSpaMode: false,
    future: { v3_fetcherPersist: true, v3_relativeSplatPath: true, v3_throwAbortReason: true, v3_routeConfig: false, v3_singleFetch: true, v3_lazyRouteDiscovery: true, unstable_optimizeDeps: false },
  };
  // Looked up after entry.server loaded, as remix-serve does (it imports the build, then creates the handler).
  // Read through require like @remix-run/express does (`node.createRequestHandler(...)`), not an ESM snapshot.
  const node = createRequire(import.meta.url)("@remix-run/node");
  const handle = node.createRequestHandler(build, "production");
  return (request) => handle(request);
}
