-- Dashboard and /app/orders read open (or fulfilled) ledger lines by age; without this they would read every
-- resolved line the shop ever had.
CREATE INDEX "BackorderLine_shop_status_orderedAt_idx" ON "BackorderLine"("shop", "status", "orderedAt");
