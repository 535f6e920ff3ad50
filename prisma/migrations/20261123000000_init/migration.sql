-- CreateTable
CREATE TABLE "Session" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "isOnline" BOOLEAN NOT NULL DEFAULT false,
    "scope" TEXT,
    "expires" DATETIME,
    "accessToken" TEXT NOT NULL,
    "userId" BIGINT,
    "firstName" TEXT,
    "lastName" TEXT,
    "email" TEXT,
    "accountOwner" BOOLEAN NOT NULL DEFAULT false,
    "locale" TEXT,
    "collaborator" BOOLEAN DEFAULT false,
    "emailVerified" BOOLEAN DEFAULT false,
    "refreshToken" TEXT,
    "refreshTokenExpires" DATETIME
);

-- CreateTable
CREATE TABLE "Shop" (
    "shop" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT,
    "email" TEXT,
    "currencyCode" TEXT,
    "ianaTimezone" TEXT,
    "primaryLocale" TEXT,
    "installedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "uninstalledAt" DATETIME,
    "catalogSyncStatus" TEXT NOT NULL DEFAULT 'never',
    "catalogSyncStartedAt" DATETIME,
    "catalogSyncedAt" DATETIME,
    "catalogSyncError" TEXT,
    "bulkOperationId" TEXT,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "ShopSettings" (
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
    "tagBackorderedOrders" BOOLEAN NOT NULL DEFAULT true,
    "holdBackorderedLines" BOOLEAN NOT NULL DEFAULT false,
    "sendBackorderConfirm" BOOLEAN NOT NULL DEFAULT true,
    "sendDelayNotices" BOOLEAN NOT NULL DEFAULT true,
    "delayApologyText" TEXT,
    "senderName" TEXT,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "Location" (
    "shop" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "isActive" BOOLEAN NOT NULL DEFAULT true,
    "updatedAt" DATETIME NOT NULL,

    PRIMARY KEY ("shop", "id")
);

-- CreateTable
CREATE TABLE "Product" (
    "shop" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "handle" TEXT NOT NULL,
    "vendor" TEXT,
    "productType" TEXT,
    "tags" TEXT NOT NULL DEFAULT '',
    "status" TEXT NOT NULL DEFAULT 'ACTIVE',
    "imageUrl" TEXT,
    "shopifyUpdatedAt" DATETIME,
    "syncedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("shop", "id")
);

-- CreateTable
CREATE TABLE "Collection" (
    "shop" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "handle" TEXT,

    PRIMARY KEY ("shop", "id")
);

-- CreateTable
CREATE TABLE "ProductCollection" (
    "shop" TEXT NOT NULL,
    "productId" TEXT NOT NULL,
    "collectionId" TEXT NOT NULL,

    PRIMARY KEY ("shop", "productId", "collectionId")
);

-- CreateTable
CREATE TABLE "Variant" (
    "shop" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "productId" TEXT NOT NULL,
    "inventoryItemId" TEXT,
    "title" TEXT NOT NULL,
    "sku" TEXT,
    "price" TEXT,
    "imageUrl" TEXT,
    "position" INTEGER NOT NULL DEFAULT 1,
    "tracked" BOOLEAN NOT NULL DEFAULT true,
    "inventoryPolicy" TEXT NOT NULL DEFAULT 'DENY',
    "availableTotal" INTEGER NOT NULL DEFAULT 0,
    "shopifyUpdatedAt" DATETIME,
    "syncedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("shop", "id")
);

-- CreateTable
CREATE TABLE "InventoryLevel" (
    "shop" TEXT NOT NULL,
    "inventoryItemId" TEXT NOT NULL,
    "locationId" TEXT NOT NULL,
    "available" INTEGER NOT NULL DEFAULT 0,
    "onHand" INTEGER,
    "committed" INTEGER,
    "shopifyUpdatedAt" DATETIME,

    PRIMARY KEY ("shop", "inventoryItemId", "locationId")
);

-- CreateTable
CREATE TABLE "VariantBackorder" (
    "shop" TEXT NOT NULL,
    "variantId" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT false,
    "etaDate" TEXT,
    "leadTimeDays" INTEGER,
    "businessDays" BOOLEAN NOT NULL DEFAULT true,
    "cap" INTEGER,
    "message" TEXT,
    "internalNote" TEXT,
    "discontinued" BOOLEAN NOT NULL DEFAULT false,
    "pauseAlerts" BOOLEAN NOT NULL DEFAULT false,
    "source" TEXT NOT NULL DEFAULT 'manual',
    "ruleId" TEXT,
    "updatedAt" DATETIME NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("shop", "variantId")
);

-- CreateTable
CREATE TABLE "BackorderChange" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "variantId" TEXT NOT NULL,
    "actor" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "changes" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "AutomationRule" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "scopeType" TEXT NOT NULL,
    "scopeValue" TEXT,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "priority" INTEGER NOT NULL DEFAULT 100,
    "autoEnableAtZero" BOOLEAN NOT NULL DEFAULT true,
    "autoDisableOnRestock" BOOLEAN NOT NULL DEFAULT true,
    "disableAtCap" BOOLEAN NOT NULL DEFAULT true,
    "clearEtaOnRestock" BOOLEAN NOT NULL DEFAULT true,
    "defaultEtaDate" TEXT,
    "defaultLeadTimeDays" INTEGER,
    "defaultCap" INTEGER,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "CsvImport" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "fileName" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'queued',
    "totalRows" INTEGER NOT NULL DEFAULT 0,
    "appliedRows" INTEGER NOT NULL DEFAULT 0,
    "errorRows" INTEGER NOT NULL DEFAULT 0,
    "errors" TEXT NOT NULL DEFAULT '[]',
    "createdBy" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" DATETIME
);

-- CreateTable
CREATE TABLE "RestockSubscription" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "variantId" TEXT NOT NULL,
    "productId" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "emailNormalized" TEXT NOT NULL,
    "locale" TEXT NOT NULL DEFAULT 'en',
    "status" TEXT NOT NULL DEFAULT 'pending',
    "confirmTokenHash" TEXT,
    "unsubscribeToken" TEXT NOT NULL,
    "consentAt" DATETIME,
    "consentTextVersion" TEXT,
    "consentIp" TEXT,
    "consentUserAgent" TEXT,
    "confirmedAt" DATETIME,
    "expiresAt" DATETIME,
    "notifiedAt" DATETIME,
    "restockEventId" TEXT,
    "convertedOrderId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "RestockEvent" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "variantId" TEXT NOT NULL,
    "unitsRestocked" INTEGER NOT NULL,
    "availableAfter" INTEGER NOT NULL,
    "detectedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sourceEvent" TEXT,
    "notifiedCount" INTEGER NOT NULL DEFAULT 0,
    "nextBatchAt" DATETIME,
    "status" TEXT NOT NULL DEFAULT 'open'
);

