// `npm run demo`: the app running end to end against the local Shopify simulator, no internet needed.
//   1. migrates prisma/demo.sqlite   2. builds the app and the checkout validation function if needed
//   3. starts the simulator (seeded demo shop; it runs the function in every checkout once the app registers it)
//   4. starts the app pointed at it   5. installs the app through the real token-exchange path
//   6. waits for the initial catalog sync (bulk operation → JSONL → local mirror)
//   7. seeds the demo story through the app's own routes (scripts/seed-demo-data.ts)   8. prints the URLs
// The simulator keeps its store in memory, so every run starts both sides afresh: the demo database is recreated.
import { rmSync } from "node:fs";
import path from "node:path";
import { startSimulator } from "../simulator/server";
import { buildAppIfStale, migrateDatabase, startApp } from "./app-process";
import { DEMO_API_KEY, DEMO_API_SECRET, DEMO_SHOP, demoAppEnv } from "./demo-env";
import { installAndSync } from "./install-demo-shop";
import type { DemoSeedResult } from "./seed-demo-data";
import { buildValidationFunction, checkValidationFunction, isValidationFunctionStale, VALIDATION_FUNCTION_WASM } from "./build-function";
import { systemClock } from "../app/clock.server";

const appPort = Number(process.env.DEMO_APP_PORT ?? 3100);
const simulatorPort = Number(process.env.DEMO_SIMULATOR_PORT ?? 4100);
const smtpPort = Number(process.env.DEMO_SMTP_PORT ?? 2525);
const appUrl = `http://127.0.0.1:${appPort}`;
const databaseFile = path.resolve(import.meta.dirname, "../prisma/demo.sqlite");
const databaseUrl = `file:${databaseFile}`;

async function main() {
  console.log("• Creating the demo database…");
  for (const suffix of ["", "-journal", "-wal", "-shm"]) rmSync(`${databaseFile}${suffix}`, { force: true });
  migrateDatabase(databaseUrl);
  console.log("• Building the app (skipped when up to date)…");
  buildAppIfStale();
  // Built before the simulator starts, so the first checkout does not wait for the compiler.
  console.log("• Building the checkout validation function (skipped when up to date)…");
  const fn = isValidationFunctionStale() ? buildValidationFunction() : checkValidationFunction(VALIDATION_FUNCTION_WASM);
  console.log(`  ${path.relative(process.cwd(), fn.wasmPath)}: ${fn.sizeBytes.toLocaleString("en-US")} bytes`);

  console.log("• Starting the Shopify simulator…");
  const simulator = await startSimulator({
    port: simulatorPort,
    host: "127.0.0.1",
    appUrl,
    apiKey: DEMO_API_KEY,
    apiSecret: DEMO_API_SECRET,
    seed: "demo",
    demoHistory: true, // 60 days of past orders and a few inbound shipments, some late (simulator/demo-history.ts)
    shops: [DEMO_SHOP],
    smtpPort,
  });

  console.log("• Starting the app…");
  const app = await startApp(demoAppEnv({ appUrl, simulatorUrl: simulator.url, databaseUrl, port: appPort, smtpUrl: simulator.smtpUrl }), appUrl, true);

  const shutdown = async () => {
    app.kill("SIGTERM");
    await simulator.close();
    process.exit(0);
  };
  process.on("SIGINT", shutdown);
  process.on("SIGTERM", shutdown);

  console.log("• Installing the app on the demo shop and syncing its catalog…");
  // The seed calls the app's services too: they read DATABASE_URL when first imported.
  process.env.DATABASE_URL = databaseUrl;
  const { default: prisma } = await import("../app/db.server");
  const { seedDemoData } = await import("./seed-demo-data");
  const synced = await installAndSync({ appUrl, shop: DEMO_SHOP, mintIdToken: (shop) => simulator.mintIdToken(shop), prisma });
  console.log("• Seeding the demo story: ETAs, caps, backordered orders on hold, a delayed ETA, a waitlist, a restock…");
  const seeded = await seedDemoData({ appUrl, shop: DEMO_SHOP, simulator, prisma, now: systemClock(), log: (line) => console.log(`  ${line}`) });
  await prisma.$disconnect();

  const shopName = DEMO_SHOP.replace(".myshopify.com", "");
  console.log(`
  Backorders demo is running (Ctrl-C to stop)
  ──────────────────────────────────────────────────────────────
  Shopify admin (app embedded):  ${simulator.url}/store/${shopName}/apps/backorders
  Storefront (theme preview):    ${simulator.url}/storefront/${shopName}
  Simulator console:             ${simulator.url}/simulator
  Mailbox:                       ${simulator.url}/mailbox
  App (direct):                  ${appUrl}
  Catalog synced:                ${synced.products} products, ${synced.variants} variants
${checkoutCapLine(simulator.url, shopName, seeded.cappedVariant)}`);
}

/** Where to see a cap hold at checkout: the capped variant's page, and how many a cart may still take. */
function checkoutCapLine(simulatorUrl: string, shopName: string, capped: DemoSeedResult["cappedVariant"]): string {
  if (!capped) return "  Caps at checkout:              not enforced (Settings → Enforce caps at checkout)\n";
  const numericId = capped.variantId.split("/").pop();
  return `  Cap held at checkout:          ${capped.title}: ${capped.sellable} left to backorder (cap ${capped.cap}); a cart of ${capped.sellable + 1} is refused
                                 ${simulatorUrl}/storefront/${shopName}/products/${capped.productHandle}?variant=${numericId}&cart_type=page
`;
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
