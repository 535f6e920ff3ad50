-- CreateTable
CREATE TABLE "BackorderOrder" (
    "shop" TEXT NOT NULL,
    "orderId" TEXT NOT NULL,
    "orderName" TEXT,
    "customerEmail" TEXT,
    "customerLocale" TEXT,
    "currencyCode" TEXT,
    "orderedAt" DATETIME NOT NULL,
    "shopifyUpdatedAt" DATETIME,
    "cancelledAt" DATETIME,
    "status" TEXT NOT NULL DEFAULT 'open',
    "tagged" BOOLEAN NOT NULL DEFAULT false,
    "reviewFlagged" BOOLEAN NOT NULL DEFAULT false,
    "noteSynced" TEXT,
    "actionsSyncedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,

    PRIMARY KEY ("shop", "orderId")
);

-- CreateTable
CREATE TABLE "CancellationRequest" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "backorderLineId" TEXT NOT NULL,
    "orderId" TEXT NOT NULL,
    "orderName" TEXT,
    "customerEmail" TEXT,
    "reason" TEXT,
    "status" TEXT NOT NULL DEFAULT 'requested',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "resolvedAt" DATETIME,
    "resolvedBy" TEXT
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_ShopSettings" (
    "shop" TEXT NOT NULL PRIMARY KEY,
    "lowStockThreshold" INTEGER NOT NULL DEFAULT 5,
    "defaultLeadTimeDays" INTEGER,
    "defaultCap" INTEGER,
    "addToCartLabel" TEXT NOT NULL DEFAULT 'backorder',
    "alertsOnBackorder" BOOLEAN NOT NULL DEFAULT false,
    "requireConsent" BOOLEAN NOT NULL DEFAULT true,
    "alertMultiplier" REAL NOT NULL DEFAULT 1,
    "alertBatchIntervalMins" INTEGER NOT NULL DEFAULT 60,
    "pendingExpiryDays" INTEGER NOT NULL DEFAULT 7,
    "alertsAutoSend" BOOLEAN NOT NULL DEFAULT true,
    "highDemandThreshold" INTEGER NOT NULL DEFAULT 10,
    "tagBackorderedOrders" BOOLEAN NOT NULL DEFAULT true,
    "holdBackorderedLines" BOOLEAN NOT NULL DEFAULT false,
    "sendBackorderConfirm" BOOLEAN NOT NULL DEFAULT true,
    "sendDelayNotices" BOOLEAN NOT NULL DEFAULT true,
    "sendShippingSoon" BOOLEAN NOT NULL DEFAULT true,
    "noteEtaOnOrders" BOOLEAN NOT NULL DEFAULT true,
    "flagUnseenBackorders" BOOLEAN NOT NULL DEFAULT true,
    "delayApologyText" TEXT,
    "senderName" TEXT,
    "timeZone" TEXT,
    "weekendDays" TEXT NOT NULL DEFAULT '0,6',
    "holidays" TEXT NOT NULL DEFAULT '',
    "storefrontWording" TEXT NOT NULL DEFAULT '{}',
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_ShopSettings" ("addToCartLabel", "alertBatchIntervalMins", "alertMultiplier", "alertsAutoSend", "alertsOnBackorder", "defaultCap", "defaultLeadTimeDays", "delayApologyText", "highDemandThreshold", "holdBackorderedLines", "holidays", "lowStockThreshold", "pendingExpiryDays", "requireConsent", "sendBackorderConfirm", "sendDelayNotices", "senderName", "shop", "storefrontWording", "tagBackorderedOrders", "timeZone", "updatedAt", "weekendDays") SELECT "addToCartLabel", "alertBatchIntervalMins", "alertMultiplier", "alertsAutoSend", "alertsOnBackorder", "defaultCap", "defaultLeadTimeDays", "delayApologyText", "highDemandThreshold", "holdBackorderedLines", "holidays", "lowStockThreshold", "pendingExpiryDays", "requireConsent", "sendBackorderConfirm", "sendDelayNotices", "senderName", "shop", "storefrontWording", "tagBackorderedOrders", "timeZone", "updatedAt", "weekendDays" FROM "ShopSettings";
DROP TABLE "ShopSettings";
ALTER TABLE "new_ShopSettings" RENAME TO "ShopSettings";
CREATE TABLE "new_BackorderLine" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "orderId" TEXT NOT NULL,
    "orderName" TEXT,
    "lineItemId" TEXT NOT NULL,
    "variantId" TEXT NOT NULL,
    "customerEmail" TEXT,
    "quantityOrdered" INTEGER NOT NULL,
    "quantityBackordered" INTEGER NOT NULL,
    "quantityResolved" INTEGER NOT NULL DEFAULT 0,
    "unitPrice" TEXT,
    "currencyCode" TEXT,
    "etaPromised" TEXT,
    "etaCurrent" TEXT,
    "sawNotice" BOOLEAN NOT NULL DEFAULT true,
    "status" TEXT NOT NULL DEFAULT 'open',
    "orderedAt" DATETIME NOT NULL,
    "resolvedAt" DATETIME,
    "productTitle" TEXT,
    "variantTitle" TEXT,
    "customerLocale" TEXT,
    "locationId" TEXT,
    "quantityAllocated" INTEGER NOT NULL DEFAULT 0,
    "fulfillmentOrderId" TEXT,
    "holdStatus" TEXT NOT NULL DEFAULT 'none',
    "heldAt" DATETIME,
    "releasedAt" DATETIME,
    "delayNoticeCount" INTEGER NOT NULL DEFAULT 0,
    "cancelRequestedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_BackorderLine" ("createdAt", "currencyCode", "customerEmail", "etaCurrent", "etaPromised", "id", "lineItemId", "orderId", "orderName", "orderedAt", "quantityBackordered", "quantityOrdered", "quantityResolved", "resolvedAt", "sawNotice", "shop", "status", "unitPrice", "updatedAt", "variantId") SELECT "createdAt", "currencyCode", "customerEmail", "etaCurrent", "etaPromised", "id", "lineItemId", "orderId", "orderName", "orderedAt", "quantityBackordered", "quantityOrdered", "quantityResolved", "resolvedAt", "sawNotice", "shop", "status", "unitPrice", "updatedAt", "variantId" FROM "BackorderLine";
DROP TABLE "BackorderLine";
ALTER TABLE "new_BackorderLine" RENAME TO "BackorderLine";
CREATE INDEX "BackorderLine_shop_idx" ON "BackorderLine"("shop");
CREATE INDEX "BackorderLine_shop_variantId_status_idx" ON "BackorderLine"("shop", "variantId", "status");
CREATE INDEX "BackorderLine_shop_orderId_idx" ON "BackorderLine"("shop", "orderId");
CREATE UNIQUE INDEX "BackorderLine_shop_lineItemId_key" ON "BackorderLine"("shop", "lineItemId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "BackorderOrder_shop_idx" ON "BackorderOrder"("shop");

-- CreateIndex
CREATE INDEX "BackorderOrder_shop_status_orderedAt_idx" ON "BackorderOrder"("shop", "status", "orderedAt");

-- CreateIndex
CREATE INDEX "CancellationRequest_shop_idx" ON "CancellationRequest"("shop");

-- CreateIndex
CREATE INDEX "CancellationRequest_shop_status_idx" ON "CancellationRequest"("shop", "status");

-- CreateIndex
CREATE UNIQUE INDEX "CancellationRequest_shop_backorderLineId_key" ON "CancellationRequest"("shop", "backorderLineId");
