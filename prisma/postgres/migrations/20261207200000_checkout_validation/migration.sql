-- The checkout validation function (issue 16): the merchant's switch (on by default) and the registration's state.
ALTER TABLE "ShopSettings" ADD COLUMN "enforceCapsAtCheckout" BOOLEAN NOT NULL DEFAULT true;
ALTER TABLE "Shop" ADD COLUMN "checkoutValidationId" TEXT;
ALTER TABLE "Shop" ADD COLUMN "checkoutValidationStatus" TEXT NOT NULL DEFAULT 'never';
ALTER TABLE "Shop" ADD COLUMN "checkoutValidationError" TEXT;
ALTER TABLE "Shop" ADD COLUMN "checkoutValidationSyncedAt" TIMESTAMP(3);
