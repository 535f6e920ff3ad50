import prisma from "../db.server";
import type { DatabaseClient } from "./db";

/**
 * The single delete path for a shop's data: app/uninstalled and shop/redact both call it.
 * One transaction, so `db` is a client (not a transaction). Every model carries `shop`; test/integration/shop-data.test.ts fails if a model is added without being listed here.
 */
export async function deleteAllForShop(shop: string, db: DatabaseClient = prisma): Promise<Record<string, number>> {
  const where = { shop };
  const results = await db.$transaction([
    db.session.deleteMany({ where }),
    db.shopSettings.deleteMany({ where }),
    db.location.deleteMany({ where }),
    db.product.deleteMany({ where }),
    db.collection.deleteMany({ where }),
    db.productCollection.deleteMany({ where }),
    db.variant.deleteMany({ where }),
    db.inventoryLevel.deleteMany({ where }),
    db.variantBackorder.deleteMany({ where }),
    db.backorderChange.deleteMany({ where }),
    db.automationRule.deleteMany({ where }),
    db.csvImport.deleteMany({ where }),
    db.restockSubscription.deleteMany({ where }),
    db.restockEvent.deleteMany({ where }),
    db.variantStockSignal.deleteMany({ where }),
    db.emailMessage.deleteMany({ where }),
    db.complianceExport.deleteMany({ where }),
    db.rateLimitCounter.deleteMany({ where }),
    db.backorderLine.deleteMany({ where }),
    db.backorderOrder.deleteMany({ where }),
    db.cancellationRequest.deleteMany({ where }),
    db.variantSalesDay.deleteMany({ where }),
    db.orderSalesLine.deleteMany({ where }),
    db.salesHistoryBackfill.deleteMany({ where }),
    db.inboundShipmentLine.deleteMany({ where }),
    db.variantForecast.deleteMany({ where }),
    db.forecastRun.deleteMany({ where }),
    db.reorderSetting.deleteMany({ where }),
    // Jobs go too, including one running now: completing a deleted job is a no-op for the worker.
    db.job.deleteMany({ where }),
    db.webhookReceipt.deleteMany({ where }),
    db.shop.deleteMany({ where }),
  ]);
  const models = [
    "Session", "ShopSettings", "Location", "Product", "Collection", "ProductCollection", "Variant",
    "InventoryLevel", "VariantBackorder", "BackorderChange", "AutomationRule", "CsvImport",
    "RestockSubscription", "RestockEvent", "VariantStockSignal", "EmailMessage", "ComplianceExport", "RateLimitCounter", "BackorderLine", "BackorderOrder", "CancellationRequest",
    "VariantSalesDay", "OrderSalesLine", "SalesHistoryBackfill", "InboundShipmentLine", "VariantForecast", "ForecastRun", "ReorderSetting", "Job", "WebhookReceipt", "Shop",
  ];
  return Object.fromEntries(models.map((model, index) => [model, results[index].count]));
}
