// A SUBSET of Shopify's Cart and Checkout Validation function schema (API 2026-10), used only when an extension
// carries no schema.graphql of its own (`shopify app function schema` writes the real one). It holds the types the
// simulator can fill from its store; a query asking for anything else fails validation here, loudly, rather than
// receiving invented data. Type and field names follow shopify.dev's reference for the API.

export const FUNCTION_INPUT_SUBSET_SDL = /* GraphQL */ `
schema {
  query: Input
  mutation: MutationRoot
}

scalar Decimal
scalar JSON
scalar Void

enum BuyerJourneyStep { CART_INTERACTION CHECKOUT_INTERACTION CHECKOUT_COMPLETION }
enum CurrencyCode { USD EUR GBP CAD }
enum CountryCode { US DE FR ES GB CA }
enum WeightUnit { GRAMS KILOGRAMS OUNCES POUNDS }
enum LanguageCode { EN DE FR ES IT NL PT PT_BR PT_PT JA ZH_CN ZH_TW }

type Input {
  buyerJourney: BuyerJourney!
  cart: Cart!
  localization: Localization!
  presentmentCurrencyRate: Decimal!
  shop: Shop!
  validation: Validation!
}

type BuyerJourney { step: BuyerJourneyStep }
type Language { isoCode: LanguageCode! }
type Country { isoCode: CountryCode! }
type Localization { country: Country! language: Language! }
type MoneyV2 { amount: Decimal! currencyCode: CurrencyCode! }
type Attribute { key: String! value: String }
type Metafield { type: String! value: String! jsonValue: JSON! }

interface HasMetafields { metafield(namespace: String, key: String!): Metafield }

type Shop implements HasMetafields { metafield(namespace: String, key: String!): Metafield }
type Validation implements HasMetafields { metafield(namespace: String, key: String!): Metafield }

type BuyerIdentity { email: String phone: String isAuthenticated: Boolean! }
type CartCost { subtotalAmount: MoneyV2! totalAmount: MoneyV2! }
type CartLineCost { amountPerQuantity: MoneyV2! subtotalAmount: MoneyV2! totalAmount: MoneyV2! }

type Cart implements HasMetafields {
  attribute(key: String): Attribute
  buyerIdentity: BuyerIdentity
  cost: CartCost!
  lines: [CartLine!]!
  metafield(namespace: String, key: String!): Metafield
}

type CartLine {
  attribute(key: String): Attribute
  cost: CartLineCost!
  id: ID!
  merchandise: Merchandise!
  quantity: Int!
}

union Merchandise = CustomProduct | ProductVariant

type CustomProduct { isGiftCard: Boolean! requiresShipping: Boolean! title: String! }

type Product implements HasMetafields {
  handle: String!
  id: ID!
  isGiftCard: Boolean!
  metafield(namespace: String, key: String!): Metafield
  productType: String
  title: String!
  vendor: String
}

type ProductVariant implements HasMetafields {
  id: ID!
  metafield(namespace: String, key: String!): Metafield
  product: Product!
  requiresShipping: Boolean!
  sku: String
  title: String
  weightUnit: WeightUnit!
}

input ValidationError { message: String! target: String! }
input ValidationAddOperation { errors: [ValidationError!]! }
input Operation @oneOf { validationAdd: ValidationAddOperation }
input CartValidationsGenerateRunResult { operations: [Operation!]! }

type MutationRoot {
  cartValidationsGenerateRun(result: CartValidationsGenerateRunResult!): Void!
}
`;
