// Shopper-facing strings of the restock-alert emails and the unsubscribe page, per locale. Placeholders are
// `{name}`; values are inserted by `fillTemplate` (the templates escape them for HTML afterwards).

export const EMAIL_LOCALES = ["en", "de", "fr", "es"] as const;
export type EmailLocale = (typeof EMAIL_LOCALES)[number];

export type EmailStrings = {
  confirmSubject: string;
  confirmHeading: string;
  confirmIntro: string; // {product}
  confirmButton: string;
  confirmExpiry: string; // {days}
  confirmIgnore: string;
  backInStockSubject: string; // {product}
  backInStockHeading: string;
  backInStockIntro: string; // {product}, {shop}
  buyNow: string;
  viewProduct: string;
  backInStockOnce: string;
  unsubscribeLink: string;
  footerSentBy: string; // {shop}
  unsubscribePageTitle: string;
  unsubscribePageQuestion: string; // {product}
  unsubscribePageQuestionGeneric: string;
  unsubscribeButton: string;
  unsubscribedTitle: string;
  unsubscribedBody: string;
  invalidLinkTitle: string;
  invalidLinkBody: string;
};

export const EMAIL_STRINGS: Record<EmailLocale, EmailStrings> = {
  en: {
    confirmSubject: "Confirm your restock alert",
    confirmHeading: "Please confirm your restock alert",
    confirmIntro: "You asked to be emailed when {product} is back in stock. Confirm your email address to turn the alert on.",
    confirmButton: "Confirm my alert",
    confirmExpiry: "This link expires in {days} days.",
    confirmIgnore: "If you didn't ask for this, ignore this email: you won't hear from us again.",
    backInStockSubject: "{product} is back in stock",
    backInStockHeading: "Good news: it's back in stock",
    backInStockIntro: "{product} is available again at {shop}. Stock may be limited.",
    buyNow: "Buy now",
    viewProduct: "View product",
    backInStockOnce: "You asked for one alert for this product; this is it.",
    unsubscribeLink: "Unsubscribe",
    footerSentBy: "Sent by {shop} because you asked for a restock alert.",
    unsubscribePageTitle: "Unsubscribe from restock alerts",
    unsubscribePageQuestion: "Stop restock alerts for {product}?",
    unsubscribePageQuestionGeneric: "Stop this restock alert?",
    unsubscribeButton: "Unsubscribe",
    unsubscribedTitle: "You're unsubscribed",
    unsubscribedBody: "You won't get any more restock alerts for this product.",
    invalidLinkTitle: "This unsubscribe link isn't valid",
    invalidLinkBody: "The link is incomplete or was changed. Open the unsubscribe link from the email again, or contact the store.",
  },
  de: {
    confirmSubject: "Bestätige deinen Verfügbarkeitsalarm",
    confirmHeading: "Bitte bestätige deinen Verfügbarkeitsalarm",
    confirmIntro: "Du möchtest per E-Mail benachrichtigt werden, sobald {product} wieder verfügbar ist. Bestätige deine E-Mail-Adresse, um den Alarm zu aktivieren.",
    confirmButton: "Alarm bestätigen",
    confirmExpiry: "Dieser Link läuft in {days} Tagen ab.",
    confirmIgnore: "Wenn du das nicht angefordert hast, ignoriere diese E-Mail: Du hörst nicht mehr von uns.",
    backInStockSubject: "{product} ist wieder verfügbar",
    backInStockHeading: "Gute Nachrichten: wieder auf Lager",
    backInStockIntro: "{product} ist bei {shop} wieder erhältlich. Der Vorrat ist möglicherweise begrenzt.",
    buyNow: "Jetzt kaufen",
    viewProduct: "Produkt ansehen",
    backInStockOnce: "Du hast für dieses Produkt eine Benachrichtigung angefordert; das ist sie.",
    unsubscribeLink: "Abmelden",
    footerSentBy: "Gesendet von {shop}, weil du einen Verfügbarkeitsalarm angefordert hast.",
    unsubscribePageTitle: "Von Verfügbarkeitsalarmen abmelden",
    unsubscribePageQuestion: "Verfügbarkeitsalarme für {product} beenden?",
    unsubscribePageQuestionGeneric: "Diesen Verfügbarkeitsalarm beenden?",
    unsubscribeButton: "Abmelden",
    unsubscribedTitle: "Du bist abgemeldet",
    unsubscribedBody: "Du erhältst keine Verfügbarkeitsalarme mehr für dieses Produkt.",
    invalidLinkTitle: "Dieser Abmeldelink ist ungültig",
    invalidLinkBody: "Der Link ist unvollständig oder wurde verändert. Öffne den Abmeldelink aus der E-Mail erneut oder kontaktiere den Shop.",
  },
  fr: {
    confirmSubject: "Confirmez votre alerte de retour en stock",
    confirmHeading: "Merci de confirmer votre alerte de retour en stock",
    confirmIntro: "Vous avez demandé à être prévenu(e) par e-mail lorsque {product} sera de nouveau en stock. Confirmez votre adresse e-mail pour activer l'alerte.",
    confirmButton: "Confirmer mon alerte",
    confirmExpiry: "Ce lien expire dans {days} jours.",
    confirmIgnore: "Si vous n'êtes pas à l'origine de cette demande, ignorez cet e-mail : vous ne recevrez plus rien de notre part.",
    backInStockSubject: "{product} est de nouveau en stock",
    backInStockHeading: "Bonne nouvelle : c'est de nouveau en stock",
    backInStockIntro: "{product} est de nouveau disponible chez {shop}. Le stock peut être limité.",
    buyNow: "Acheter maintenant",
    viewProduct: "Voir le produit",
    backInStockOnce: "Vous avez demandé une alerte pour ce produit ; la voici.",
    unsubscribeLink: "Se désabonner",
    footerSentBy: "Envoyé par {shop} car vous avez demandé une alerte de retour en stock.",
    unsubscribePageTitle: "Se désabonner des alertes de retour en stock",
    unsubscribePageQuestion: "Arrêter les alertes de retour en stock pour {product} ?",
    unsubscribePageQuestionGeneric: "Arrêter cette alerte de retour en stock ?",
    unsubscribeButton: "Se désabonner",
    unsubscribedTitle: "Vous êtes désabonné(e)",
    unsubscribedBody: "Vous ne recevrez plus d'alertes de retour en stock pour ce produit.",
    invalidLinkTitle: "Ce lien de désabonnement n'est pas valide",
    invalidLinkBody: "Le lien est incomplet ou a été modifié. Ouvrez à nouveau le lien de désabonnement de l'e-mail ou contactez la boutique.",
  },
  es: {
    confirmSubject: "Confirma tu alerta de reposición",
    confirmHeading: "Confirma tu alerta de reposición",
    confirmIntro: "Pediste que te avisemos por correo cuando {product} vuelva a estar disponible. Confirma tu dirección de correo para activar la alerta.",
    confirmButton: "Confirmar mi alerta",
    confirmExpiry: "Este enlace caduca en {days} días.",
    confirmIgnore: "Si no lo pediste, ignora este correo: no volverás a saber de nosotros.",
    backInStockSubject: "{product} vuelve a estar disponible",
    backInStockHeading: "Buenas noticias: vuelve a haber existencias",
    backInStockIntro: "{product} vuelve a estar disponible en {shop}. Las existencias pueden ser limitadas.",
    buyNow: "Comprar ahora",
    viewProduct: "Ver producto",
    backInStockOnce: "Pediste una alerta para este producto; aquí la tienes.",
    unsubscribeLink: "Darse de baja",
    footerSentBy: "Enviado por {shop} porque pediste una alerta de reposición.",
    unsubscribePageTitle: "Darse de baja de las alertas de reposición",
    unsubscribePageQuestion: "¿Dejar de recibir alertas de reposición de {product}?",
    unsubscribePageQuestionGeneric: "¿Dejar de recibir esta alerta de reposición?",
    unsubscribeButton: "Darse de baja",
    unsubscribedTitle: "Te has dado de baja",
    unsubscribedBody: "No recibirás más alertas de reposición de este producto.",
    invalidLinkTitle: "Este enlace para darse de baja no es válido",
    invalidLinkBody: "El enlace está incompleto o se ha modificado. Vuelve a abrir el enlace para darte de baja del correo o contacta con la tienda.",
  },
};

/** "de-AT", "DE", "de_DE" → "de"; anything unsupported → "en". */
export function resolveEmailLocale(locale: string | null | undefined): EmailLocale {
  const language = (locale ?? "").trim().toLowerCase().split(/[-_]/)[0];
  return (EMAIL_LOCALES as readonly string[]).includes(language) ? (language as EmailLocale) : "en";
}

export function emailStrings(locale: string | null | undefined): EmailStrings {
  return EMAIL_STRINGS[resolveEmailLocale(locale)];
}

/** Replaces `{name}` placeholders; unknown placeholders stay visible so a missing value is noticed. */
export function fillTemplate(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}
