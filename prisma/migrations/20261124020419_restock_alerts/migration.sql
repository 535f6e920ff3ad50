-- AlterTable
ALTER TABLE "Shop" ADD COLUMN "parkedAt" DATETIME;
ALTER TABLE "Shop" ADD COLUMN "parkedReason" TEXT;

-- AlterTable
ALTER TABLE "RestockSubscription" ADD COLUMN "convertedAt" DATETIME;
ALTER TABLE "RestockSubscription" ADD COLUMN "customerId" TEXT;
ALTER TABLE "RestockSubscription" ADD COLUMN "unsubscribedAt" DATETIME;

-- CreateTable
CREATE TABLE "VariantStockSignal" (
    "shop" TEXT NOT NULL,
    "variantId" TEXT NOT NULL,
    "purchasable" BOOLEAN NOT NULL,
    "available" INTEGER NOT NULL,
    "eventAt" DATETIME NOT NULL,
    "updatedAt" DATETIME NOT NULL,

    PRIMARY KEY ("shop", "variantId")
);

-- CreateTable
CREATE TABLE "EmailMessage" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "idempotencyKey" TEXT NOT NULL,
    "toEmail" TEXT NOT NULL,
    "locale" TEXT NOT NULL DEFAULT 'en',
    "subscriptionId" TEXT,
    "restockEventId" TEXT,
    "data" TEXT NOT NULL DEFAULT '{}',
    "reason" TEXT,
    "status" TEXT NOT NULL DEFAULT 'queued',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "messageId" TEXT,
    "sentAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "ComplianceExport" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "webhookId" TEXT,
    "customerEmail" TEXT,
    "customerId" TEXT,
    "ordersRequested" TEXT,
    "export" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
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
    "delayApologyText" TEXT,
    "senderName" TEXT,
    "timeZone" TEXT,
    "weekendDays" TEXT NOT NULL DEFAULT '0,6',
    "holidays" TEXT NOT NULL DEFAULT '',
    "storefrontWording" TEXT NOT NULL DEFAULT '{}',
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_ShopSettings" ("addToCartLabel", "alertBatchIntervalMins", "alertMultiplier", "alertsOnBackorder", "defaultCap", "defaultLeadTimeDays", "delayApologyText", "holdBackorderedLines", "holidays", "lowStockThreshold", "pendingExpiryDays", "requireConsent", "sendBackorderConfirm", "sendDelayNotices", "senderName", "shop", "storefrontWording", "tagBackorderedOrders", "timeZone", "updatedAt", "weekendDays") SELECT "addToCartLabel", "alertBatchIntervalMins", "alertMultiplier", "alertsOnBackorder", "defaultCap", "defaultLeadTimeDays", "delayApologyText", "holdBackorderedLines", "holidays", "lowStockThreshold", "pendingExpiryDays", "requireConsent", "sendBackorderConfirm", "sendDelayNotices", "senderName", "shop", "storefrontWording", "tagBackorderedOrders", "timeZone", "updatedAt", "weekendDays" FROM "ShopSettings";
DROP TABLE "ShopSettings";
ALTER TABLE "new_ShopSettings" RENAME TO "ShopSettings";
CREATE TABLE "new_RestockEvent" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "variantId" TEXT NOT NULL,
    "unitsRestocked" INTEGER NOT NULL,
    "availableAfter" INTEGER NOT NULL,
    "detectedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sourceEvent" TEXT,
    "notifiedCount" INTEGER NOT NULL DEFAULT 0,
    "batchCount" INTEGER NOT NULL DEFAULT 0,
    "lastBatchAt" DATETIME,
    "nextBatchAt" DATETIME,
    "trigger" TEXT NOT NULL DEFAULT 'auto',
    "triggeredBy" TEXT,
    "status" TEXT NOT NULL DEFAULT 'open'
);
INSERT INTO "new_RestockEvent" ("availableAfter", "detectedAt", "id", "nextBatchAt", "notifiedCount", "shop", "sourceEvent", "status", "unitsRestocked", "variantId") SELECT "availableAfter", "detectedAt", "id", "nextBatchAt", "notifiedCount", "shop", "sourceEvent", "status", "unitsRestocked", "variantId" FROM "RestockEvent";
DROP TABLE "RestockEvent";
ALTER TABLE "new_RestockEvent" RENAME TO "RestockEvent";
CREATE INDEX "RestockEvent_shop_idx" ON "RestockEvent"("shop");
CREATE INDEX "RestockEvent_shop_variantId_detectedAt_idx" ON "RestockEvent"("shop", "variantId", "detectedAt");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "VariantStockSignal_shop_idx" ON "VariantStockSignal"("shop");

-- CreateIndex
CREATE INDEX "EmailMessage_shop_idx" ON "EmailMessage"("shop");

-- CreateIndex
CREATE INDEX "EmailMessage_shop_subscriptionId_idx" ON "EmailMessage"("shop", "subscriptionId");

-- CreateIndex
CREATE INDEX "EmailMessage_shop_status_idx" ON "EmailMessage"("shop", "status");

-- CreateIndex
CREATE UNIQUE INDEX "EmailMessage_shop_idempotencyKey_key" ON "EmailMessage"("shop", "idempotencyKey");

-- CreateIndex
CREATE INDEX "ComplianceExport_shop_idx" ON "ComplianceExport"("shop");
