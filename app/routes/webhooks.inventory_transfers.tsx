// Thin route: see app/webhooks.server.ts (HMAC check → dedupe + enqueue → 200).
export { webhookAction as action } from "../webhooks.server";
