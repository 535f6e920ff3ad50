// Storefront cost of the app: (1) the gzipped size of every theme-extension asset; (2) the Lighthouse performance
// score (lighthouse npm package, its default mobile profile with simulated throttling, driving Chromium at
// CHROME_PATH, default /usr/bin/chromium) of the simulator's product page, and of its collection page, with the
// app's blocks and embed and without them (?app=off: the same theme page without the app's blocks, embed, script
// and stylesheet). Several runs per page, interleaved; the median score is reported, and the drop (without − with).
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { startSimulator } from "../../simulator/server";
import { ROOT } from "../support/processes";
import { sized } from "../support/scale";
import { quantileOf } from "../support/stats";
import type { Figure, MeasureCase } from "../types";

const ASSETS_DIR = path.join(ROOT, "extensions/backorders-theme/assets");
const SHOP = "backorders-demo.myshopify.com";
const PRODUCT_HANDLE = "classic-crew-tee";

export const storefrontAssets: MeasureCase = {
  kind: "measure",
  name: "storefront assets",
  description: "gzipped bytes (zlib default level, as a CDN serves them) of each theme-extension asset",
  async measure() {
    const figures: Figure[] = [];
    let total = 0;
    let totalRaw = 0;
    for (const file of readdirSync(ASSETS_DIR).sort()) {
      const raw = readFileSync(path.join(ASSETS_DIR, file));
      const gz = gzipSync(raw).length;
      total += gz;
      totalRaw += raw.length;
      figures.push({ name: `${file} (gzip)`, value: gz, unit: "bytes" });
    }
    figures.push({ name: "all assets (gzip)", value: total, unit: "bytes" });
    return { figures, details: { files: figures.length - 1, rawBytes: totalRaw } };
  },
};

export const storefrontLighthouse: MeasureCase = {
  kind: "measure",
  name: "storefront Lighthouse",
  description:
    "Lighthouse performance score (mobile, simulated throttling) of the simulator's product and collection pages with and without " +
    "the app's blocks + embed (?app=off); median of the runs; drop = without − with (Shopify allows ≤ 10, our bar ≤ 1)",
  async measure({ scale, log }) {
    const runs = sized("BENCH_LIGHTHOUSE_RUNS", { full: 2, small: 1, tiny: 1 }, scale);
    const pages = scale === "tiny" ? ["product"] : ["product", "collection"];
    const { default: lighthouse } = await import("lighthouse");
    const chromeLauncher = await import("chrome-launcher");
    const simulator = await startSimulator({
      port: 0,
      host: "127.0.0.1",
      appUrl: "http://127.0.0.1:9", // the storefront pages never call the app on load
      apiKey: "bench-api-key",
      apiSecret: "bench-api-secret",
      seed: "demo",
      shops: [SHOP],
    });
    const chrome = await chromeLauncher.launch({
      chromePath: process.env.CHROME_PATH ?? "/usr/bin/chromium",
      chromeFlags: ["--headless=new", "--no-sandbox", "--disable-gpu"],
      logLevel: "silent",
    });
    const base = `${simulator.url}/storefront/${SHOP.replace(".myshopify.com", "")}`;
    const urlOf = (pageName: string, app: boolean) =>
      `${base}/${pageName === "product" ? `products/${PRODUCT_HANDLE}` : "collections/all"}${app ? "" : "?app=off"}`;
    const scores = new Map<string, number[]>();
    const lcps = new Map<string, number[]>();
    try {
      for (let run = 0; run < runs; run++) {
        for (const pageName of pages) {
          for (const app of [true, false]) {
            const key = `${pageName}|${app ? "with" : "without"}`;
            const result = await lighthouse(urlOf(pageName, app), { port: chrome.port, onlyCategories: ["performance"], output: "json", logLevel: "error" });
            const lhr = result?.lhr;
            const score = lhr?.categories.performance?.score;
            if (!lhr || score === null || score === undefined) {
              throw new Error(`Lighthouse returned no performance score for ${urlOf(pageName, app)}: ${lhr?.runtimeError?.message ?? "no result"}`);
            }
            scores.set(key, [...(scores.get(key) ?? []), score * 100]);
            lcps.set(key, [...(lcps.get(key) ?? []), lhr.audits["largest-contentful-paint"]?.numericValue ?? Number.NaN]);
            log(`${key} run ${run + 1}: ${Math.round(score * 100)}`);
          }
        }
      }
    } finally {
      await chrome.kill();
      await simulator.close();
    }
    const median = (values: number[] | undefined) => quantileOf([...(values ?? [])].sort((a, b) => a - b), 0.5);
    const figures: Figure[] = [];
    for (const pageName of pages) {
      const withApp = median(scores.get(`${pageName}|with`));
      const without = median(scores.get(`${pageName}|without`));
      figures.push(
        { name: `${pageName} page score, with app`, value: withApp, unit: "score" },
        { name: `${pageName} page score, without app`, value: without, unit: "score" },
        { name: `${pageName} page score drop`, value: without - withApp, unit: "points" },
        { name: `${pageName} page LCP, with app`, value: median(lcps.get(`${pageName}|with`)), unit: "ms (simulated)" },
        { name: `${pageName} page LCP, without app`, value: median(lcps.get(`${pageName}|without`)), unit: "ms (simulated)" },
      );
    }
    return { figures, details: { runsPerPage: runs, lighthouse: "12.2.3 mobile", product: PRODUCT_HANDLE } };
  },
};
