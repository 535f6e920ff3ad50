// Turns an EmailMessage row into subject + HTML + text: reads the shop, product, variant and settings it needs
// and hands plain values to the pure templates (app/domain/email-templates.ts).
import {
  renderBackInStockEmail,
  renderBackorderConfirmationEmail,
  renderConfirmationEmail,
  renderDelayNoticeEmail,
  renderShippingSoonEmail,
  type OrderEmailLine,
  type RenderedEmail,
} from "../domain/email-templates";
import { env } from "../env.server";
import { findProductAndVariant, findShopIdentity, listProductTitles, listVariantTitles } from "../models/alert-catalog.server";
import type { EmailMessage } from "../models/email-outbox.server";
import { loadDelayApologySetting, loadPendingExpirySetting } from "../models/notification-settings.server";
import { findLedgerLine, listOpenLedgerLines } from "../models/order-email-ledger.server";
import { findLedgerOrder } from "../models/order-ledger.server";
import { findSubscriptionTarget } from "../models/restock-subscription.server";
import { legacyIdFromGid } from "../shopify/gid";
import { buildCancelRequestUrl } from "./cancellation-requests.server";
import { buildUnsubscribeUrl } from "./unsubscribe.server";

/** The message can never be rendered (its product or subscription is gone): cancel it instead of retrying. */
export class EmailNotRenderableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "EmailNotRenderableError";
  }
}

const DEFAULT_EXPIRY_DAYS = 7;

/**
 * Where shoppers buy: the shop's storefront (`https://<shop>.myshopify.com`, which Shopify redirects to the primary
 * domain), or the simulator's storefront preview when the app runs against the local simulator.
 */
export function storefrontBaseUrl(shop: string, simulatorUrl = env.SHOPIFY_SIMULATOR_URL): string {
  if (simulatorUrl) return `${simulatorUrl.replace(/\/$/, "")}/storefront/${shop.replace(/\.myshopify\.com$/, "")}`;
  return `https://${shop}`;
}

/** Shopify's cart permalink: opens the cart with one unit of the variant in it. */
export function cartPermalink(shop: string, variantGid: string, simulatorUrl = env.SHOPIFY_SIMULATOR_URL): string {
  return `${storefrontBaseUrl(shop, simulatorUrl)}/cart/${legacyIdFromGid(variantGid)}:1`;
}

export function productPageUrl(shop: string, handle: string, variantGid: string, simulatorUrl = env.SHOPIFY_SIMULATOR_URL): string {
  return `${storefrontBaseUrl(shop, simulatorUrl)}/products/${encodeURIComponent(handle)}?variant=${legacyIdFromGid(variantGid)}`;
}

export function confirmUrl(token: string, appUrl = env.SHOPIFY_APP_URL): string {
  return `${appUrl.replace(/\/$/, "")}/alerts/confirm/${encodeURIComponent(token)}`;
}

export type RenderedEmailMessage = RenderedEmail & { shopName: string; unsubscribeUrl: string | null };

type MessageToRender = Pick<EmailMessage, "shop" | "kind" | "locale" | "subscriptionId" | "data">;

export async function renderEmailMessage(message: MessageToRender): Promise<RenderedEmailMessage> {
  const data = JSON.parse(message.data || "{}") as Record<string, unknown>;
  if (ORDER_EMAIL_KINDS.has(message.kind)) return renderOrderEmailMessage(message, data);
  const [shopRow, subscription] = await Promise.all([
    findShopIdentity(message.shop),
    message.subscriptionId ? findSubscriptionTarget(message.shop, message.subscriptionId) : null,
  ]);
  if (!subscription) throw new EmailNotRenderableError("The restock subscription no longer exists");
  const shopName = shopRow?.name?.trim() || message.shop.replace(/\.myshopify\.com$/, "");
  const [product, variant] = await findProductAndVariant(message.shop, subscription);
  if (!product || !variant) throw new EmailNotRenderableError("The product or variant was deleted from the store");
  const unsubscribeUrl = buildUnsubscribeUrl(subscription.id);

  if (message.kind === "subscription_confirmation") {
    const token = typeof data.confirmToken === "string" ? data.confirmToken : null;
    if (!token) throw new EmailNotRenderableError("The confirmation email has no confirm token (data.confirmToken)");
    const rendered = renderConfirmationEmail({
      locale: message.locale,
      shopName,
      productTitle: product.title,
      variantTitle: variant.title,
      confirmUrl: confirmUrl(token),
      unsubscribeUrl,
      expiryDays: await expiryDays(message.shop, data),
    });
    return { ...rendered, shopName, unsubscribeUrl };
  }

  if (message.kind === "back_in_stock") {
    const rendered = renderBackInStockEmail({
      locale: message.locale,
      shopName,
      productTitle: product.title,
      variantTitle: variant.title,
      imageUrl: variant.imageUrl ?? product.imageUrl,
      price: variant.price,
      currencyCode: shopRow?.currencyCode || "USD",
      buyUrl: cartPermalink(message.shop, variant.id),
      productUrl: productPageUrl(message.shop, product.handle, variant.id),
      unsubscribeUrl,
    });
    return { ...rendered, shopName, unsubscribeUrl };
  }

  throw new EmailNotRenderableError(`Unknown email kind "${message.kind}"`);
}

