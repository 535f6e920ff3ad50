// The buyer-facing error, in the buyer's language (English, German, French, Spanish; English otherwise), written
// straight into the output (see utf8-writer.ts for why).

import { CalendarDate } from "./cart-input";
import { Utf8Writer } from "./utf8-writer";

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

/** The date written out the way each language writes it: "January 12, 2027", "12. Januar 2027", "12 janvier 2027", "12 de enero de 2027". */
function writeDate(out: Utf8Writer, date: CalendarDate, language: Language): void {
  const m = date.month - 1;
  if (language == Language.German) {
    out.integer(date.day);
    out.text(". " + MONTHS_DE[m] + " ");
  } else if (language == Language.French) {
    out.integer(date.day);
    if (date.day == 1) out.text("er"); // 1er mai
    out.text(" " + MONTHS_FR[m] + " ");
  } else if (language == Language.Spanish) {
    out.integer(date.day);
    out.text(" de " + MONTHS_ES[m] + " de ");
  } else {
    out.text(MONTHS_EN[m] + " ");
    out.integer(date.day);
    out.text(", ");
  }
  out.integer(date.year);
}

/**
 * The message for a line whose variant has `sellable` units left; the ETA clause only when the date is known.
 * When the variant is on several lines, it asks for a lower total rather than a lower line quantity.
 */
export function writeCapMessage(out: Utf8Writer, sellable: i64, eta: CalendarDate | null, onSeveralLines: bool, language: Language): void {
  if (sellable == 0) {
    out.text(soldOutMessage(language));
    return;
  }
  const one = sellable == 1;
  if (language == Language.German) {
    if (one) out.text("Von diesem Artikel kann derzeit nur 1 Stück bestellt werden");
    else {
      out.text("Von diesem Artikel können derzeit nur ");
      out.integer(sellable);
      out.text(" Stück bestellt werden");
    }
    if (eta != null) {
      out.text(" (nachbestellte Einheiten werden bis zum ");
      writeDate(out, eta, language);
      out.text(" versandt)");
    }
    out.text(onSeveralLines ? ". Bitte reduziere die Gesamtmenge dieses Artikels auf " : ". Bitte reduziere die Menge auf ");
    out.integer(sellable);
    out.text(", um zur Kasse zu gehen.");
  } else if (language == Language.French) {
    if (one) out.text("Un seul exemplaire de cet article peut être commandé pour le moment");
    else {
      out.text("Seuls ");
      out.integer(sellable);
      out.text(" exemplaires de cet article peuvent être commandés pour le moment");
    }
    if (eta != null) {
      out.text(" (les unités en réapprovisionnement seront expédiées d’ici le ");
      writeDate(out, eta, language);
      out.text(")");
    }
    out.text(onSeveralLines ? ". Réduisez la quantité totale de cet article à " : ". Réduisez la quantité à ");
    out.integer(sellable);
    out.text(" pour passer commande.");
  } else if (language == Language.Spanish) {
    if (one) out.text("Por ahora solo se puede pedir 1 unidad de este artículo");
    else {
      out.text("Por ahora solo se pueden pedir ");
      out.integer(sellable);
      out.text(" unidades de este artículo");
    }
    if (eta != null) {
      out.text(" (las unidades bajo pedido se enviarán a más tardar el ");
      writeDate(out, eta, language);
      out.text(")");
    }
    out.text(onSeveralLines ? ". Reduce la cantidad total de este artículo a " : ". Reduce la cantidad a ");
    out.integer(sellable);
    out.text(" para finalizar la compra.");
  } else {
    out.text("Only ");
    out.integer(sellable);
    out.text(" of this item can be ordered right now");
    if (eta != null) {
      out.text(" (backordered units ship by ");
      writeDate(out, eta, language);
      out.text(")");
    }
    out.text(onSeveralLines ? ". Lower the total quantity of this item to " : ". Lower the quantity to ");
    out.integer(sellable);
    out.text(" to check out.");
  }
}

function soldOutMessage(language: Language): string {
  if (language == Language.German) return "Dieser Artikel kann nicht mehr bestellt werden: Das Limit für Nachbestellungen ist erreicht.";
  if (language == Language.French) return "Cet article ne peut plus être commandé\u00a0: sa limite de commandes en réapprovisionnement est atteinte.";
  if (language == Language.Spanish) return "Este artículo ya no se puede pedir: se alcanzó su límite de pedidos pendientes.";
  return "This item can no longer be ordered: its backorder limit has been reached.";
}
