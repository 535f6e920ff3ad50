// Which address a proxied storefront request came from, for the signup's per-address rate limit. Pure.
//
// Shopify's app proxy forwards the shopper's address in X-Forwarded-For ("Client IP" in shopify.dev's
// "Authenticate app proxies"). Whether it appends to a header the shopper sent or replaces it is not documented,
// so the only hop a client cannot choose is the one written last by someone we trust: counted from the right,
// past the proxies of our own hosting (a load balancer, a CDN or the `shopify app dev` tunnel each append the
// address they were reached from, which is Shopify's). Reading the first hop instead lets any client pick its own
// bucket; reading one hop too far right gives every shopper Shopify's shared address and one bucket for the store.
import { isIP } from "node:net";

export type ShopperAddress =
  /** `bucket` is what the rate limit counts: the address itself for IPv4, its /64 for IPv6 (one subscriber's line). */
  | { kind: "ip"; address: string; bucket: string }
  /** No usable hop: absent, not an address, or an internal one (a sign the proxy-hop setting is wrong). */
  | { kind: "unknown"; reason: "missing" | "malformed" | "internal" };

/** The shopper's hop: `trustedProxyHops` entries from the right are our own proxies' and are skipped. */
export function shopperAddressFromForwardedFor(header: string | null | undefined, trustedProxyHops: number): ShopperAddress {
  const hops = (header ?? "").split(",").map((hop) => hop.trim()).filter((hop) => hop.length > 0);
  const index = hops.length - 1 - trustedProxyHops;
  if (index < 0) return { kind: "unknown", reason: "missing" };
  const address = normaliseAddress(hops[index]);
  if (!address) return { kind: "unknown", reason: "malformed" };
  if (isInternalAddress(address)) return { kind: "unknown", reason: "internal" };
  return { kind: "ip", address, bucket: isIP(address) === 6 ? ipv6Slash64(address) : address };
}

/** A hop as an address: brackets, ports and IPv6 zones dropped, IPv4-mapped IPv6 read as IPv4, lower case. */
function normaliseAddress(hop: string): string | null {
  let value = hop.toLowerCase();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(value);
  if (bracketed) value = bracketed[1];
  else if (/^\d{1,3}(\.\d{1,3}){3}:\d+$/.test(value)) value = value.slice(0, value.lastIndexOf(":"));
  value = value.replace(/%.*$/, "");
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/.exec(value);
  if (mapped) value = mapped[1];
  return isIP(value) ? value : null;
}

/** The eight 16-bit groups of an IPv6 address (accepts `::` and a trailing dotted IPv4). */
function ipv6Groups(address: string): number[] {
  let text = address;
  const dotted = /(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number);
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.includes("::") ? text.split("::") : [text, null];
  const headGroups = head ? head.split(":") : [];
  const tailGroups = tail ? tail.split(":") : [];
  const fill = tail === null ? [] : Array(8 - headGroups.length - tailGroups.length).fill("0");
  return [...headGroups, ...fill, ...tailGroups].map((group) => parseInt(group, 16));
}

function ipv6Slash64(address: string): string {
  return `${ipv6Groups(address).slice(0, 4).map((group) => group.toString(16)).join(":")}::/64`;
}

/** Loopback, private, carrier-grade NAT, link-local and unique-local ranges: never a shopper's public address. */
function isInternalAddress(address: string): boolean {
  if (isIP(address) === 4) {
    const [a, b] = address.split(".").map(Number);
    return a === 0 || a === 10 || a === 127 || (a === 100 && b >= 64 && b <= 127) || (a === 169 && b === 254) || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168);
  }
  const groups = ipv6Groups(address);
  const first = groups[0];
  const unspecifiedOrLoopback = groups.slice(0, 7).every((group) => group === 0) && groups[7] <= 1;
  return unspecifiedOrLoopback || (first & 0xfe00) === 0xfc00 || (first & 0xffc0) === 0xfe80;
}
