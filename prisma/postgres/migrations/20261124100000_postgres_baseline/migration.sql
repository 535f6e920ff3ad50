-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateTable
CREATE TABLE "Session" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "isOnline" BOOLEAN NOT NULL DEFAULT false,
    "scope" TEXT,
    "expires" TIMESTAMP(3),
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
    "refreshTokenExpires" TIMESTAMP(3),

    CONSTRAINT "Session_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Shop" (
    "shop" TEXT NOT NULL,
    "name" TEXT,
    "email" TEXT,
    "currencyCode" TEXT,
    "ianaTimezone" TEXT,
    "primaryLocale" TEXT,
    "installedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "uninstalledAt" TIMESTAMP(3),
    "catalogSyncStatus" TEXT NOT NULL DEFAULT 'never',
    "catalogSyncStartedAt" TIMESTAMP(3),
    "catalogSyncedAt" TIMESTAMP(3),
    "catalogSyncError" TEXT,
    "bulkOperationId" TEXT,
    "parkedAt" TIMESTAMP(3),
    "parkedReason" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Shop_pkey" PRIMARY KEY ("shop")
);

-- CreateTable
CREATE TABLE "ShopSettings" (
    "shop" TEXT NOT NULL,
    "lowStockThreshold" INTEGER NOT NULL DEFAULT 5,
    "defaultLeadTimeDays" INTEGER,
    "defaultCap" INTEGER,
    "addToCartLabel" TEXT NOT NULL DEFAULT 'backorder',
    "alertsOnBackorder" BOOLEAN NOT NULL DEFAULT false,
    "requireConsent" BOOLEAN NOT NULL DEFAULT true,
    "alertMultiplier" DOUBLE PRECISION NOT NULL DEFAULT 1,
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
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ShopSettings_pkey" PRIMARY KEY ("shop")
);

-- CreateTable
CREATE TABLE "Location" (
    "shop" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "isActive" BOOLEAN NOT NULL DEFAULT true,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Location_pkey" PRIMARY KEY ("shop","id")
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
    "shopifyUpdatedAt" TIMESTAMP(3),
    "syncedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Product_pkey" PRIMARY KEY ("shop","id")
);

-- CreateTable
CREATE TABLE "Collection" (
    "shop" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "handle" TEXT,

    CONSTRAINT "Collection_pkey" PRIMARY KEY ("shop","id")
);

-- CreateTable
CREATE TABLE "ProductCollection" (
    "shop" TEXT NOT NULL,
    "productId" TEXT NOT NULL,
    "collectionId" TEXT NOT NULL,

    CONSTRAINT "ProductCollection_pkey" PRIMARY KEY ("shop","productId","collectionId")
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
    "backorderState" TEXT NOT NULL DEFAULT 'in_stock',
    "metafieldsDigest" TEXT,
    "metafieldsSyncedAt" TIMESTAMP(3),
    "shopifyUpdatedAt" TIMESTAMP(3),
    "syncedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Variant_pkey" PRIMARY KEY ("shop","id")
);

-- CreateTable
CREATE TABLE "InventoryLevel" (
    "shop" TEXT NOT NULL,
    "inventoryItemId" TEXT NOT NULL,
    "locationId" TEXT NOT NULL,
    "available" INTEGER NOT NULL DEFAULT 0,
    "onHand" INTEGER,
    "committed" INTEGER,
    "shopifyUpdatedAt" TIMESTAMP(3),

    CONSTRAINT "InventoryLevel_pkey" PRIMARY KEY ("shop","inventoryItemId","locationId")
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
    "updatedBy" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "VariantBackorder_pkey" PRIMARY KEY ("shop","variantId")
);