/** Days the confirm link stays valid: as the signup recorded it (data.expiryDays), else the shop's setting. */
async function expiryDays(shop: string, data: Record<string, unknown>): Promise<number> {
  if (typeof data.expiryDays === "number" && data.expiryDays > 0) return Math.round(data.expiryDays);
  const settings = await loadPendingExpirySetting(shop);
  return settings?.pendingExpiryDays ?? DEFAULT_EXPIRY_DAYS;
}

// ---------------------------------------------------------------------------------------------------------------
// Order emails: data carries { orderId } (backorder_confirmation) or { backorderLineId, … } (delay_notice,
// shipping_soon); the ledger (BackorderLine/BackorderOrder) supplies the rest. Transactional: no unsubscribe URL.

export const ORDER_EMAIL_KINDS: ReadonlySet<string> = new Set(["backorder_confirmation", "delay_notice", "shipping_soon"]);

const stringOrNull = (value: unknown): string | null => (typeof value === "string" && value ? value : null);

type LedgerLine = {
  id: string;
  variantId: string;
  productTitle: string | null;
  variantTitle: string | null;
  quantityBackordered: number;
  quantityResolved: number;
  etaCurrent: string | null;
  etaPromised: string | null;
};

/** Titles from the ledger line (captured at order time), else from the catalog mirror. */
async function emailLines(shop: string, lines: LedgerLine[]): Promise<OrderEmailLine[]> {
  const missing = lines.filter((line) => !line.productTitle).map((line) => line.variantId);
  const variants = missing.length
    ? await listVariantTitles(shop, missing)
    : [];
  const products = variants.length
    ? await listProductTitles(shop, variants.map((v) => v.productId))
    : [];
  const variantById = new Map(variants.map((v) => [v.id, v]));
  const productById = new Map(products.map((p) => [p.id, p.title]));
  return lines.map((line) => {
    const variant = variantById.get(line.variantId);
    return {
      productTitle: line.productTitle ?? (variant ? productById.get(variant.productId) : undefined) ?? line.variantTitle ?? "Item",
      variantTitle: line.productTitle ? line.variantTitle : (variant?.title ?? null),
      quantity: Math.max(1, line.quantityBackordered - line.quantityResolved),
      eta: line.etaCurrent ?? line.etaPromised,
    };
  });
}

async function renderOrderEmailMessage(message: MessageToRender, data: Record<string, unknown>): Promise<RenderedEmailMessage> {
  const [shopRow, settings] = await Promise.all([
    findShopIdentity(message.shop),
    loadDelayApologySetting(message.shop),
  ]);
  const shopName = shopRow?.name?.trim() || message.shop.replace(/\.myshopify\.com$/, "");

  if (message.kind === "backorder_confirmation") {
    const orderId = stringOrNull(data.orderId);
    if (!orderId) throw new EmailNotRenderableError("The backorder confirmation has no order id (data.orderId)");
    const [order, lines] = await Promise.all([
      findLedgerOrder(message.shop, orderId),
      listOpenLedgerLines(message.shop, orderId),
    ]);
    if (!lines.length) throw new EmailNotRenderableError("The order has no open backordered lines any more");
    const orderName = order?.orderName ?? lines[0].orderName ?? "";
    const rendered = renderBackorderConfirmationEmail({ locale: message.locale, shopName, orderName, lines: await emailLines(message.shop, lines) });
    return { ...rendered, shopName, unsubscribeUrl: null };
  }

  const lineId = stringOrNull(data.backorderLineId);
  if (!lineId) throw new EmailNotRenderableError(`The ${message.kind} email has no backorder line id (data.backorderLineId)`);
  const line = await findLedgerLine(message.shop, lineId);
  if (!line) throw new EmailNotRenderableError("The backordered order line no longer exists");
  const [emailLine] = await emailLines(message.shop, [line]);
  const orderName = line.orderName ?? "";

  if (message.kind === "delay_notice") {
    const rendered = renderDelayNoticeEmail({
      locale: message.locale,
      shopName,
      orderName,
      line: emailLine,
      previousEta: stringOrNull(data.previousEta),
      newEta: stringOrNull(data.newEta),
      missed: data.missed === true,
      apologyText: settings?.delayApologyText ?? null,
      cancelRequestUrl: buildCancelRequestUrl(line.id),
    });
    return { ...rendered, shopName, unsubscribeUrl: null };
  }

  const rendered = renderShippingSoonEmail({ locale: message.locale, shopName, orderName, line: emailLine });
  return { ...rendered, shopName, unsubscribeUrl: null };
}
