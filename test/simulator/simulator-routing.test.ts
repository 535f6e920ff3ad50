import { describe, expect, it } from "vitest";
import { createSimulatorFetch } from "../../app/shopify/simulator-fetch.server";
import { allowSimulatorAsFrameAncestor } from "../../app/shopify/simulator-headers.server";

function recordingFetch() {
  const calls: Array<{ url: string; method: string; headers: Headers; body: string | null }> = [];
  const fetchImpl = (async (input: any, init?: RequestInit) => {
    calls.push({
      url: String(input),
      method: init?.method ?? "GET",
      headers: new Headers(init?.headers),
      body: init?.body ? Buffer.from(init.body as ArrayBuffer).toString() : null,
    });
    return new Response("{}");
  }) as typeof fetch;
  return { calls, fetchImpl };
}

describe("simulator routing", () => {
  it("GIVEN a request to a shop's Admin API THEN it goes to the simulator with the shop named in a header", async () => {
    const { calls, fetchImpl } = recordingFetch();
    const simulatorFetch = createSimulatorFetch("http://127.0.0.1:4100", fetchImpl);
    await simulatorFetch("https://demo.myshopify.com/admin/api/2026-10/graphql.json?x=1", {
      method: "POST",
      headers: { "X-Shopify-Access-Token": "tok" },
      body: '{"query":"{shop{name}}"}',
    });
    expect(calls[0].url).toBe("http://127.0.0.1:4100/admin/api/2026-10/graphql.json?x=1");
    expect(calls[0].method).toBe("POST");
    expect(calls[0].headers.get("X-Shopify-Shop-Domain")).toBe("demo.myshopify.com");
    expect(calls[0].headers.get("X-Shopify-Access-Token")).toBe("tok");
    expect(calls[0].body).toBe('{"query":"{shop{name}}"}');
  });

  it("GIVEN any other URL THEN the request is passed through untouched", async () => {
    const { calls, fetchImpl } = recordingFetch();
    await createSimulatorFetch("http://127.0.0.1:4100", fetchImpl)("https://storage.example.com/bulk.jsonl");
    expect(calls[0].url).toBe("https://storage.example.com/bulk.jsonl");
    expect(calls[0].headers.get("X-Shopify-Shop-Domain")).toBeNull();
  });

  it("GIVEN simulator mode THEN the simulator origin may frame the app next to Shopify admin", () => {
    const headers = new Headers({ "Content-Security-Policy": "frame-ancestors https://demo.myshopify.com https://admin.shopify.com;" });
    allowSimulatorAsFrameAncestor(headers, "http://127.0.0.1:4100");
    expect(headers.get("Content-Security-Policy")).toBe(
      "frame-ancestors https://demo.myshopify.com https://admin.shopify.com http://127.0.0.1:4100;",
    );
  });

  it("GIVEN production (no simulator) THEN the CSP header is unchanged", () => {
    const headers = new Headers({ "Content-Security-Policy": "frame-ancestors https://admin.shopify.com;" });
    allowSimulatorAsFrameAncestor(headers, undefined);
    expect(headers.get("Content-Security-Policy")).toBe("frame-ancestors https://admin.shopify.com;");
  });
});
