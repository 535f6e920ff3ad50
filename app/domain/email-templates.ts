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
