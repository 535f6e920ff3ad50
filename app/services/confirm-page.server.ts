// The shopper-facing page behind a confirmation email's link (/alerts/confirm/<token>): a small, self-contained
// HTML page (no scripts, no external assets) in the subscriber's language, en/de/fr/es.
import { SHOPPER_PAGE_HEADERS, shopperPageHtml } from "./shopper-page.server";
import type { ConfirmOutcome, ConfirmPageState } from "./subscription-confirm.server";

export const CONFIRM_PAGE_LOCALES = ["en", "de", "fr", "es"] as const;
export type ConfirmPageLocale = (typeof CONFIRM_PAGE_LOCALES)[number];

type Strings = {
  lang: ConfirmPageLocale;
  confirmTitle: string;
  /** {product} and {store} are filled in (HTML-escaped). */
  confirmBody: string;
  confirmBodyNoProduct: string;
  confirmButton: string;
  confirmedTitle: string;
  confirmedBody: string;
  expiredTitle: string;
  expiredBody: string;
  endedTitle: string;
  endedBody: string;
  unknownTitle: string;
  unknownBody: string;
};

export const CONFIRM_PAGE_STRINGS: Record<ConfirmPageLocale, Strings> = {
  en: {
    lang: "en",
    confirmTitle: "Confirm your restock alert",
    confirmBody: "You asked {store} to email you when {product} is back in stock. Press the button to confirm.",
    confirmBodyNoProduct: "You asked {store} to email you when an item is back in stock. Press the button to confirm.",
    confirmButton: "Confirm",
    confirmedTitle: "You're subscribed",
    confirmedBody: "We'll email you as soon as it's back in stock. Every email has a link to unsubscribe.",
    expiredTitle: "This link has expired",
    expiredBody: "The confirmation link is no longer valid. Sign up again on the product page to get a new one.",
    endedTitle: "This alert is no longer active",
    endedBody: "This restock alert was cancelled or has already been sent. Sign up again on the product page for a new alert.",
    unknownTitle: "Link not found",
    unknownBody: "This confirmation link is not valid. Use the link in the most recent email, or sign up again on the product page.",
  },
  de: {
    lang: "de",
    confirmTitle: "Bestätigen Sie Ihre Benachrichtigung",
    confirmBody: "Sie möchten von {store} per E-Mail benachrichtigt werden, wenn {product} wieder vorrätig ist. Bitte bestätigen Sie mit der Schaltfläche.",
    confirmBodyNoProduct: "Sie möchten von {store} per E-Mail benachrichtigt werden, wenn ein Artikel wieder vorrätig ist. Bitte bestätigen Sie mit der Schaltfläche.",
    confirmButton: "Bestätigen",
    confirmedTitle: "Anmeldung bestätigt",
    confirmedBody: "Wir schreiben Ihnen, sobald der Artikel wieder vorrätig ist. Jede E-Mail enthält einen Link zum Abmelden.",
    expiredTitle: "Dieser Link ist abgelaufen",
    expiredBody: "Der Bestätigungslink ist nicht mehr gültig. Melden Sie sich auf der Produktseite erneut an, um einen neuen zu erhalten.",
    endedTitle: "Diese Benachrichtigung ist nicht mehr aktiv",
    endedBody: "Diese Benachrichtigung wurde abbestellt oder bereits versendet. Melden Sie sich auf der Produktseite erneut an.",
    unknownTitle: "Link nicht gefunden",
    unknownBody: "Dieser Bestätigungslink ist ungültig. Verwenden Sie den Link aus der neuesten E-Mail oder melden Sie sich auf der Produktseite erneut an.",
  },
  fr: {
    lang: "fr",
    confirmTitle: "Confirmez votre alerte de réassort",
    confirmBody: "Vous avez demandé à {store} de vous prévenir par e-mail lorsque {product} sera de nouveau en stock. Appuyez sur le bouton pour confirmer.",
    confirmBodyNoProduct: "Vous avez demandé à {store} de vous prévenir par e-mail lorsqu'un article sera de nouveau en stock. Appuyez sur le bouton pour confirmer.",
    confirmButton: "Confirmer",
    confirmedTitle: "Inscription confirmée",
    confirmedBody: "Nous vous écrirons dès que l'article sera de nouveau en stock. Chaque e-mail contient un lien de désinscription.",
    expiredTitle: "Ce lien a expiré",
    expiredBody: "Le lien de confirmation n'est plus valide. Inscrivez-vous à nouveau sur la page du produit pour en recevoir un nouveau.",
    endedTitle: "Cette alerte n'est plus active",
    endedBody: "Cette alerte a été annulée ou déjà envoyée. Inscrivez-vous à nouveau sur la page du produit pour une nouvelle alerte.",
    unknownTitle: "Lien introuvable",
    unknownBody: "Ce lien de confirmation n'est pas valide. Utilisez le lien du dernier e-mail reçu ou inscrivez-vous à nouveau sur la page du produit.",
  },
  es: {
    lang: "es",
    confirmTitle: "Confirma tu alerta de reposición",
    confirmBody: "Pediste a {store} que te avise por correo cuando {product} vuelva a estar disponible. Pulsa el botón para confirmar.",
    confirmBodyNoProduct: "Pediste a {store} que te avise por correo cuando un artículo vuelva a estar disponible. Pulsa el botón para confirmar.",
    confirmButton: "Confirmar",
    confirmedTitle: "Suscripción confirmada",
    confirmedBody: "Te escribiremos en cuanto vuelva a estar disponible. Cada correo incluye un enlace para darte de baja.",
    expiredTitle: "Este enlace ha caducado",
    expiredBody: "El enlace de confirmación ya no es válido. Vuelve a suscribirte en la página del producto para recibir uno nuevo.",
    endedTitle: "Esta alerta ya no está activa",
    endedBody: "Esta alerta se canceló o ya se envió. Vuelve a suscribirte en la página del producto para una nueva alerta.",
    unknownTitle: "Enlace no encontrado",
    unknownBody: "Este enlace de confirmación no es válido. Usa el enlace del correo más reciente o vuelve a suscribirte en la página del producto.",
  },
};

