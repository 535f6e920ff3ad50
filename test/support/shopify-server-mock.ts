// The stand-in for app/shopify.server.ts that tests with a fake Admin GraphQL client share: `authenticate.admin`
// (embedded admin requests: the given session, staff user 42) and `unauthenticated.admin` (background jobs) both
// hand out the test's `graphql`. vi.mock is hoisted above the imports, so the factory loads this module itself:
//
//   const fake = vi.hoisted(() => ({ graphql: async (query: string) => new Response("{}") }));
//   vi.mock("../app/shopify.server", async () =>
//     (await import("./support/shopify-server-mock")).shopifyServerMock({ graphql: fake.graphql }));
export type AdminGraphqlFake = (query: string, opts?: { variables?: Record<string, any> }) => Promise<Response>;

export type ShopifyServerMockOptions = {
  graphql: AdminGraphqlFake;
  /** The session `authenticate.admin` answers with (an offline-looking session of test-shop.myshopify.com by default). */
  session?: { shop: string; onlineAccessInfo?: unknown };
  /** Called on every `unauthenticated.admin(shop)` (e.g. to count the sessions a job opened). */
  onUnauthenticatedAdmin?: (shop: string) => void;
};

export function shopifyServerMock({ graphql, session, onUnauthenticatedAdmin }: ShopifyServerMockOptions) {
  return {
    authenticate: {
      admin: async () => ({
        session: session ?? { shop: "test-shop.myshopify.com", onlineAccessInfo: undefined },
        admin: { graphql },
        sessionToken: { sub: "42" },
      }),
    },
    unauthenticated: {
      admin: async (shop: string) => {
        onUnauthenticatedAdmin?.(shop);
        return { admin: { graphql } };
      },
    },
  };
}
