import { describe, expect, it } from "vitest";
import { refuseBeforeRemix } from "./admin-auth-requests.server";

const post = (path: string, origin: string) =>
  new Request(`https://app.example.com${path}`, { method: "POST", headers: { Origin: origin, Host: "app.example.com" } });

describe("refuseBeforeRemix", () => {
  it("refuses a cross-origin form post to an admin page with 400", () => {
    expect(refuseBeforeRemix(post("/app/settings", "https://evil.example"))?.status).toBe(400);
  });

  it("leaves resource routes to their own checks: the app proxy's storefront origin, webhooks, emailed links", () => {
    for (const path of ["/proxy/notify", "/webhooks/orders", "/alerts/unsubscribe/t", "/orders/cancel-request/t"]) {
      expect(refuseBeforeRemix(post(path, "https://shop.example")), path).toBeNull();
    }
  });

  it("lets a same-origin post through", () => {
    expect(refuseBeforeRemix(post("/app/settings", "https://app.example.com"))).toBeNull();
  });

  it("answers an admin .data request without a session token with 401 + retry header, whatever the method (a preflight excepted)", () => {
    for (const method of ["GET", "HEAD", "POST", "PUT", "DELETE"]) {
      const refused = refuseBeforeRemix(new Request("https://app.example.com/app/settings.data", { method, headers: { Host: "app.example.com" } }));
      expect(refused?.status, method).toBe(401);
      expect(refused?.headers.get("X-Shopify-Retry-Invalid-Session-Request"), method).toBe("1");
    }
    expect(refuseBeforeRemix(new Request("https://app.example.com/app/settings.data", { method: "OPTIONS" }))).toBeNull();
    expect(refuseBeforeRemix(new Request("https://app.example.com/app/settings.data", { method: "POST", headers: { Authorization: "Bearer x.y.z" } }))).toBeNull();
  });
});
