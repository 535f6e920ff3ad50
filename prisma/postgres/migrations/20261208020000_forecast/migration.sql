-- Forecast (issue 17): unit cost per variant, the per-variant forecast, the last recompute, lead-time/review overrides.
-- AlterTable
ALTER TABLE "Variant" ADD COLUMN     "unitCost" TEXT;

-- CreateTable
CREATE TABLE "VariantForecast" (
    "shop" TEXT NOT NULL,
    "variantId" TEXT NOT NULL,
    "productId" TEXT NOT NULL,
    "vendor" TEXT,
    "productType" TEXT,
    "computedAt" TIMESTAMP(3) NOT NULL,
    "method" TEXT NOT NULL,
    "ratePerDay" DOUBLE PRECISION NOT NULL,
    "available" INTEGER NOT NULL,
    "inbound" INTEGER NOT NULL,
    "owed" INTEGER NOT NULL,
    "waitlist" INTEGER NOT NULL,
    "daysOfCover" DOUBLE PRECISION,
    "stockOutEarliest" TEXT,
    "stockOutLikely" TEXT,
    "stockOutLatest" TEXT,
    "coverageDate" TEXT,
    "mase" DOUBLE PRECISION,
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

    CONSTRAINT "VariantForecast_pkey" PRIMARY KEY ("shop","variantId")
);

-- CreateTable
CREATE TABLE "ForecastRun" (
    "shop" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL,
    "finishedAt" TIMESTAMP(3),
    "variantsForecast" INTEGER NOT NULL DEFAULT 0,
    "meanMase" DOUBLE PRECISION,
    "medianMase" DOUBLE PRECISION,
    "variantsMeasured" INTEGER NOT NULL DEFAULT 0,
    "scoredDays" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,

    CONSTRAINT "ForecastRun_pkey" PRIMARY KEY ("shop")
);

-- CreateTable
CREATE TABLE "ReorderSetting" (
    "shop" TEXT NOT NULL,
    "scope" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "leadTimeDays" INTEGER,
    "reviewPeriodDays" INTEGER,
    "serviceLevel" DOUBLE PRECISION,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ReorderSetting_pkey" PRIMARY KEY ("shop","scope","key")
);

-- CreateIndex
CREATE INDEX "VariantForecast_shop_atRisk_revenueAtRiskCents_idx" ON "VariantForecast"("shop", "atRisk", "revenueAtRiskCents");

-- CreateIndex
CREATE INDEX "VariantForecast_shop_stockOutLikely_idx" ON "VariantForecast"("shop", "stockOutLikely");

-- CreateIndex
CREATE INDEX "VariantForecast_shop_vendor_idx" ON "VariantForecast"("shop", "vendor");

