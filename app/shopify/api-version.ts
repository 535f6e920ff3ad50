import { ApiVersion } from "@shopify/shopify-app-remix/server";

// The one Admin API version the app speaks. shopify.app.toml ([webhooks] api_version), the schema fixture
// (test/fixtures/admin_<version>.json.gz) and the simulator all follow it; test/integration/config.test.ts fails if they disagree.
export const ADMIN_API_VERSION = ApiVersion.October26;
export const ADMIN_API_VERSION_STRING: string = ADMIN_API_VERSION; // "2026-10"
