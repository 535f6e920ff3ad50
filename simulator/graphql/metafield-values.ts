// Metafield types and Shopify's per-type value validation (pure; metafield-mutations.ts applies it).

const SCALAR_METAFIELD_TYPES = new Set([
  "single_line_text_field",
  "multi_line_text_field",
  "rich_text_field",
  "number_integer",
  "number_decimal",
  "date",
  "date_time",
  "json",
  "boolean",
  "url",
  "link",
  "color",
  "money",
  "rating",
  "weight",
  "volume",
  "dimension",
  "id",
  "product_reference",
  "variant_reference",
  "collection_reference",
  "file_reference",
  "page_reference",
  "metaobject_reference",
  "mixed_reference",
  "customer_reference",
  "company_reference",
  "product_taxonomy_value_reference",
]);

const LISTABLE = new Set([
  "single_line_text_field",
  "number_integer",
  "number_decimal",
  "date",
  "date_time",
  "url",
  "link",
  "color",
  "rating",
  "weight",
  "volume",
  "dimension",
  "product_reference",
  "variant_reference",
  "collection_reference",
  "file_reference",
  "page_reference",
  "metaobject_reference",
  "mixed_reference",
  "customer_reference",
  "company_reference",
  "product_taxonomy_value_reference",
]);

export function isKnownMetafieldType(type: string): boolean {
  if (type.startsWith("list.")) return LISTABLE.has(type.slice(5));
  return SCALAR_METAFIELD_TYPES.has(type);
}

const validDate = (value: string) => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
};

/** Shopify's per-type value check; returns the userError message or null when valid. */
export function validateMetafieldValue(type: string, value: string): string | null {
  if (type.startsWith("list.")) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(value);
    } catch {
      return "Value must be a JSON array.";
    }
    if (!Array.isArray(parsed)) return "Value must be a JSON array.";
    for (const element of parsed) {
      const single = type.slice(5);
      const text = typeof element === "string" ? element : JSON.stringify(element);
      const problem = validateMetafieldValue(single, text);
      if (problem) return `List element ${JSON.stringify(element)} is invalid: ${problem}`;
    }
    return null;
  }
  switch (type) {
    case "single_line_text_field":
      if (/[\r\n]/.test(value)) return "Value must be a single line text string.";
      if (value.length > 65_535) return "Value is too long (maximum is 65535 characters).";
      return null;
    case "multi_line_text_field":
      return value.length > 65_535 ? "Value is too long (maximum is 65535 characters)." : null;
    case "number_integer": {
      if (!/^[-+]?\d+$/.test(value.trim())) return "Value must be an integer.";
      const number = Number(value);
      if (!Number.isSafeInteger(number)) return "Value must be an integer between -9007199254740991 and 9007199254740991.";
      return null;
    }
    case "number_decimal":
      return /^[-+]?\d+(\.\d+)?$/.test(value.trim()) ? null : "Value must be a decimal.";
    case "date":
      return validDate(value) ? null : "Value must be in YYYY-MM-DD format.";
    case "date_time":
      return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/.test(value) && !Number.isNaN(Date.parse(value)) ? null : "Value must be in YYYY-MM-DDTHH:MM:SS format.";
    case "boolean":
      return value === "true" || value === "false" ? null : "Value must be true or false.";
    case "json":
    case "rich_text_field":
    case "money":
    case "rating":
    case "weight":
    case "volume":
    case "dimension":
    case "link":
      try {
        JSON.parse(value);
        return null;
      } catch (error) {
        return `Value is invalid JSON: ${(error as Error).message}.`;
      }
    case "url":
      return /^(https?|mailto|sms|tel):\S+$/i.test(value) || value.startsWith("/") ? null : "Value must be a valid URL with one of the following schemes: https, http, mailto, sms, tel.";
    case "color":
      return /^#[0-9a-fA-F]{6}$/.test(value) ? null : "Value must be a hex color code (#RRGGBB).";
    default:
      if (type.endsWith("_reference") || type === "id") return value.trim() ? null : "Value can't be blank.";
      return null;
  }
}

export const normalizeMetafieldValue = (type: string, value: string) => (type === "json" || type.startsWith("list.") ? JSON.stringify(JSON.parse(value)) : value);
