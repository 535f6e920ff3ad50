-- AlterTable
ALTER TABLE "VariantBackorder" ADD COLUMN "updatedBy" TEXT;

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
INSERT INTO "new_ShopSettings" ("addToCartLabel", "alertBatchIntervalMins", "alertMultiplier", "alertsOnBackorder", "defaultCap", "defaultLeadTimeDays", "delayApologyText", "holdBackorderedLines", "lowStockThreshold", "pendingExpiryDays", "requireConsent", "sendBackorderConfirm", "sendDelayNotices", "senderName", "shop", "tagBackorderedOrders", "updatedAt") SELECT "addToCartLabel", "alertBatchIntervalMins", "alertMultiplier", "alertsOnBackorder", "defaultCap", "defaultLeadTimeDays", "delayApologyText", "holdBackorderedLines", "lowStockThreshold", "pendingExpiryDays", "requireConsent", "sendBackorderConfirm", "sendDelayNotices", "senderName", "shop", "tagBackorderedOrders", "updatedAt" FROM "ShopSettings";
DROP TABLE "ShopSettings";
ALTER TABLE "new_ShopSettings" RENAME TO "ShopSettings";
CREATE TABLE "new_Variant" (
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
    "metafieldsSyncedAt" DATETIME,
    "shopifyUpdatedAt" DATETIME,
    "syncedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("shop", "id")
);
INSERT INTO "new_Variant" ("availableTotal", "id", "imageUrl", "inventoryItemId", "inventoryPolicy", "position", "price", "productId", "shop", "shopifyUpdatedAt", "sku", "syncedAt", "title", "tracked") SELECT "availableTotal", "id", "imageUrl", "inventoryItemId", "inventoryPolicy", "position", "price", "productId", "shop", "shopifyUpdatedAt", "sku", "syncedAt", "title", "tracked" FROM "Variant";
DROP TABLE "Variant";
ALTER TABLE "new_Variant" RENAME TO "Variant";
CREATE INDEX "Variant_shop_idx" ON "Variant"("shop");
CREATE INDEX "Variant_shop_productId_idx" ON "Variant"("shop", "productId");
CREATE INDEX "Variant_shop_inventoryItemId_idx" ON "Variant"("shop", "inventoryItemId");
CREATE INDEX "Variant_shop_availableTotal_idx" ON "Variant"("shop", "availableTotal");
CREATE INDEX "Variant_shop_backorderState_idx" ON "Variant"("shop", "backorderState");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
