import { DEFAULT_SHOP, startSimulator } from "./server";

// `npm run simulator`: a local Shopify for the app to talk to. Start the app with
//   SHOPIFY_SIMULATOR_URL=<simulator url>  APP_BRIDGE_URL=<simulator url>/app-bridge.js
// and the same SHOPIFY_API_KEY / SHOPIFY_API_SECRET / SHOPIFY_APP_URL as below.

function requireEnv(name: string, fallback?: string): string {
  const value = process.env[name] ?? fallback;
  if (!value) {
    console.error(`${name} is required (it must match the app's environment).`);
    process.exit(1);
  }
  return value;
}

const simulator = await startSimulator({
  port: Number(process.env.SIMULATOR_PORT ?? 4100),
  // 127.0.0.1 rather than "localhost": Node may resolve localhost to ::1 while the server listens on IPv4.
  host: process.env.SIMULATOR_HOST ?? "127.0.0.1",
  appUrl: requireEnv("SHOPIFY_APP_URL", "http://localhost:3000"),
  apiKey: requireEnv("SHOPIFY_API_KEY"),
  apiSecret: requireEnv("SHOPIFY_API_SECRET"),
  appConfigPath: process.env.SHOPIFY_APP_CONFIG ?? "shopify.app.toml",
  seed: "demo",
  // 60 days of past orders and a few inbound shipments (some late), for sales history, forecasts and inbound ETAs.
  demoHistory: true,
  shops: [DEFAULT_SHOP],
  log: (line) => console.log(`[simulator] ${line}`),
});

const shopName = DEFAULT_SHOP.replace(/\.myshopify\.com$/, "");
console.log(`Shopify simulator listening on ${simulator.url}
  Admin (embedded app): ${simulator.url}/store/${shopName}/apps/${simulator.config.handle}
  Simulator panel:      ${simulator.url}/simulator
  Shop state (JSON):    ${simulator.url}/_sim/${DEFAULT_SHOP}/state
  App Bridge stand-in:  ${simulator.url}/app-bridge.js
  Storefront proxy:     ${simulator.url}${simulator.config.appProxy?.pathPrefix ?? "(no [app_proxy] configured)"}
App environment: SHOPIFY_SIMULATOR_URL=${simulator.url} APP_BRIDGE_URL=${simulator.url}/app-bridge.js`);

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    void simulator.close().then(() => process.exit(0));
  });
}
