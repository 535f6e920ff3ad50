-- Sales history (issue 17): units sold per variant and shop-local day, what each order line contributes, the backfill's state.
-- CreateTable
CREATE TABLE "VariantSalesDay" (
    "shop" TEXT NOT NULL,
    "variantId" TEXT NOT NULL,
    "productId" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "unitsSold" INTEGER NOT NULL DEFAULT 0,
    "endOfDayAvailable" INTEGER,
    "updatedAt" DATETIME NOT NULL,

    PRIMARY KEY ("shop", "variantId", "day")
);

-- CreateTable
CREATE TABLE "OrderSalesLine" (
    "shop" TEXT NOT NULL,
    "orderId" TEXT NOT NULL,
    "lineItemId" TEXT NOT NULL,
    "variantId" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "netUnits" INTEGER NOT NULL,
    "orderUpdatedAt" DATETIME NOT NULL,

    PRIMARY KEY ("shop", "orderId", "lineItemId")
);

-- CreateTable
CREATE TABLE "SalesHistoryBackfill" (
    "shop" TEXT NOT NULL PRIMARY KEY,
    "status" TEXT NOT NULL DEFAULT 'queued',
    "bulkOperationId" TEXT,
    "requestedAt" DATETIME NOT NULL,
    "startedAt" DATETIME,
    "completedAt" DATETIME,
    "error" TEXT,
    "orders" INTEGER NOT NULL DEFAULT 0,
    "lines" INTEGER NOT NULL DEFAULT 0,
    "updatedAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "VariantSalesDay_shop_day_idx" ON "VariantSalesDay"("shop", "day");

-- CreateIndex
CREATE INDEX "OrderSalesLine_shop_day_idx" ON "OrderSalesLine"("shop", "day");

