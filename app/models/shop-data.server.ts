import prisma from "../db.server";

/**
 * The single delete path for a shop's data: app/uninstalled and shop/redact both call it.
 * Every model carries `shop`; test/shop-data.test.ts fails if a model is added without being listed here.
 */
export async function deleteAllForShop(shop: string): Promise<Record<string, number>> {
  const where = { shop };
  const results = await prisma.$transaction([
    prisma.session.deleteMany({ where }),
    prisma.shopSettings.deleteMany({ where }),
    prisma.location.deleteMany({ where }),
    prisma.product.deleteMany({ where }),
    prisma.collection.deleteMany({ where }),
    prisma.productCollection.deleteMany({ where }),
    prisma.variant.deleteMany({ where }),
    prisma.inventoryLevel.deleteMany({ where }),
    prisma.variantBackorder.deleteMany({ where }),
    prisma.backorderChange.deleteMany({ where }),
    prisma.automationRule.deleteMany({ where }),
    prisma.csvImport.deleteMany({ where }),
    prisma.restockSubscription.deleteMany({ where }),
    prisma.restockEvent.deleteMany({ where }),
    prisma.variantStockSignal.deleteMany({ where }),
    prisma.emailMessage.deleteMany({ where }),
    prisma.complianceExport.deleteMany({ where }),
    prisma.rateLimitCounter.deleteMany({ where }),
    prisma.backorderLine.deleteMany({ where }),
    prisma.backorderOrder.deleteMany({ where }),
    prisma.cancellationRequest.deleteMany({ where }),
    // Jobs go too, including one running now: completing a deleted job is a no-op for the worker.
    prisma.job.deleteMany({ where }),
    prisma.webhookReceipt.deleteMany({ where }),
    prisma.shop.deleteMany({ where }),
  ]);
  const models = [
    "Session", "ShopSettings", "Location", "Product", "Collection", "ProductCollection", "Variant",
    "InventoryLevel", "VariantBackorder", "BackorderChange", "AutomationRule", "CsvImport",
    "RestockSubscription", "RestockEvent", "VariantStockSignal", "EmailMessage", "ComplianceExport", "RateLimitCounter", "BackorderLine", "BackorderOrder", "CancellationRequest", "Job", "WebhookReceipt", "Shop",
  ];
  return Object.fromEntries(models.map((model, index) => [model, results[index].count]));
}
