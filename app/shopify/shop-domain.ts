/** A shop's permanent domain, as Shopify sends it in webhook headers and signed proxy queries (lower case). */
/** One DNS label (at most 63 characters) before .myshopify.com: a longer name is no host, let alone a shop. */
export const MYSHOPIFY_DOMAIN = /^[a-z0-9][a-z0-9-]{0,62}\.myshopify\.com$/;

export const isMyshopifyDomain = (value: string | null | undefined): boolean => typeof value === "string" && MYSHOPIFY_DOMAIN.test(value);
