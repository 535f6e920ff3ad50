// One-click unsubscribe (RFC 8058) for restock alerts. The link carries a token signed with the app secret over
// the subscription id (app/domain/signed-token.ts), so it works without a login or cookie and cannot be guessed;
// links minted before a secret rotation keep working while the old secret is in SHOPIFY_API_SECRET_PREVIOUS.
// GET only shows a page (mail scanners prefetch links; a GET must never unsubscribe); POST does the work.
import { shopperPageHtml } from "./shopper-page.server";
import { emailStrings, fillTemplate, resolveEmailLocale } from "../domain/email-locales";
import { escapeHtml, productLabel } from "../domain/email-templates";
import { signToken, verifyToken } from "../domain/signed-token";
import { env } from "../env.server";
import { findProductAndVariantTitles } from "../models/alert-catalog.server";
import { cancelUnsentSubscriptionEmails } from "../models/email-outbox.server";
import { findSubscriptionForUnsubscribe, markUnsubscribed } from "../models/restock-subscription.server";
import { inTransaction } from "../models/transaction.server";

const PURPOSE = "unsubscribe";

/** The token in a subscription's unsubscribe link. */
export function unsubscribeTokenFor(subscriptionId: string, secret = env.SHOPIFY_API_SECRET): string {
  return signToken({ purpose: PURPOSE, subject: subscriptionId, secret });
}

/** `${SHOPIFY_APP_URL}/alerts/unsubscribe/<token>`: the List-Unsubscribe target and the footer link of every alert. */
export function buildUnsubscribeUrl(subscriptionId: string, appUrl = env.SHOPIFY_APP_URL, secret = env.SHOPIFY_API_SECRET): string {
  return `${appUrl.replace(/\/$/, "")}/alerts/unsubscribe/${unsubscribeTokenFor(subscriptionId, secret)}`;
}

export type UnsubscribePage =
  | { kind: "invalid"; locale: string }
  | { kind: "confirm"; locale: string; product: string | null } // GET on a live subscription: ask first
  | { kind: "done"; locale: string }; // unsubscribed (now, before, or the subscription no longer exists)

async function findSubscription(token: string) {
  const subscriptionId = verifyToken({ purpose: PURPOSE, token, secret: env.SHOPIFY_API_SECRET, previousSecrets: env.SHOPIFY_API_SECRET_PREVIOUS });
  if (!subscriptionId) return { valid: false as const };
  const subscription = await findSubscriptionForUnsubscribe(subscriptionId);
  return { valid: true as const, subscription };
}

/** GET: what the page shows. Never changes anything. */
export async function describeUnsubscribe(input: { token: string; acceptLanguage: string | null }): Promise<UnsubscribePage> {
  const fallbackLocale = resolveEmailLocale(input.acceptLanguage?.split(",")[0]);
  const found = await findSubscription(input.token);
  if (!found.valid) return { kind: "invalid", locale: fallbackLocale };
  const subscription = found.subscription;
  // A deleted subscription (redacted, uninstalled) looks exactly like an unsubscribed one: nothing to leak.
  if (!subscription) return { kind: "done", locale: fallbackLocale };
  if (subscription.status === "unsubscribed") return { kind: "done", locale: subscription.locale };
  const [product, variant] = await findProductAndVariantTitles(subscription.shop, subscription);
  return { kind: "confirm", locale: subscription.locale, product: product ? productLabel(product.title, variant?.title ?? null) : null };
}

/** POST: unsubscribes and cancels the subscription's unsent emails. Idempotent. */
export async function unsubscribe(input: { token: string; acceptLanguage: string | null; now: Date }): Promise<UnsubscribePage> {
  const fallbackLocale = resolveEmailLocale(input.acceptLanguage?.split(",")[0]);
  const found = await findSubscription(input.token);
  if (!found.valid) return { kind: "invalid", locale: fallbackLocale };
  const subscription = found.subscription;
  if (!subscription) return { kind: "done", locale: fallbackLocale };
  await inTransaction(async (tx) => {
    await markUnsubscribed(subscription.id, input.now, tx);
    // Emails not yet handed to SMTP are dropped; the delivery job also re-checks the subscription before sending.
    await cancelUnsentSubscriptionEmails(subscription.shop, subscription.id, "Cancelled: the shopper unsubscribed", tx);
  });
  return { kind: "done", locale: subscription.locale };
}

/** The small standalone page (no app chrome: shoppers are not logged in to anything). */
export function renderUnsubscribePage(page: UnsubscribePage, formAction: string): { status: number; html: string } {
  const strings = emailStrings(page.locale);
  const locale = resolveEmailLocale(page.locale);
  let title: string;
  let body: string;
  if (page.kind === "invalid") {
    title = strings.invalidLinkTitle;
    body = `<p>${escapeHtml(strings.invalidLinkBody)}</p>`;
  } else if (page.kind === "done") {
    title = strings.unsubscribedTitle;
    body = `<p>${escapeHtml(strings.unsubscribedBody)}</p>`;
  } else {
    title = strings.unsubscribePageTitle;
    const question = page.product ? fillTemplate(strings.unsubscribePageQuestion, { product: page.product }) : strings.unsubscribePageQuestionGeneric;
    body = `<p>${escapeHtml(question)}</p>
<form method="post" action="${escapeHtml(formAction)}"><input type="hidden" name="List-Unsubscribe" value="One-Click"><button type="submit">${escapeHtml(strings.unsubscribeButton)}</button></form>`;
  }
  const html = shopperPageHtml({ lang: locale, title, bodyHtml: body, state: page.kind });
  return { status: page.kind === "invalid" ? 400 : 200, html };
}
