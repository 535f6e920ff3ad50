import { describe, expect, it } from "vitest";
import { accessLogLine, redactRequestTarget } from "./request-log";

describe("redactRequestTarget", () => {
  it("replaces the bearer token of every emailed link, keeping the route and a .data suffix", () => {
    expect(redactRequestTarget("/alerts/unsubscribe/abc.def")).toBe("/alerts/unsubscribe/[redacted]");
    expect(redactRequestTarget("/alerts/confirm/tok123?x=1")).toBe("/alerts/confirm/[redacted]?x=1");
    expect(redactRequestTarget("/orders/cancel-request/abc.def.data")).toBe("/orders/cancel-request/[redacted].data");
  });

  it("replaces signed and identifying query values but keeps their keys and everything else", () => {
    expect(redactRequestTarget("/proxy/notify?shop=a.myshopify.com&logged_in_customer_id=42&path_prefix=%2Fapps&timestamp=1&signature=ff")).toBe(
      "/proxy/notify?shop=a.myshopify.com&logged_in_customer_id=[redacted]&path_prefix=%2Fapps&timestamp=1&signature=[redacted]",
    );
    expect(redactRequestTarget("/app?embedded=1&hmac=aa&host=YWRtaW4&id_token=eyJ&session=s1&shop=a.myshopify.com")).toBe(
      "/app?embedded=1&hmac=[redacted]&host=YWRtaW4&id_token=[redacted]&session=[redacted]&shop=a.myshopify.com",
    );
    expect(redactRequestTarget("/auth/callback?code=c0de&state=st")).toBe("/auth/callback?code=[redacted]&state=[redacted]");
  });

  it("sees through encoded and differently cased keys, and drops a pair whose key cannot be decoded", () => {
    expect(redactRequestTarget("/p?Signature=1&%73ignature=2&ID_TOKEN=3")).toBe("/p?Signature=[redacted]&%73ignature=[redacted]&ID_TOKEN=[redacted]");
    expect(redactRequestTarget("/p?%E0%A4%A=secret&a=1")).toBe("/p?[redacted]&a=1");
  });

  it("leaves paths without secrets alone", () => {
    expect(redactRequestTarget("/app/variants?status=backordered&page=2")).toBe("/app/variants?status=backordered&page=2");
    expect(redactRequestTarget("/webhooks/orders")).toBe("/webhooks/orders");
    expect(redactRequestTarget("/alerts/unsubscribe/")).toBe("/alerts/unsubscribe/");
  });
});

describe("accessLogLine", () => {
  it("prints method, redacted target, status, bytes and time", () => {
    expect(accessLogLine({ method: "GET", target: "/alerts/confirm/t", status: 200, bytes: 512, ms: 3.14159 })).toBe("GET /alerts/confirm/[redacted] 200 512 - 3.142 ms");
    expect(accessLogLine({ method: "POST", target: "/x", status: 413, bytes: null, ms: 1 })).toBe("POST /x 413 - - 1.000 ms");
  });
});
