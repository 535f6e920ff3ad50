import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { buildSchema, executeSync, GraphQLEnumType, GraphQLError, parse, validate, type DocumentNode, type GraphQLSchema } from "graphql";
import { toGid, type MetafieldRecord, type ProductRecord, type ShopData, type VariantRecord } from "../records";
import { FUNCTION_INPUT_SUBSET_SDL } from "./function-input-subset";

// A function's input, built the way Shopify builds it: the extension's input query is EXECUTED against the function
// API's schema over the cart, so the function receives exactly the fields, aliases and __typename it asked for and
// nothing else. The schema is the extension's own schema.graphql (what `shopify app function schema` writes) or,
// without one, the simulator's marked subset.

export type FunctionCartLine = { variant: VariantRecord; product: ProductRecord; quantity: number; properties: Record<string, string> };

export type FunctionCart = { lines: FunctionCartLine[]; email: string | null; customerLocale: string | null };

export type BuiltInput = { ok: true; input: unknown } | { ok: false; error: string };

type MetafieldArgs = { namespace?: string | null; key: string };
type AttributeArgs = { key?: string | null };

const schemas = new Map<string, GraphQLSchema>();
const documents = new WeakMap<GraphQLSchema, Map<string, DocumentNode | string>>();

/** The function API schema for an extension folder (cached per file; the subset when the folder has none). */
export function loadFunctionSchema(directory: string | null): GraphQLSchema {
  const file = directory ? path.join(directory, "schema.graphql") : null;
  const key = file && existsSync(file) ? file : "<subset>";
  let schema = schemas.get(key);
  if (!schema) {
    schema = buildSchema(key === "<subset>" ? FUNCTION_INPUT_SUBSET_SDL : readFileSync(key, "utf8"));
    schemas.set(key, schema);
  }
  return schema;
}

/** The parsed, validated input query, or the reason Shopify would have refused it at deploy. */
function checkedDocument(schema: GraphQLSchema, query: string): DocumentNode | string {
  let cache = documents.get(schema);
  if (!cache) documents.set(schema, (cache = new Map()));
  let checked = cache.get(query);
  if (checked === undefined) {
    try {
      const document = parse(query);
      const errors = validate(schema, document);
      checked = errors.length ? `input query is invalid: ${errors.map((e) => e.message).join("; ")}` : document;
    } catch (error) {
      checked = `input query does not parse: ${error instanceof GraphQLError ? error.message : String(error)}`;
    }
    cache.set(query, checked);
  }
  return checked;
}

/** "de" → DE, "pt-BR" → PT_BR, a region the enum lacks → its language, nothing (or unknown) → EN. */
export function languageCodeOf(locale: string | null, schema: GraphQLSchema): string {
  const enumType = schema.getType("LanguageCode");
  const known = new Set(enumType instanceof GraphQLEnumType ? enumType.getValues().map((v) => v.name) : []);
  if (!locale) return "EN";
  const full = locale.trim().replace(/-/g, "_").toUpperCase();
  if (known.has(full)) return full;
  const language = full.split("_")[0];
  return known.has(language) ? language : "EN";
}

/** `$app` (or no namespace) is the app's reserved namespace, `$app:x` its sub-namespace, as in the Admin API. */
function resolveNamespace(appNamespace: string, namespace: string | null | undefined): string {
  if (namespace === null || namespace === undefined || namespace === "" || namespace === "$app") return appNamespace;
  if (namespace.startsWith("$app:")) return `${appNamespace}--${namespace.slice(5)}`;
  return namespace;
}

function jsonValueOf(metafield: MetafieldRecord): unknown {
  try {
    if (metafield.type === "json" || metafield.type.startsWith("list.") || metafield.type === "number_integer" || metafield.type === "boolean") return JSON.parse(metafield.value);
  } catch {
    // an unparsable value is handed over as its string, like any other type
  }
  return metafield.value;
}

function money(amount: string, currencyCode: string) {
  return { amount, currencyCode };
}

/** The root value: plain objects whose argument-taking fields are functions (graphql-js's default resolver calls them). */
function inputRoot(data: ShopData, appNamespace: string, cart: FunctionCart, languageCode: string) {
  const metafieldOf = (ownerGid: string) => (args: MetafieldArgs) => {
    const record = data.findMetafield(ownerGid, resolveNamespace(appNamespace, args.namespace), args.key);
    return record ? { type: record.type, value: record.value, jsonValue: jsonValueOf(record) } : null;
  };
  const currency = data.shop.currencyCode;
  const attributeOf = (properties: Record<string, string>) => (args: AttributeArgs) =>
    args.key && Object.hasOwn(properties, args.key) ? { key: args.key, value: properties[args.key] } : null;
  let total = 0;
  const lines = cart.lines.map((line, index) => {
    const item = data.itemOf(line.variant);
    const lineTotal = (Number(line.variant.price) * line.quantity).toFixed(2);
    total += Number(lineTotal);
    const productGid = toGid("Product", line.product.id);
    const variantGid = toGid("ProductVariant", line.variant.id);
    return {
      id: toGid("CartLine", index),
      quantity: line.quantity,
      attribute: attributeOf(line.properties),
      cost: { amountPerQuantity: money(line.variant.price, currency), subtotalAmount: money(lineTotal, currency), totalAmount: money(lineTotal, currency), compareAtAmountPerQuantity: null },
      merchandise: {
        __typename: "ProductVariant",
        id: variantGid,
        sku: line.variant.sku,
        title: line.variant.title,
        requiresShipping: item.requiresShipping,
        weightUnit: data.shop.weightUnit,
        metafield: metafieldOf(variantGid),
        product: {
          id: productGid,
          handle: line.product.handle,
          title: line.product.title,
          vendor: line.product.vendor,
          productType: line.product.productType,
          isGiftCard: false,
          metafield: metafieldOf(productGid),
        },
      },
    };
  });
  const cost = { subtotalAmount: money(total.toFixed(2), currency), totalAmount: money(total.toFixed(2), currency) };
  return {
    buyerJourney: { step: "CHECKOUT_COMPLETION" },
    presentmentCurrencyRate: "1.0",
    localization: { language: { isoCode: languageCode }, country: { isoCode: "US" } },
    shop: { metafield: metafieldOf(toGid("Shop", data.shop.id)) },
    // Validation metafields are not modelled (validationCreate refuses them), so none are ever set.
    validation: { metafield: () => null },
    cart: {
      lines,
      deliverableLines: lines,
      cost,
      attribute: () => null,
      metafield: () => null,
      buyerIdentity: cart.email ? { email: cart.email, phone: null, isAuthenticated: false, customer: null, purchasingCompany: null } : null,
    },
  };
}

/** Runs the input query over the cart; a query the schema refuses, or a field the simulator cannot fill, is an error. */
export function buildFunctionInput(args: { data: ShopData; appNamespace: string; schema: GraphQLSchema; query: string; cart: FunctionCart }): BuiltInput {
  const document = checkedDocument(args.schema, args.query);
  if (typeof document === "string") return { ok: false, error: document };
  const rootValue = inputRoot(args.data, args.appNamespace, args.cart, languageCodeOf(args.cart.customerLocale, args.schema));
  const result = executeSync({ schema: args.schema, document, rootValue });
  if (result.errors?.length) return { ok: false, error: `input query failed: ${result.errors.map((e) => `${e.message} (${(e.path ?? []).join(".")})`).join("; ")}` };
  // graphql-js builds null-prototype objects; the function gets plain JSON anyway.
  return { ok: true, input: JSON.parse(JSON.stringify(result.data)) as unknown };
}
