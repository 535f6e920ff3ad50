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
  /** A shopper-page address that is no link we sent (no token, a cut-off or made-up path). */
  unknownLinkTitle: string;
  unknownLinkBody: string;
  // Order emails (transactional: sent because of an order, no unsubscribe link) and the cancellation-request page
  orderConfirmSubject: string; // {order}
  orderConfirmHeading: string;
  orderConfirmIntro: string; // {order}
  orderLineQuantity: string; // {quantity}
  orderShipsBy: string; // {date}
  orderNoShipDate: string;
  orderConfirmOutro: string;
  orderFooter: string; // {shop}, {order}
  delaySubject: string; // {order}
  delayHeading: string;
  delayLater: string; // {old}, {new}
  delayMissedNewDate: string; // {old}, {new}
  delayMissedNoDate: string; // {old}
  delayNewDate: string; // {new}
  delayDefaultApology: string;
  delayCancelIntro: string;
  delayCancelButton: string;
  shippingSoonSubject: string; // {product}
  shippingSoonHeading: string;
  shippingSoonIntro: string; // {product}, {order}
  cancelPageTitle: string;
  cancelPageQuestion: string; // {product}, {order}
  cancelPageReasonLabel: string;
  cancelPageButton: string;
  cancelPageKeep: string;
  cancelRequestedTitle: string;
  cancelRequestedBody: string; // {shop}
  cancelAcceptedBody: string;
  cancelDeclinedBody: string; // {shop}
  cancelUnavailableTitle: string;
  cancelUnavailableBody: string; // {shop}
  cancelInvalidTitle: string;
  cancelInvalidBody: string;
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
    unknownLinkTitle: "This link isn't valid",
    unknownLinkBody: "The link is incomplete or was changed. Open it from the email again, or contact the store.",
    orderConfirmSubject: "Your order {order}: backordered items and ship dates",
    orderConfirmHeading: "Thanks for your order",
    orderConfirmIntro: "Some items in your order {order} are on backorder. We'll ship them as soon as they arrive:",
    orderLineQuantity: "Quantity: {quantity}",
    orderShipsBy: "Ships by {date}",
    orderNoShipDate: "Ship date not known yet",
    orderConfirmOutro: "Items that are in stock ship as usual. We'll email you if an item is delayed.",
    orderFooter: "Sent by {shop} about your order {order}.",
    delaySubject: "Your order {order} is delayed",
    delayHeading: "Sorry, your item is delayed",
    delayLater: "It was expected to ship by {old}. The new estimated ship date is {new}.",
    delayMissedNewDate: "We missed the expected ship date of {old}. The new estimated ship date is {new}.",
    delayMissedNoDate: "We missed the expected ship date of {old} and don't have a new date yet. We'll email you as soon as we do.",
    delayNewDate: "We now expect it to ship by {new}.",
    delayDefaultApology: "We're sorry for the wait and thank you for your patience.",
    delayCancelIntro: "You can keep waiting, no action needed. If you'd rather not wait, you can ask us to cancel this item:",
    delayCancelButton: "Request cancellation of this item",
    shippingSoonSubject: "{product} is on its way soon",
    shippingSoonHeading: "Good news: it's on its way soon",
    shippingSoonIntro: "{product} from your order {order} has arrived and will ship soon.",
    cancelPageTitle: "Request cancellation",
    cancelPageQuestion: "Ask the store to cancel {product} from order {order}?",
    cancelPageReasonLabel: "Reason (optional)",
    cancelPageButton: "Request cancellation",
    cancelPageKeep: "Nothing changes until the store reviews your request. The rest of your order is not affected.",
    cancelRequestedTitle: "Cancellation requested",
    cancelRequestedBody: "We've passed your request on to {shop}. They will confirm the cancellation and your refund by email.",
    cancelAcceptedBody: "The store accepted your request. Your refund is handled by the store.",
    cancelDeclinedBody: "{shop} could not cancel this item. Please contact the store if you have questions.",
    cancelUnavailableTitle: "This item can't be cancelled here",
    cancelUnavailableBody: "It has already shipped, been cancelled or been refunded. Please contact {shop} if you need help.",
    cancelInvalidTitle: "This link isn't valid",
    cancelInvalidBody: "The link is incomplete or was changed. Open it again from the email, or contact the store.",
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
    unknownLinkTitle: "Dieser Link ist ungültig",
    unknownLinkBody: "Der Link ist unvollständig oder wurde verändert. Öffne ihn aus der E-Mail erneut oder kontaktiere den Shop.",
    orderConfirmSubject: "Deine Bestellung {order}: nachbestellte Artikel und Versanddaten",
    orderConfirmHeading: "Danke für deine Bestellung",
    orderConfirmIntro: "Einige Artikel deiner Bestellung {order} sind nachbestellt. Wir versenden sie, sobald sie eintreffen:",
    orderLineQuantity: "Menge: {quantity}",
    orderShipsBy: "Versand bis {date}",
    orderNoShipDate: "Versanddatum noch unbekannt",
    orderConfirmOutro: "Artikel, die auf Lager sind, werden wie gewohnt versendet. Verzögert sich ein Artikel, schreiben wir dir.",
    orderFooter: "Gesendet von {shop} zu deiner Bestellung {order}.",
    delaySubject: "Deine Bestellung {order} verzögert sich",
    delayHeading: "Entschuldigung, dein Artikel verzögert sich",
    delayLater: "Der Versand war bis {old} geplant. Das neue voraussichtliche Versanddatum ist der {new}.",
    delayMissedNewDate: "Wir haben das geplante Versanddatum {old} nicht eingehalten. Das neue voraussichtliche Versanddatum ist der {new}.",
    delayMissedNoDate: "Wir haben das geplante Versanddatum {old} nicht eingehalten und haben noch kein neues Datum. Wir schreiben dir, sobald wir es kennen.",
    delayNewDate: "Wir erwarten den Versand jetzt bis {new}.",
    delayDefaultApology: "Es tut uns leid, dass du warten musst. Danke für deine Geduld.",
    delayCancelIntro: "Du kannst weiter warten, du musst nichts tun. Wenn du nicht warten möchtest, kannst du die Stornierung dieses Artikels anfragen:",
    delayCancelButton: "Stornierung dieses Artikels anfragen",
    shippingSoonSubject: "{product} ist bald unterwegs",
    shippingSoonHeading: "Gute Nachrichten: bald unterwegs",
    shippingSoonIntro: "{product} aus deiner Bestellung {order} ist eingetroffen und wird in Kürze versendet.",
    cancelPageTitle: "Stornierung anfragen",
    cancelPageQuestion: "Den Shop bitten, {product} aus der Bestellung {order} zu stornieren?",
    cancelPageReasonLabel: "Grund (optional)",
    cancelPageButton: "Stornierung anfragen",
    cancelPageKeep: "Bis der Shop deine Anfrage prüft, ändert sich nichts. Der Rest deiner Bestellung ist nicht betroffen.",
    cancelRequestedTitle: "Stornierung angefragt",
    cancelRequestedBody: "Wir haben deine Anfrage an {shop} weitergeleitet. Der Shop bestätigt die Stornierung und die Erstattung per E-Mail.",
    cancelAcceptedBody: "Der Shop hat deine Anfrage angenommen. Die Erstattung erfolgt durch den Shop.",
    cancelDeclinedBody: "{shop} konnte diesen Artikel nicht stornieren. Bei Fragen wende dich bitte an den Shop.",
    cancelUnavailableTitle: "Dieser Artikel kann hier nicht storniert werden",
    cancelUnavailableBody: "Er wurde bereits versendet, storniert oder erstattet. Wende dich an {shop}, wenn du Hilfe brauchst.",
    cancelInvalidTitle: "Dieser Link ist ungültig",
    cancelInvalidBody: "Der Link ist unvollständig oder wurde verändert. Öffne ihn erneut aus der E-Mail oder kontaktiere den Shop.",
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
    unknownLinkTitle: "Ce lien n'est pas valide",
    unknownLinkBody: "Le lien est incomplet ou a été modifié. Ouvrez-le à nouveau depuis l'e-mail ou contactez la boutique.",
    orderConfirmSubject: "Votre commande {order} : articles en réapprovisionnement et dates d'expédition",
    orderConfirmHeading: "Merci pour votre commande",
    orderConfirmIntro: "Certains articles de votre commande {order} sont en réapprovisionnement. Nous les expédierons dès leur arrivée :",
    orderLineQuantity: "Quantité : {quantity}",
    orderShipsBy: "Expédition d'ici le {date}",
    orderNoShipDate: "Date d'expédition pas encore connue",
    orderConfirmOutro: "Les articles en stock sont expédiés normalement. Nous vous écrirons si un article est retardé.",
    orderFooter: "Envoyé par {shop} au sujet de votre commande {order}.",
    delaySubject: "Votre commande {order} est retardée",
    delayHeading: "Désolés, votre article est retardé",
    delayLater: "Son expédition était prévue d'ici le {old}. La nouvelle date d'expédition estimée est le {new}.",
    delayMissedNewDate: "Nous n'avons pas pu tenir la date d'expédition prévue du {old}. La nouvelle date d'expédition estimée est le {new}.",
    delayMissedNoDate: "Nous n'avons pas pu tenir la date d'expédition prévue du {old} et n'avons pas encore de nouvelle date. Nous vous écrirons dès que nous la connaîtrons.",
    delayNewDate: "Nous prévoyons maintenant une expédition d'ici le {new}.",
    delayDefaultApology: "Nous sommes désolés pour l'attente et vous remercions de votre patience.",
    delayCancelIntro: "Vous pouvez continuer à attendre, sans rien faire. Si vous préférez ne pas attendre, vous pouvez demander l'annulation de cet article :",
    delayCancelButton: "Demander l'annulation de cet article",
    shippingSoonSubject: "{product} sera bientôt en route",
    shippingSoonHeading: "Bonne nouvelle : bientôt en route",
    shippingSoonIntro: "{product} de votre commande {order} est arrivé et sera bientôt expédié.",
    cancelPageTitle: "Demander une annulation",
    cancelPageQuestion: "Demander à la boutique d'annuler {product} de la commande {order} ?",
    cancelPageReasonLabel: "Motif (facultatif)",
    cancelPageButton: "Demander l'annulation",
    cancelPageKeep: "Rien ne change tant que la boutique n'a pas examiné votre demande. Le reste de votre commande n'est pas concerné.",
    cancelRequestedTitle: "Annulation demandée",
    cancelRequestedBody: "Nous avons transmis votre demande à {shop}. La boutique vous confirmera l'annulation et le remboursement par e-mail.",
    cancelAcceptedBody: "La boutique a accepté votre demande. Le remboursement est géré par la boutique.",
    cancelDeclinedBody: "{shop} n'a pas pu annuler cet article. Contactez la boutique si vous avez des questions.",
    cancelUnavailableTitle: "Cet article ne peut pas être annulé ici",
    cancelUnavailableBody: "Il a déjà été expédié, annulé ou remboursé. Contactez {shop} si vous avez besoin d'aide.",
    cancelInvalidTitle: "Ce lien n'est pas valide",
    cancelInvalidBody: "Le lien est incomplet ou a été modifié. Ouvrez-le à nouveau depuis l'e-mail ou contactez la boutique.",
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
    unknownLinkTitle: "Este enlace no es válido",
    unknownLinkBody: "El enlace está incompleto o se ha modificado. Vuelve a abrirlo desde el correo o contacta con la tienda.",
    orderConfirmSubject: "Tu pedido {order}: artículos pendientes de reposición y fechas de envío",
    orderConfirmHeading: "Gracias por tu pedido",
    orderConfirmIntro: "Algunos artículos de tu pedido {order} están pendientes de reposición. Los enviaremos en cuanto lleguen:",
    orderLineQuantity: "Cantidad: {quantity}",
    orderShipsBy: "Se envía antes del {date}",
    orderNoShipDate: "Fecha de envío aún desconocida",
    orderConfirmOutro: "Los artículos en existencias se envían como siempre. Te escribiremos si algún artículo se retrasa.",
    orderFooter: "Enviado por {shop} sobre tu pedido {order}.",
    delaySubject: "Tu pedido {order} se retrasa",
    delayHeading: "Lo sentimos, tu artículo se retrasa",
    delayLater: "Su envío estaba previsto antes del {old}. La nueva fecha de envío estimada es el {new}.",
    delayMissedNewDate: "No hemos cumplido la fecha de envío prevista del {old}. La nueva fecha de envío estimada es el {new}.",
    delayMissedNoDate: "No hemos cumplido la fecha de envío prevista del {old} y aún no tenemos una nueva fecha. Te escribiremos en cuanto la sepamos.",
    delayNewDate: "Ahora prevemos enviarlo antes del {new}.",
    delayDefaultApology: "Sentimos la espera y te agradecemos tu paciencia.",
    delayCancelIntro: "Puedes seguir esperando, no tienes que hacer nada. Si prefieres no esperar, puedes pedirnos que cancelemos este artículo:",
    delayCancelButton: "Solicitar la cancelación de este artículo",
    shippingSoonSubject: "{product} saldrá pronto",
    shippingSoonHeading: "Buenas noticias: saldrá pronto",
    shippingSoonIntro: "{product} de tu pedido {order} ha llegado y se enviará pronto.",
    cancelPageTitle: "Solicitar cancelación",
    cancelPageQuestion: "¿Pedir a la tienda que cancele {product} del pedido {order}?",
    cancelPageReasonLabel: "Motivo (opcional)",
    cancelPageButton: "Solicitar cancelación",
    cancelPageKeep: "No cambia nada hasta que la tienda revise tu solicitud. El resto de tu pedido no se ve afectado.",
    cancelRequestedTitle: "Cancelación solicitada",
    cancelRequestedBody: "Hemos enviado tu solicitud a {shop}. La tienda te confirmará la cancelación y el reembolso por correo.",
    cancelAcceptedBody: "La tienda aceptó tu solicitud. El reembolso lo gestiona la tienda.",
    cancelDeclinedBody: "{shop} no pudo cancelar este artículo. Contacta con la tienda si tienes preguntas.",
    cancelUnavailableTitle: "Este artículo no se puede cancelar aquí",
    cancelUnavailableBody: "Ya se ha enviado, cancelado o reembolsado. Contacta con {shop} si necesitas ayuda.",
    cancelInvalidTitle: "Este enlace no es válido",
    cancelInvalidBody: "El enlace está incompleto o se ha modificado. Vuelve a abrirlo desde el correo o contacta con la tienda.",
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
