-- Forecast (issue 17): unit cost per variant, the per-variant forecast, the last recompute, lead-time/review overrides.
-- AlterTable
ALTER TABLE "Variant" ADD COLUMN "unitCost" TEXT;

-- CreateTable
CREATE TABLE "VariantForecast" (
    "shop" TEXT NOT NULL,
    "variantId" TEXT NOT NULL,
    "productId" TEXT NOT NULL,
    "vendor" TEXT,
    "productType" TEXT,
    "computedAt" DATETIME NOT NULL,
    "method" TEXT NOT NULL,
    "ratePerDay" REAL NOT NULL,
    "available" INTEGER NOT NULL,
    "inbound" INTEGER NOT NULL,
    "owed" INTEGER NOT NULL,
    "waitlist" INTEGER NOT NULL,
    "daysOfCover" REAL,
    "stockOutEarliest" TEXT,
    "stockOutLikely" TEXT,
    "stockOutLatest" TEXT,
    "coverageDate" TEXT,
    "mase" REAL,
    "maseReason" TEXT,
    "scoredDays" INTEGER NOT NULL,
    "leadTimeDays" INTEGER NOT NULL,
    "reviewPeriodDays" INTEGER NOT NULL,
    "suggestedQuantity" INTEGER NOT NULL,
    "atRisk" BOOLEAN NOT NULL,
    "unitsAtRisk" INTEGER NOT NULL,
    "price" TEXT,
    "unitCost" TEXT,
    "revenueAtRiskCents" INTEGER,
    "marginAtRiskCents" INTEGER,

    PRIMARY KEY ("shop", "variantId")
);

-- CreateTable
CREATE TABLE "ForecastRun" (
    "shop" TEXT NOT NULL PRIMARY KEY,
    "status" TEXT NOT NULL,
    "startedAt" DATETIME NOT NULL,
    "finishedAt" DATETIME,
    "variantsForecast" INTEGER NOT NULL DEFAULT 0,
    "meanMase" REAL,
    "medianMase" REAL,
    "variantsMeasured" INTEGER NOT NULL DEFAULT 0,
    "scoredDays" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT
);

-- CreateTable
CREATE TABLE "ReorderSetting" (
    "shop" TEXT NOT NULL,
    "scope" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "leadTimeDays" INTEGER,
    "reviewPeriodDays" INTEGER,
    "serviceLevel" REAL,
    "updatedAt" DATETIME NOT NULL,

    PRIMARY KEY ("shop", "scope", "key")
);

-- CreateIndex
CREATE INDEX "VariantForecast_shop_atRisk_revenueAtRiskCents_idx" ON "VariantForecast"("shop", "atRisk", "revenueAtRiskCents");

-- CreateIndex
CREATE INDEX "VariantForecast_shop_stockOutLikely_idx" ON "VariantForecast"("shop", "stockOutLikely");

-- CreateIndex
CREATE INDEX "VariantForecast_shop_vendor_idx" ON "VariantForecast"("shop", "vendor");

