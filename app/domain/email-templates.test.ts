import { describe, expect, it } from "vitest";
import { EMAIL_LOCALES, EMAIL_STRINGS, fillTemplate, resolveEmailLocale } from "./email-locales";
import { formatPrice, productLabel, renderBackInStockEmail, renderConfirmationEmail, type BackInStockEmailInput } from "./email-templates";

const backInStock = (overrides: Partial<BackInStockEmailInput> = {}): BackInStockEmailInput => ({
  locale: "en",
  shopName: "Tom & Jerry's <Shop>",
  productTitle: "Mug <b>Deluxe</b> & Co",
  variantTitle: "Blue / Large",
  imageUrl: "https://cdn.example.com/mug.png?v=1&w=2",
  price: "1234.5",
  currencyCode: "EUR",
  buyUrl: "https://demo.myshopify.com/cart/42:1",
  productUrl: "https://demo.myshopify.com/products/mug?variant=42",
  unsubscribeUrl: "https://app.example.com/alerts/unsubscribe/abc.def",
  ...overrides,
});

describe("locales", () => {
  it.each([
    ["de-AT", "de"],
    ["FR", "fr"],
    ["es_MX", "es"],
    ["pt-BR", "en"],
    ["", "en"],
    [null, "en"],
  ])("%s → %s", (input, expected) => {
    expect(resolveEmailLocale(input)).toBe(expected);
  });

  it("every locale has every string, and uses the same placeholders as English", () => {
    const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const locale of EMAIL_LOCALES) {
      for (const [key, english] of Object.entries(EMAIL_STRINGS.en)) {
        const value = EMAIL_STRINGS[locale][key as keyof typeof EMAIL_STRINGS.en];
        expect(value, `${locale}.${key}`).toBeTruthy();
        expect(placeholders(value), `${locale}.${key}`).toEqual(placeholders(english));
      }
    }
  });

  it("fills placeholders and leaves unknown ones visible", () => {
    expect(fillTemplate("{a} and {b}", { a: 1 })).toBe("1 and {b}");
  });
});

describe("formatPrice", () => {
  it("writes the shop's currency the subscriber's way", () => {
    expect(formatPrice("1234.5", "EUR", "de")).toMatch(/^1\.234,50\s€$/); // Intl puts a no-break space before €
    expect(formatPrice("1234.5", "USD", "en")).toBe("$1,234.50");
    expect(formatPrice("19.9", "EUR", "fr")).toMatch(/^19,90\s€$/);
  });
  it("returns null without a usable price and survives an unknown currency", () => {
    expect(formatPrice(null, "EUR", "en")).toBeNull();
    expect(formatPrice("abc", "EUR", "en")).toBeNull();
    expect(formatPrice("5", "XX", "en")).toBe("5 XX");
  });
});

describe("productLabel", () => {
  it("leaves out Shopify's Default Title", () => {
    expect(productLabel("Mug", "Default Title")).toBe("Mug");
    expect(productLabel("Mug", null)).toBe("Mug");
    expect(productLabel("Mug", "Blue")).toBe("Mug – Blue");
  });
});

describe("back-in-stock email", () => {
  it("escapes every merchant string in the HTML and keeps the text part raw", () => {
    const email = renderBackInStockEmail(backInStock());
    expect(email.html).not.toContain("<b>Deluxe</b>");
    expect(email.html).toContain("Mug &lt;b&gt;Deluxe&lt;/b&gt; &amp; Co");
    expect(email.html).toContain("Tom &amp; Jerry&#39;s &lt;Shop&gt;");
    expect(email.html).toContain('src="https://cdn.example.com/mug.png?v=1&amp;w=2"');
    expect(email.text).toContain("Mug <b>Deluxe</b> & Co – Blue / Large – €1,234.50");
    expect(email.subject).toBe("Mug <b>Deluxe</b> & Co – Blue / Large is back in stock");
  });

  it("links Buy now to the cart permalink and carries the product and unsubscribe links in both parts", () => {
    const email = renderBackInStockEmail(backInStock());
    expect(email.html).toContain('href="https://demo.myshopify.com/cart/42:1"');
    expect(email.html).toContain('href="https://demo.myshopify.com/products/mug?variant=42"');
    expect(email.html).toContain('href="https://app.example.com/alerts/unsubscribe/abc.def"');
    expect(email.text).toContain("Buy now: https://demo.myshopify.com/cart/42:1");
    expect(email.text).toContain("Unsubscribe: https://app.example.com/alerts/unsubscribe/abc.def");
  });

  it("is localized (subject, button, price format)", () => {
    const email = renderBackInStockEmail(backInStock({ locale: "de", productTitle: "Becher", variantTitle: "Default Title" }));
    expect(email.subject).toBe("Becher ist wieder verfügbar");
    expect(email.html).toContain("Jetzt kaufen");
    expect(email.html).toMatch(/1\.234,50\s€/);
    expect(email.html).toContain('<html lang="de">');
    expect(renderBackInStockEmail(backInStock({ locale: "es", productTitle: "Taza" })).subject).toBe("Taza – Blue / Large vuelve a estar disponible");
    expect(renderBackInStockEmail(backInStock({ locale: "fr" })).html).toContain("Acheter maintenant");
  });

  it("omits a non-http image and an unknown price", () => {
    const email = renderBackInStockEmail(backInStock({ imageUrl: "javascript:alert(1)", price: null }));
    expect(email.html).not.toContain("<img");
    expect(email.html).not.toContain("javascript:");
    expect(email.text).not.toContain("€");
  });
});

describe("confirmation email", () => {
  it("has the confirm link, the expiry, the ignore note and the unsubscribe link, localized", () => {
    const email = renderConfirmationEmail({
      locale: "fr",
      shopName: "A&B",
      productTitle: "Pull <rouge>",
      variantTitle: "M",
      confirmUrl: "https://app.example.com/alerts/confirm/tok?x=1&y=2",
      unsubscribeUrl: "https://app.example.com/alerts/unsubscribe/u.s",
      expiryDays: 7,
    });
    expect(email.subject).toBe("Confirmez votre alerte de retour en stock – A&B");
    expect(email.html).toContain('href="https://app.example.com/alerts/confirm/tok?x=1&amp;y=2"');
    expect(email.html).toContain("Pull &lt;rouge&gt; – M");
    expect(email.html).toContain("Ce lien expire dans 7 jours.");
    expect(email.text).toContain("Confirmer mon alerte: https://app.example.com/alerts/confirm/tok?x=1&y=2");
    expect(email.text).toContain("ignorez cet e-mail");
    expect(email.text).toContain("https://app.example.com/alerts/unsubscribe/u.s");
  });
});
