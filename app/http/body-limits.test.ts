import { describe, expect, it } from "vitest";
import { CSV_MAX_BYTES } from "../domain/backorder-csv";
import { BODY_LIMITS, bodyLimitFor, bodyTooLargeMessage } from "./body-limits";

describe("bodyLimitFor", () => {
  it("gives webhooks room for Shopify's largest payloads, admin pages the CSV import, shopper forms 16 KiB", () => {
    expect(bodyLimitFor("/webhooks/orders")).toBe(BODY_LIMITS.webhooks);
    expect(bodyLimitFor("/webhooks/compliance")).toBe(BODY_LIMITS.webhooks);
    expect(BODY_LIMITS.webhooks.bytes).toBeGreaterThanOrEqual(1_000_000 * 5);
    expect(bodyLimitFor("/app/csv")).toBe(BODY_LIMITS.admin);
    expect(bodyLimitFor("/app")).toBe(BODY_LIMITS.admin);
    expect(bodyLimitFor("/app.data")).toBe(BODY_LIMITS.admin);
    expect(BODY_LIMITS.admin.bytes).toBeGreaterThan(CSV_MAX_BYTES);
    for (const path of ["/proxy/notify", "/alerts/confirm/t", "/alerts/unsubscribe/t", "/orders/cancel-request/t"]) {
      expect(bodyLimitFor(path), path).toBe(BODY_LIMITS.shopper);
    }
    expect(BODY_LIMITS.shopper.bytes).toBe(16 * 1024);
  });

  it("does not let a look-alike prefix borrow a larger limit", () => {
    expect(bodyLimitFor("/webhooksx")).toBe(BODY_LIMITS.other);
    expect(bodyLimitFor("/application")).toBe(BODY_LIMITS.other);
    expect(bodyLimitFor("/auth/login")).toBe(BODY_LIMITS.other);
  });
});

describe("bodyTooLargeMessage", () => {
  it("names the routes and the limit", () => {
    expect(bodyTooLargeMessage(BODY_LIMITS.shopper)).toBe("Request body too large: storefront forms accept at most 16 KiB.");
    expect(bodyTooLargeMessage(BODY_LIMITS.webhooks)).toBe("Request body too large: webhooks accept at most 10 MiB.");
  });
});
