// Thin route: see app/webhooks.server.ts (HMAC check → dedupe + enqueue → 200). Topics: orders/create,
// orders/updated, orders/cancelled, fulfillments/create, refunds/create (handled in app/jobs/order-jobs.server.ts).
export { webhookAction as action } from "../webhooks.server";
