-- Predicted stock-out automation (issue 17): a rule option to turn backorders on ahead of a predicted stock-out
-- when stock is inbound, and the mark on the variants it turned on.
-- AlterTable
ALTER TABLE "AutomationRule" ADD COLUMN "enableAheadOfStockOut" BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE "AutomationRule" ADD COLUMN "aheadWindowDays" INTEGER;

-- AlterTable
ALTER TABLE "VariantBackorder" ADD COLUMN "aheadOfStockOut" BOOLEAN NOT NULL DEFAULT false;