const isPageLocale = (value: string): value is ConfirmPageLocale => (CONFIRM_PAGE_LOCALES as readonly string[]).includes(value);

/** The subscriber's stored locale, else the browser's best Accept-Language match, else English. */
export function confirmPageLocale(subscriberLocale: string | null, acceptLanguage: string | null): ConfirmPageLocale {
  if (subscriberLocale && isPageLocale(subscriberLocale)) return subscriberLocale;
  const ranked = (acceptLanguage ?? "")
    .split(",")
    .map((part, index) => {
      const [tag, ...params] = part.trim().split(";");
      const q = Number(params.map((p) => p.trim()).find((p) => p.startsWith("q="))?.slice(2) ?? "1");
      return { language: tag.trim().toLowerCase().split("-")[0], q: Number.isFinite(q) ? q : 0, index };
    })
    .filter((entry) => entry.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  return ranked.map((entry) => entry.language).find(isPageLocale) ?? "en";
}

const HTTP_STATUS: Record<ConfirmOutcome, number> = { confirmable: 200, confirmed: 200, expired: 410, ended: 410, unknown: 404 };

const escapeHtml = (value: string) =>
  value.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

function content(state: ConfirmPageState, t: Strings): { title: string; body: string; form: boolean } {
  switch (state.outcome) {
    case "confirmable": {
      const store = `<strong>${escapeHtml(state.storefrontName ?? "")}</strong>`;
      const body = state.productTitle
        ? escapeHtml(t.confirmBody).replace("{store}", store).replace("{product}", `<strong>${escapeHtml(state.productTitle)}</strong>`)
        : escapeHtml(t.confirmBodyNoProduct).replace("{store}", store);
      return { title: t.confirmTitle, body, form: true };
    }
    case "confirmed":
      return { title: t.confirmedTitle, body: escapeHtml(t.confirmedBody), form: false };
    case "expired":
      return { title: t.expiredTitle, body: escapeHtml(t.expiredBody), form: false };
    case "ended":
      return { title: t.endedTitle, body: escapeHtml(t.endedBody), form: false };
    case "unknown":
      return { title: t.unknownTitle, body: escapeHtml(t.unknownBody), form: false };
  }
}

/** The page as a Response: status 200 (confirm form / confirmed), 410 (expired or ended) or 404 (unknown link). */
export function renderConfirmPage(state: ConfirmPageState, acceptLanguage: string | null): Response {
  const t = CONFIRM_PAGE_STRINGS[confirmPageLocale(state.locale, acceptLanguage)];
  const { title, body, form } = content(state, t);
  const formHtml = form ? `\n<form method="post"><button type="submit">${escapeHtml(t.confirmButton)}</button></form>` : "";
  const html = shopperPageHtml({ lang: t.lang, title, bodyHtml: `<p>${body}</p>${formHtml}` });
  return new Response(html, {
    status: HTTP_STATUS[state.outcome],
    headers: { ...SHOPPER_PAGE_HEADERS, "Content-Type": "text/html; charset=utf-8" },
  });
}
