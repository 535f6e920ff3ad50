// The restock-alert emails as subject + HTML + plain text. Pure: every value (URLs, names, price) is passed in,
// so rendering is unit-tested without a database. Shop, product and variant names are merchant input and the
// shopper never controls them here, but they can contain `<` or `&`, so every value is HTML-escaped.
import { emailStrings, fillTemplate, resolveEmailLocale, type EmailStrings } from "./email-locales";

export type RenderedEmail = { subject: string; html: string; text: string };

export type ConfirmationEmailInput = {
  locale: string;
  shopName: string;
  productTitle: string;
  variantTitle: string | null;
  confirmUrl: string;
  unsubscribeUrl: string;
  expiryDays: number;
};

export type BackInStockEmailInput = {
  locale: string;
  shopName: string;
  productTitle: string;
  variantTitle: string | null;
  imageUrl: string | null;
  /** Decimal string as Shopify sends it ("19.90"), or null when unknown. */
  price: string | null;
  currencyCode: string;
  buyUrl: string;
  productUrl: string;
  unsubscribeUrl: string;
};

export function escapeHtml(value: string): string {
  return value
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

/** "T-Shirt – Blue / M"; Shopify's placeholder title of single-variant products is left out. */
export function productLabel(productTitle: string, variantTitle: string | null): string {
  const variant = variantTitle?.trim();
  return variant && variant !== "Default Title" ? `${productTitle} – ${variant}` : productTitle;
}

/** The price in the shop's currency, written the way the subscriber's locale writes money (19,90 € / €19.90). */
export function formatPrice(price: string | null, currencyCode: string, locale: string): string | null {
  if (price === null || price.trim() === "" || !Number.isFinite(Number(price))) return null;
  try {
    return new Intl.NumberFormat(resolveEmailLocale(locale), { style: "currency", currency: currencyCode }).format(Number(price));
  } catch {
    return `${price} ${currencyCode}`; // an unknown currency code: still show the amount
  }
}

const isHttpUrl = (url: string | null): url is string => !!url && /^https?:\/\//i.test(url);

function layout(input: { locale: string; title: string; body: string; footer: string }): string {
  return `<!doctype html>
<html lang="${escapeHtml(resolveEmailLocale(input.locale))}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escapeHtml(input.title)}</title></head>
<body style="margin:0;padding:0;background:#f4f4f4;font-family:Helvetica,Arial,sans-serif;color:#202223">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f4f4f4"><tr><td align="center" style="padding:24px 12px">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="max-width:560px;background:#ffffff;border-radius:8px">
<tr><td style="padding:28px 28px 12px">${input.body}</td></tr>
<tr><td style="padding:12px 28px 24px;font-size:12px;color:#6d7175;border-top:1px solid #e1e3e5">${input.footer}</td></tr>
</table></td></tr></table>
</body>
</html>`;
}

function button(href: string, label: string): string {
  return `<a href="${escapeHtml(href)}" style="display:inline-block;background:#202223;color:#ffffff;text-decoration:none;padding:12px 22px;border-radius:6px;font-weight:bold">${escapeHtml(label)}</a>`;
}

function footer(strings: EmailStrings, shopName: string, unsubscribeUrl: string): { html: string; text: string } {
  const sentBy = fillTemplate(strings.footerSentBy, { shop: shopName });
  return {
    html: `${escapeHtml(sentBy)}<br><a href="${escapeHtml(unsubscribeUrl)}" style="color:#6d7175">${escapeHtml(strings.unsubscribeLink)}</a>`,
    text: `--\n${sentBy}\n${strings.unsubscribeLink}: ${unsubscribeUrl}`,
  };
}

export function renderConfirmationEmail(input: ConfirmationEmailInput): RenderedEmail {
  const strings = emailStrings(input.locale);
  const product = productLabel(input.productTitle, input.variantTitle);
  const intro = fillTemplate(strings.confirmIntro, { product });
  const expiry = fillTemplate(strings.confirmExpiry, { days: input.expiryDays });
  const foot = footer(strings, input.shopName, input.unsubscribeUrl);
  const body = `<h1 style="font-size:20px;margin:0 0 16px">${escapeHtml(strings.confirmHeading)}</h1>
<p style="margin:0 0 20px;line-height:1.5">${escapeHtml(intro)}</p>
<p style="margin:0 0 20px">${button(input.confirmUrl, strings.confirmButton)}</p>
<p style="margin:0 0 8px;font-size:14px;color:#6d7175">${escapeHtml(expiry)}</p>
<p style="margin:0 0 8px;font-size:14px;color:#6d7175">${escapeHtml(strings.confirmIgnore)}</p>`;
  return {
    subject: `${strings.confirmSubject} – ${input.shopName}`,
    html: layout({ locale: input.locale, title: strings.confirmSubject, body, footer: foot.html }),
    text: [
      strings.confirmHeading,
      "",
      intro,
      "",
      `${strings.confirmButton}: ${input.confirmUrl}`,
      "",
      expiry,
      strings.confirmIgnore,
      "",
      foot.text,
      "",
    ].join("\n"),
  };
}

export function renderBackInStockEmail(input: BackInStockEmailInput): RenderedEmail {
  const strings = emailStrings(input.locale);
  const product = productLabel(input.productTitle, input.variantTitle);
  const price = formatPrice(input.price, input.currencyCode, input.locale);
  const intro = fillTemplate(strings.backInStockIntro, { product, shop: input.shopName });
  const foot = footer(strings, input.shopName, input.unsubscribeUrl);
  const image = isHttpUrl(input.imageUrl)
    ? `<p style="margin:0 0 16px"><a href="${escapeHtml(input.productUrl)}"><img src="${escapeHtml(input.imageUrl)}" alt="${escapeHtml(product)}" width="240" style="max-width:100%;height:auto;border:0;border-radius:6px"></a></p>`
    : "";
  const body = `<h1 style="font-size:20px;margin:0 0 16px">${escapeHtml(strings.backInStockHeading)}</h1>
${image}<p style="margin:0 0 4px;font-size:17px;font-weight:bold">${escapeHtml(input.productTitle)}</p>
${input.variantTitle && input.variantTitle !== "Default Title" ? `<p style="margin:0 0 4px;color:#6d7175">${escapeHtml(input.variantTitle)}</p>\n` : ""}${price ? `<p style="margin:0 0 16px;font-size:17px">${escapeHtml(price)}</p>\n` : ""}<p style="margin:0 0 20px;line-height:1.5">${escapeHtml(intro)}</p>
<p style="margin:0 0 12px">${button(input.buyUrl, strings.buyNow)}</p>
<p style="margin:0 0 16px"><a href="${escapeHtml(input.productUrl)}">${escapeHtml(strings.viewProduct)}</a></p>
<p style="margin:0;font-size:13px;color:#6d7175">${escapeHtml(strings.backInStockOnce)}</p>`;
  return {
    subject: fillTemplate(strings.backInStockSubject, { product }),
    html: layout({ locale: input.locale, title: fillTemplate(strings.backInStockSubject, { product }), body, footer: foot.html }),
    text: [
      strings.backInStockHeading,
      "",
      product + (price ? ` – ${price}` : ""),
      "",
      intro,
      "",
      `${strings.buyNow}: ${input.buyUrl}`,
      `${strings.viewProduct}: ${input.productUrl}`,
      "",
      strings.backInStockOnce,
      "",
      foot.text,
      "",
    ].join("\n"),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Order emails (backorder confirmation, delay notice, shipping soon). These are transactional — sent because the
// shopper placed an order, about that order — so they carry no unsubscribe link or List-Unsubscribe header
// (CAN-SPAM/GDPR treat order updates as transactional; the merchant switches each kind off in Settings).

export type OrderEmailLine = {
  productTitle: string;
  variantTitle: string | null;
  quantity: number;
  /** YYYY-MM-DD, or null when no ship date is known. */
  eta: string | null;
};

export type BackorderConfirmationEmailInput = {
  locale: string;
  shopName: string;
  orderName: string;
  lines: OrderEmailLine[];
};

export type DelayNoticeEmailInput = {
  locale: string;
  shopName: string;
  orderName: string;
  line: OrderEmailLine;
  /** The date the shopper was told before (null after an "overdue, no date yet" notice). */
  previousEta: string | null;
  /** The new estimated date; null when not known yet. */
  newEta: string | null;
  /** The previous date passed without the item shipping. */
  missed: boolean;
  /** The merchant's apology text (plain text; null = the default). */
  apologyText: string | null;
  cancelRequestUrl: string;
};

export type ShippingSoonEmailInput = {
  locale: string;
  shopName: string;
  orderName: string;
  line: OrderEmailLine;
};

/** A calendar date (YYYY-MM-DD) the way the shopper's locale writes it: "December 1, 2026", "1. Dezember 2026". */
export function formatShipDate(date: string, locale: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return date;
  const instant = new Date(`${date}T00:00:00Z`);
  if (Number.isNaN(instant.getTime())) return date;
  // UTC on a UTC-midnight instant: the calendar date never shifts.
  return new Intl.DateTimeFormat(resolveEmailLocale(locale), { dateStyle: "long", timeZone: "UTC" }).format(instant);
}

function orderFooter(strings: EmailStrings, shopName: string, orderName: string): { html: string; text: string } {
  const sentBy = fillTemplate(strings.orderFooter, { shop: shopName, order: orderName });
  return { html: escapeHtml(sentBy), text: `--\n${sentBy}` };
}

function lineEtaText(strings: EmailStrings, line: OrderEmailLine, locale: string): string {
  return line.eta ? fillTemplate(strings.orderShipsBy, { date: formatShipDate(line.eta, locale) }) : strings.orderNoShipDate;
}

function lineHtml(strings: EmailStrings, line: OrderEmailLine, locale: string, withEta: boolean): string {
  const variant = line.variantTitle && line.variantTitle !== "Default Title" ? `<br><span style="color:#6d7175">${escapeHtml(line.variantTitle)}</span>` : "";
  const quantity = escapeHtml(fillTemplate(strings.orderLineQuantity, { quantity: line.quantity }));
  const eta = withEta ? `<br><strong>${escapeHtml(lineEtaText(strings, line, locale))}</strong>` : "";
  return `<tr><td style="padding:10px 0;border-bottom:1px solid #e1e3e5;line-height:1.5"><span style="font-weight:bold">${escapeHtml(line.productTitle)}</span>${variant}<br><span style="color:#6d7175">${quantity}</span>${eta}</td></tr>`;
}

const linesTable = (rows: string) => `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="margin:0 0 20px">${rows}</table>`;

/** Plain text to HTML paragraphs: escaped, line breaks kept. */
const paragraphHtml = (text: string, style = "margin:0 0 16px;line-height:1.5") =>
  `<p style="${style}">${escapeHtml(text).replace(/\r?\n/g, "<br>")}</p>`;

export function renderBackorderConfirmationEmail(input: BackorderConfirmationEmailInput): RenderedEmail {
  const strings = emailStrings(input.locale);
  const subject = fillTemplate(strings.orderConfirmSubject, { order: input.orderName });
  const intro = fillTemplate(strings.orderConfirmIntro, { order: input.orderName });
  const foot = orderFooter(strings, input.shopName, input.orderName);
  const body = `<h1 style="font-size:20px;margin:0 0 16px">${escapeHtml(strings.orderConfirmHeading)}</h1>
${paragraphHtml(intro)}
${linesTable(input.lines.map((line) => lineHtml(strings, line, input.locale, true)).join(""))}
${paragraphHtml(strings.orderConfirmOutro, "margin:0 0 8px;font-size:14px;color:#6d7175")}`;
  const textLines = input.lines.map(
    (line) => `- ${productLabel(line.productTitle, line.variantTitle)} × ${line.quantity}: ${lineEtaText(strings, line, input.locale)}`,
  );
  return {
    subject,
    html: layout({ locale: input.locale, title: subject, body, footer: foot.html }),
    text: [strings.orderConfirmHeading, "", intro, "", ...textLines, "", strings.orderConfirmOutro, "", foot.text, ""].join("\n"),
  };
}

export function renderDelayNoticeEmail(input: DelayNoticeEmailInput): RenderedEmail {
  const strings = emailStrings(input.locale);
  const old = input.previousEta ? formatShipDate(input.previousEta, input.locale) : null;
  const next = input.newEta ? formatShipDate(input.newEta, input.locale) : null;
  let change: string;
  if (old && next) change = fillTemplate(input.missed ? strings.delayMissedNewDate : strings.delayLater, { old, new: next });
  else if (old) change = fillTemplate(strings.delayMissedNoDate, { old });
  else if (next) change = fillTemplate(strings.delayNewDate, { new: next });
  else change = strings.orderNoShipDate;
  const apology = input.apologyText?.trim() || strings.delayDefaultApology;
  const subject = fillTemplate(strings.delaySubject, { order: input.orderName });
  const foot = orderFooter(strings, input.shopName, input.orderName);
  const body = `<h1 style="font-size:20px;margin:0 0 16px">${escapeHtml(strings.delayHeading)}</h1>
${linesTable(lineHtml(strings, input.line, input.locale, false))}
${paragraphHtml(change, "margin:0 0 16px;line-height:1.5;font-weight:bold")}
${paragraphHtml(apology)}
${paragraphHtml(strings.delayCancelIntro, "margin:0 0 12px;line-height:1.5;font-size:14px;color:#6d7175")}
<p style="margin:0 0 8px">${button(input.cancelRequestUrl, strings.delayCancelButton)}</p>`;
  return {
    subject,
    html: layout({ locale: input.locale, title: subject, body, footer: foot.html }),
    text: [
      strings.delayHeading,
      "",
      `${productLabel(input.line.productTitle, input.line.variantTitle)} × ${input.line.quantity} (${input.orderName})`,
      "",
      change,
      "",
      apology,
      "",
      strings.delayCancelIntro,
      `${strings.delayCancelButton}: ${input.cancelRequestUrl}`,
      "",
      foot.text,
      "",
    ].join("\n"),
  };
}

export function renderShippingSoonEmail(input: ShippingSoonEmailInput): RenderedEmail {
  const strings = emailStrings(input.locale);
  const product = productLabel(input.line.productTitle, input.line.variantTitle);
  const subject = fillTemplate(strings.shippingSoonSubject, { product });
  const intro = fillTemplate(strings.shippingSoonIntro, { product, order: input.orderName });
  const foot = orderFooter(strings, input.shopName, input.orderName);
  const body = `<h1 style="font-size:20px;margin:0 0 16px">${escapeHtml(strings.shippingSoonHeading)}</h1>
${linesTable(lineHtml(strings, input.line, input.locale, false))}
${paragraphHtml(intro)}`;
  return {
    subject,
    html: layout({ locale: input.locale, title: subject, body, footer: foot.html }),
    text: [strings.shippingSoonHeading, "", `${product} × ${input.line.quantity}`, "", intro, "", foot.text, ""].join("\n"),
  };
}