-- CreateTable
CREATE TABLE "BackorderChange" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "variantId" TEXT NOT NULL,
    "actor" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "changes" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "BackorderChange_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AutomationRule" (
    "id" TEXT NOT NULL,
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
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "AutomationRule_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CsvImport" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "fileName" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'queued',
    "totalRows" INTEGER NOT NULL DEFAULT 0,
    "appliedRows" INTEGER NOT NULL DEFAULT 0,
    "errorRows" INTEGER NOT NULL DEFAULT 0,
    "errors" TEXT NOT NULL DEFAULT '[]',
    "createdBy" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),
    "validRows" INTEGER NOT NULL DEFAULT 0,
    "unchangedRows" INTEGER NOT NULL DEFAULT 0,
    "invalidRows" INTEGER NOT NULL DEFAULT 0,
    "processedRows" INTEGER NOT NULL DEFAULT 0,
    "rows" TEXT,
    "timeZone" TEXT,
    "confirmedBy" TEXT,
    "confirmedAt" TIMESTAMP(3),
    "startedAt" TIMESTAMP(3),
    "failureReason" TEXT,

    CONSTRAINT "CsvImport_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RestockSubscription" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "variantId" TEXT NOT NULL,
    "productId" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "emailNormalized" TEXT NOT NULL,
    "locale" TEXT NOT NULL DEFAULT 'en',
    "status" TEXT NOT NULL DEFAULT 'pending',
    "confirmTokenHash" TEXT,
    "unsubscribeToken" TEXT NOT NULL,
    "consentAt" TIMESTAMP(3),
    "consentTextVersion" TEXT,
    "consentIp" TEXT,
    "consentUserAgent" TEXT,
    "confirmedAt" TIMESTAMP(3),
    "expiresAt" TIMESTAMP(3),
    "notifiedAt" TIMESTAMP(3),
    "restockEventId" TEXT,
    "convertedOrderId" TEXT,
    "convertedAt" TIMESTAMP(3),
    "customerId" TEXT,
    "unsubscribedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "RestockSubscription_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RestockEvent" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "variantId" TEXT NOT NULL,
    "unitsRestocked" INTEGER NOT NULL,
    "availableAfter" INTEGER NOT NULL,
    "detectedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sourceEvent" TEXT,
    "notifiedCount" INTEGER NOT NULL DEFAULT 0,
    "batchCount" INTEGER NOT NULL DEFAULT 0,
    "lastBatchAt" TIMESTAMP(3),
    "nextBatchAt" TIMESTAMP(3),
    "trigger" TEXT NOT NULL DEFAULT 'auto',
    "triggeredBy" TEXT,
    "status" TEXT NOT NULL DEFAULT 'open',

    CONSTRAINT "RestockEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "VariantStockSignal" (
    "shop" TEXT NOT NULL,
    "variantId" TEXT NOT NULL,
    "purchasable" BOOLEAN NOT NULL,
    "available" INTEGER NOT NULL,
    "eventAt" TIMESTAMP(3) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "VariantStockSignal_pkey" PRIMARY KEY ("shop","variantId")
);

-- CreateTable
CREATE TABLE "EmailMessage" (
    "id" TEXT NOT NULL,
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
    "sentAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "EmailMessage_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ComplianceExport" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "webhookId" TEXT,
    "customerEmail" TEXT,
    "customerId" TEXT,
    "ordersRequested" TEXT,
    "export" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ComplianceExport_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RateLimitCounter" (
    "key" TEXT NOT NULL,
    "windowStart" TIMESTAMP(3) NOT NULL,
    "shop" TEXT NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "RateLimitCounter_pkey" PRIMARY KEY ("key","windowStart")
);