-- CreateTable
CREATE TABLE "RateLimitCounter" (
    "key" TEXT NOT NULL,
    "windowStart" DATETIME NOT NULL,
    "shop" TEXT NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,

    PRIMARY KEY ("key", "windowStart")
);

-- CreateTable
CREATE TABLE "BackorderLine" (
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
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "Job" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "payload" TEXT NOT NULL DEFAULT '{}',
    "idempotencyKey" TEXT,
    "status" TEXT NOT NULL DEFAULT 'queued',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "maxAttempts" INTEGER NOT NULL DEFAULT 8,
    "runAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lockedBy" TEXT,
    "lockedUntil" DATETIME,
    "lastError" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" DATETIME
);

-- CreateTable
CREATE TABLE "WebhookReceipt" (
    "shop" TEXT NOT NULL,
    "webhookId" TEXT NOT NULL,
    "topic" TEXT NOT NULL,
    "eventId" TEXT,
    "triggeredAt" DATETIME,
    "receivedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("shop", "webhookId")
);

-- CreateIndex
CREATE INDEX "Session_shop_idx" ON "Session"("shop");

-- CreateIndex
CREATE INDEX "Location_shop_idx" ON "Location"("shop");

-- CreateIndex
CREATE INDEX "Product_shop_idx" ON "Product"("shop");

