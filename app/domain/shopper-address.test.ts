import { describe, expect, it } from "vitest";
import { shopperAddressFromForwardedFor } from "./shopper-address";

describe("shopperAddressFromForwardedFor", () => {
  it("GIVEN the single hop Shopify's proxy writes THEN that is the shopper's address and bucket", () => {
    expect(shopperAddressFromForwardedFor("203.0.113.7", 0)).toEqual({ kind: "ip", address: "203.0.113.7", bucket: "203.0.113.7" });
  });

  it("GIVEN a client that sent its own X-Forwarded-For THEN the hops it wrote (on the left) are ignored", () => {
    for (const forged of ["198.51.100.1", "1.1.1.1, 2.2.2.2", "garbage", ""]) {
      const header = forged ? `${forged}, 203.0.113.7` : "203.0.113.7";
      expect(shopperAddressFromForwardedFor(header, 0)).toMatchObject({ kind: "ip", address: "203.0.113.7" });
    }
  });

  it("GIVEN our own proxies appended Shopify's address THEN trusted hops are skipped from the right", () => {
    const header = "6.6.6.6, 203.0.113.7, 23.227.38.1";
    expect(shopperAddressFromForwardedFor(header, 1)).toMatchObject({ address: "203.0.113.7" });
    expect(shopperAddressFromForwardedFor(`${header}, 34.1.2.3`, 2)).toMatchObject({ address: "203.0.113.7" });
    // One hop too few configured: the store would share Shopify's address; the setting is documented for that reason.
    expect(shopperAddressFromForwardedFor(header, 0)).toMatchObject({ address: "23.227.38.1" });
  });

  it("GIVEN no header, too few hops or a hop that is not an address THEN unknown (the shared per-shop bucket)", () => {
    expect(shopperAddressFromForwardedFor(null, 0)).toEqual({ kind: "unknown", reason: "missing" });
    expect(shopperAddressFromForwardedFor(" , ", 0)).toEqual({ kind: "unknown", reason: "missing" });
    expect(shopperAddressFromForwardedFor("203.0.113.7", 1)).toEqual({ kind: "unknown", reason: "missing" });
    for (const hop of ["unknown", "evil.example", "999.1.1.1", "203.0.113.7; DROP", "::g"]) {
      expect(shopperAddressFromForwardedFor(hop, 0)).toEqual({ kind: "unknown", reason: "malformed" });
    }
  });

  it("GIVEN internal addresses (a hop setting that reads our own network) THEN unknown, never one bucket per load balancer", () => {
    for (const hop of ["10.0.0.1", "127.0.0.1", "172.16.5.4", "172.31.255.255", "192.168.1.1", "100.64.0.1", "169.254.1.1", "::1", "fd00::1", "fe80::1%eth0", "::ffff:10.1.2.3"]) {
      expect(shopperAddressFromForwardedFor(hop, 0)).toEqual({ kind: "unknown", reason: "internal" });
    }
    for (const hop of ["172.32.0.1", "100.128.0.1", "11.0.0.1"]) expect(shopperAddressFromForwardedFor(hop, 0).kind).toBe("ip");
  });

  it("GIVEN ports, brackets, case and IPv4-mapped forms THEN one address", () => {
    expect(shopperAddressFromForwardedFor("203.0.113.7:51234", 0)).toMatchObject({ address: "203.0.113.7" });
    expect(shopperAddressFromForwardedFor("::FFFF:203.0.113.7", 0)).toMatchObject({ address: "203.0.113.7" });
    expect(shopperAddressFromForwardedFor("[2001:DB8:AB:CD::1]:443", 0)).toMatchObject({ address: "2001:db8:ab:cd::1" });
  });

  it("GIVEN IPv6 addresses in one /64 (one subscriber line) THEN one bucket; another /64 is another bucket", () => {
    const a = shopperAddressFromForwardedFor("2001:db8:ab:cd::1", 0);
    const b = shopperAddressFromForwardedFor("2001:db8:ab:cd:ffff:1:2:3", 0);
    const c = shopperAddressFromForwardedFor("2001:db8:ab:ce::1", 0);
    expect(a).toMatchObject({ bucket: "2001:db8:ab:cd::/64" });
    expect(b).toMatchObject({ bucket: "2001:db8:ab:cd::/64" });
    expect(c).toMatchObject({ bucket: "2001:db8:ab:ce::/64" });
    expect(shopperAddressFromForwardedFor("2001:db8::1.2.3.4", 0)).toMatchObject({ bucket: "2001:db8:0:0::/64" });
  });
});