-- CreateTable
CREATE TABLE "BackorderLine" (
    "id" TEXT NOT NULL,
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
    "orderedAt" TIMESTAMP(3) NOT NULL,
    "resolvedAt" TIMESTAMP(3),
    "productTitle" TEXT,
    "variantTitle" TEXT,
    "customerLocale" TEXT,
    "locationId" TEXT,
    "quantityAllocated" INTEGER NOT NULL DEFAULT 0,
    "fulfillmentOrderId" TEXT,
    "holdStatus" TEXT NOT NULL DEFAULT 'none',
    "heldAt" TIMESTAMP(3),
    "releasedAt" TIMESTAMP(3),
    "delayNoticeCount" INTEGER NOT NULL DEFAULT 0,
    "cancelRequestedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "BackorderLine_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "BackorderOrder" (
    "shop" TEXT NOT NULL,
    "orderId" TEXT NOT NULL,
    "orderName" TEXT,
    "customerEmail" TEXT,
    "customerLocale" TEXT,
    "currencyCode" TEXT,
    "orderedAt" TIMESTAMP(3) NOT NULL,
    "shopifyUpdatedAt" TIMESTAMP(3),
    "cancelledAt" TIMESTAMP(3),
    "status" TEXT NOT NULL DEFAULT 'open',
    "tagged" BOOLEAN NOT NULL DEFAULT false,
    "reviewFlagged" BOOLEAN NOT NULL DEFAULT false,
    "noteSynced" TEXT,
    "actionsSyncedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "BackorderOrder_pkey" PRIMARY KEY ("shop","orderId")
);

-- CreateTable
CREATE TABLE "CancellationRequest" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "backorderLineId" TEXT NOT NULL,
    "orderId" TEXT NOT NULL,
    "orderName" TEXT,
    "customerEmail" TEXT,
    "reason" TEXT,
    "status" TEXT NOT NULL DEFAULT 'requested',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "resolvedAt" TIMESTAMP(3),
    "resolvedBy" TEXT,

    CONSTRAINT "CancellationRequest_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Job" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "payload" TEXT NOT NULL DEFAULT '{}',
    "idempotencyKey" TEXT,
    "status" TEXT NOT NULL DEFAULT 'queued',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "maxAttempts" INTEGER NOT NULL DEFAULT 8,
    "runAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lockedBy" TEXT,
    "lockedUntil" TIMESTAMP(3),
    "lastError" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "Job_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "WebhookReceipt" (
    "shop" TEXT NOT NULL,
    "webhookId" TEXT NOT NULL,
    "topic" TEXT NOT NULL,
    "eventId" TEXT,
    "triggeredAt" TIMESTAMP(3),
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "WebhookReceipt_pkey" PRIMARY KEY ("shop","webhookId")
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
CREATE INDEX "Variant_shop_backorderState_idx" ON "Variant"("shop", "backorderState");

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
CREATE INDEX "CsvImport_shop_createdAt_idx" ON "CsvImport"("shop", "createdAt");

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

-- CreateIndex
CREATE INDEX "RateLimitCounter_shop_idx" ON "RateLimitCounter"("shop");

-- CreateIndex
CREATE INDEX "BackorderLine_shop_idx" ON "BackorderLine"("shop");

-- CreateIndex
CREATE INDEX "BackorderLine_shop_variantId_status_idx" ON "BackorderLine"("shop", "variantId", "status");

-- CreateIndex
CREATE INDEX "BackorderLine_shop_orderId_idx" ON "BackorderLine"("shop", "orderId");

-- CreateIndex
CREATE INDEX "BackorderLine_shop_status_orderedAt_idx" ON "BackorderLine"("shop", "status", "orderedAt");

-- CreateIndex
CREATE UNIQUE INDEX "BackorderLine_shop_lineItemId_key" ON "BackorderLine"("shop", "lineItemId");

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

-- CreateIndex
CREATE INDEX "Job_shop_idx" ON "Job"("shop");

-- CreateIndex
CREATE INDEX "Job_status_runAt_idx" ON "Job"("status", "runAt");

-- CreateIndex
CREATE UNIQUE INDEX "Job_shop_idempotencyKey_key" ON "Job"("shop", "idempotencyKey");

-- CreateIndex
CREATE INDEX "WebhookReceipt_shop_idx" ON "WebhookReceipt"("shop");