-- CreateIndex
CREATE INDEX "Product_shop_vendor_idx" ON "Product"("shop", "vendor");

-- CreateIndex
CREATE INDEX "Product_shop_productType_idx" ON "Product"("shop", "productType");

-- CreateIndex
CREATE INDEX "Collection_shop_idx" ON "Collection"("shop");

-- CreateIndex
CREATE INDEX "ProductCollection_shop_collectionId_idx" ON "ProductCollection"("shop", "collectionId");

-- CreateIndex
CREATE INDEX "Variant_shop_idx" ON "Variant"("shop");

-- CreateIndex
CREATE INDEX "Variant_shop_productId_idx" ON "Variant"("shop", "productId");

-- CreateIndex
CREATE INDEX "Variant_shop_inventoryItemId_idx" ON "Variant"("shop", "inventoryItemId");

-- CreateIndex
CREATE INDEX "Variant_shop_availableTotal_idx" ON "Variant"("shop", "availableTotal");

-- CreateIndex
CREATE INDEX "InventoryLevel_shop_idx" ON "InventoryLevel"("shop");

-- CreateIndex
CREATE INDEX "VariantBackorder_shop_idx" ON "VariantBackorder"("shop");

-- CreateIndex
CREATE INDEX "VariantBackorder_shop_etaDate_idx" ON "VariantBackorder"("shop", "etaDate");

-- CreateIndex
CREATE INDEX "BackorderChange_shop_idx" ON "BackorderChange"("shop");

-- CreateIndex
CREATE INDEX "BackorderChange_shop_variantId_createdAt_idx" ON "BackorderChange"("shop", "variantId", "createdAt");

-- CreateIndex
CREATE INDEX "AutomationRule_shop_idx" ON "AutomationRule"("shop");

-- CreateIndex
CREATE INDEX "CsvImport_shop_idx" ON "CsvImport"("shop");

-- CreateIndex
CREATE UNIQUE INDEX "RestockSubscription_unsubscribeToken_key" ON "RestockSubscription"("unsubscribeToken");

-- CreateIndex
CREATE INDEX "RestockSubscription_shop_idx" ON "RestockSubscription"("shop");

-- CreateIndex
CREATE INDEX "RestockSubscription_shop_variantId_status_createdAt_idx" ON "RestockSubscription"("shop", "variantId", "status", "createdAt");

-- CreateIndex
CREATE INDEX "RestockSubscription_shop_emailNormalized_idx" ON "RestockSubscription"("shop", "emailNormalized");

-- CreateIndex
CREATE UNIQUE INDEX "RestockSubscription_shop_variantId_emailNormalized_key" ON "RestockSubscription"("shop", "variantId", "emailNormalized");

-- CreateIndex
CREATE INDEX "RestockEvent_shop_idx" ON "RestockEvent"("shop");

-- CreateIndex
CREATE INDEX "RestockEvent_shop_variantId_detectedAt_idx" ON "RestockEvent"("shop", "variantId", "detectedAt");

-- CreateIndex
CREATE INDEX "RateLimitCounter_shop_idx" ON "RateLimitCounter"("shop");

-- CreateIndex
CREATE INDEX "BackorderLine_shop_idx" ON "BackorderLine"("shop");

-- CreateIndex
CREATE INDEX "BackorderLine_shop_variantId_status_idx" ON "BackorderLine"("shop", "variantId", "status");

-- CreateIndex
CREATE INDEX "BackorderLine_shop_orderId_idx" ON "BackorderLine"("shop", "orderId");

-- CreateIndex
CREATE UNIQUE INDEX "BackorderLine_shop_lineItemId_key" ON "BackorderLine"("shop", "lineItemId");

-- CreateIndex
CREATE INDEX "Job_shop_idx" ON "Job"("shop");

-- CreateIndex
CREATE INDEX "Job_status_runAt_idx" ON "Job"("status", "runAt");

-- CreateIndex
CREATE UNIQUE INDEX "Job_shop_idempotencyKey_key" ON "Job"("shop", "idempotencyKey");

-- CreateIndex
CREATE INDEX "WebhookReceipt_shop_idx" ON "WebhookReceipt"("shop");
