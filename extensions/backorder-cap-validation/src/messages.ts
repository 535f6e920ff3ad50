// The buyer-facing error, in the buyer's language (English, German, French, Spanish; English otherwise).

import { CalendarDate } from "./cart-input";

export enum Language { English, German, French, Spanish }

/** Shopify's LanguageCode ("DE", "PT_BR", "EN_GB") → one of ours; the region is ignored. */
export function languageOf(isoCode: string): Language {
  const separator = isoCode.indexOf("_");
  const base = (separator < 0 ? isoCode : isoCode.substring(0, separator)).toLowerCase();
  if (base == "de") return Language.German;
  if (base == "fr") return Language.French;
  if (base == "es") return Language.Spanish;
  return Language.English;
}

const MONTHS_EN: string[] = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
const MONTHS_DE: string[] = ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober", "November", "Dezember"];
const MONTHS_FR: string[] = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"];
const MONTHS_ES: string[] = ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"];

/** The date written out the way each language writes it. */
export function writtenDate(date: CalendarDate, language: Language): string {
  const day = date.day.toString();
  const year = date.year.toString();
  const m = date.month - 1;
  if (language == Language.German) return day + ". " + MONTHS_DE[m] + " " + year;
  if (language == Language.French) return (date.day == 1 ? "1er" : day) + " " + MONTHS_FR[m] + " " + year;
  if (language == Language.Spanish) return day + " de " + MONTHS_ES[m] + " de " + year;
  return MONTHS_EN[m] + " " + day + ", " + year;
}

/**
 * The message for a line whose variant has `sellable` units left; the ETA clause only when the date is known.
 * When the variant is on several lines, it asks for a lower total rather than a lower line quantity.
 */
export function capMessage(sellable: i64, eta: CalendarDate | null, onSeveralLines: bool, language: Language): string {
  if (sellable == 0) return soldOutMessage(language);
  const n = sellable.toString();
  const one = sellable == 1;
  const date = eta == null ? "" : writtenDate(eta, language);
  const hasDate = eta != null;
  if (language == Language.German) {
    return (one ? "Von diesem Artikel kann derzeit nur 1 Stück bestellt werden" : "Von diesem Artikel können derzeit nur " + n + " Stück bestellt werden") +
      (hasDate ? " (nachbestellte Einheiten werden bis zum " + date + " versandt)" : "") +
      (onSeveralLines ? ". Bitte reduzieren Sie die Gesamtmenge dieses Artikels auf " : ". Bitte reduzieren Sie die Menge auf ") + n + ", um zur Kasse zu gehen.";
  }
  if (language == Language.French) {
    return (one ? "Un seul exemplaire de cet article peut être commandé pour le moment" : "Seuls " + n + " exemplaires de cet article peuvent être commandés pour le moment") +
      (hasDate ? " (les unités en réapprovisionnement seront expédiées d’ici le " + date + ")" : "") +
      (onSeveralLines ? ". Réduisez la quantité totale de cet article à " : ". Réduisez la quantité à ") + n + " pour passer commande.";
  }
  if (language == Language.Spanish) {
    return (one ? "Por ahora solo se puede pedir 1 unidad de este artículo" : "Por ahora solo se pueden pedir " + n + " unidades de este artículo") +
      (hasDate ? " (las unidades bajo pedido se enviarán a más tardar el " + date + ")" : "") +
      (onSeveralLines ? ". Reduce la cantidad total de este artículo a " : ". Reduce la cantidad a ") + n + " para finalizar la compra.";
  }
  return (one ? "Only 1 of this item can be ordered right now" : "Only " + n + " of this item can be ordered right now") +
    (hasDate ? " (backordered units ship by " + date + ")" : "") +
    (onSeveralLines ? ". Lower the total quantity of this item to " : ". Lower the quantity to ") + n + " to check out.";
}

function soldOutMessage(language: Language): string {
  if (language == Language.German) return "Dieser Artikel kann nicht mehr bestellt werden: Das Limit für Nachbestellungen ist erreicht.";
  if (language == Language.French) return "Cet article ne peut plus être commandé\u00a0: sa limite de commandes en réapprovisionnement est atteinte.";
  if (language == Language.Spanish) return "Este artículo ya no se puede pedir: se alcanzó su límite de pedidos pendientes.";
  return "This item can no longer be ordered: its backorder limit has been reached.";
}
