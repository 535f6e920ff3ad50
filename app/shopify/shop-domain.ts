/** A shop's permanent domain, as Shopify sends it in webhook headers and signed proxy queries (lower case). */
export const MYSHOPIFY_DOMAIN = /^[a-z0-9][a-z0-9-]*\.myshopify\.com$/;

export const isMyshopifyDomain = (value: string | null | undefined): boolean => typeof value === "string" && MYSHOPIFY_DOMAIN.test(value);
