// The access scopes the app requests. Must equal `[access_scopes] scopes` in shopify.app.toml (test/integration/config.test.ts).
export const APP_SCOPES = [
  "read_products",
  "write_products",
  "read_inventory",
  "write_inventory",
  "read_locations",
  "read_orders",
  "write_orders",
  "read_merchant_managed_fulfillment_orders",
  "write_merchant_managed_fulfillment_orders",
  "write_validations",
  "read_inventory_transfers",
  "read_inventory_shipments",
];
