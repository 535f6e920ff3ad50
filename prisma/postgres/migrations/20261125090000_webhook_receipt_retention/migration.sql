-- Retention prunes receipts by age (app/models/retention.server.ts); without this it would scan them all.
CREATE INDEX "WebhookReceipt_receivedAt_idx" ON "WebhookReceipt"("receivedAt");
