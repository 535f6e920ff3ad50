// One catalog import in its own process (spawned by bench/cases/catalog-sync.ts) so its peak RSS is the import's:
// argv = shop, bulk result URL. Prints one JSON line: { ms, result, maxRssBytes }.
import { performance } from "node:perf_hooks";
import prisma from "../../app/db.server";
import { importCatalogBulkResult, startCatalogSync } from "../../app/services/catalog-sync.server";
import { completedBulkGateway } from "../fixtures/catalog-jsonl";

const [shop, url] = process.argv.slice(2);
const gateway = completedBulkGateway(url);
const now = new Date();
const started = performance.now();
const { bulkOperationId } = await startCatalogSync({ shop, gateway, now });
const result = await importCatalogBulkResult({ shop, gateway, bulkOperationId, now: new Date(now.getTime() + 1000) });
const ms = performance.now() - started;
await prisma.$disconnect();
// resourceUsage().maxRSS is in kilobytes: the process's peak resident set over its whole life.
console.log(JSON.stringify({ ms, result, maxRssBytes: process.resourceUsage().maxRSS * 1024 }));
