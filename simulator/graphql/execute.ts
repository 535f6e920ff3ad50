import { execute, getOperationAST, GraphQLError, parse, validate, type DocumentNode, type GraphQLFieldResolver } from "graphql";
import type { SimulatorStore } from "../store";
import { calculateActualCost, calculateRequestedCost } from "./cost";
import "./mutations";
import { createFieldResolver, typeResolver, type Ctx } from "./resolvers";
import { loadAdminSchema } from "./schema";

// The Admin GraphQL endpoint's brain: validate against the real 2026-10 schema, price the query, charge the
// shop's leaky bucket (2000 points, +100/s by default; a single query may cost at most 1000), execute over the
// store and answer like Shopify — HTTP 200 with `errors` for GraphQL-level failures and `extensions.cost` on
// every response.

export type ExecutorOptions = {
  restoreRate?: number;
  maximumAvailable?: number;
  /** Largest requested cost a single query may have (Shopify: 1000). */
  maxQueryCost?: number;
  /** Clock for the bucket, in ms. */
  now?: () => number;
};

export type GraphqlRequestBody = { query: string; variables?: Record<string, unknown>; operationName?: string };

export type AdminGraphqlExecutor = (shop: string, body: GraphqlRequestBody) => Promise<{ status: number; body: unknown }>;

const RATE_LIMIT_DOCS = "https://shopify.dev/api/usage/rate-limits";

type Bucket = { available: number; at: number };

export function createAdminGraphqlExecutor(store: SimulatorStore, opts: ExecutorOptions = {}): AdminGraphqlExecutor {
  const admin = loadAdminSchema();
  const maximumAvailable = opts.maximumAvailable ?? 2000;
  const restoreRate = opts.restoreRate ?? 100;
  const maxQueryCost = opts.maxQueryCost ?? 1000;
  const now = opts.now ?? Date.now;
  const buckets = new Map<string, Bucket>();
  const fieldResolver = createFieldResolver() as unknown as GraphQLFieldResolver<unknown, Ctx>;

  const bucketFor = (shop: string): Bucket => {
    const time = now();
    let bucket = buckets.get(shop);
    if (!bucket) {
      bucket = { available: maximumAvailable, at: time };
      buckets.set(shop, bucket);
    }
    // Leaky bucket: points come back continuously at restoreRate per second, up to the maximum.
    bucket.available = Math.min(maximumAvailable, bucket.available + (Math.max(0, time - bucket.at) / 1000) * restoreRate);
    bucket.at = time;
    return bucket;
  };

  const costExtension = (bucket: Bucket, requested: number, actual: number | null) => ({
    cost: {
      requestedQueryCost: requested,
      actualQueryCost: actual,
      throttleStatus: { maximumAvailable, currentlyAvailable: Math.floor(bucket.available), restoreRate },
    },
  });

  return async (shop, body) => {
    const data = store.findShopData(shop);
    if (!data) return { status: 404, body: { errors: "Not Found" } };
    if (!data.installed) return { status: 401, body: { errors: "[API] Invalid API key or access token (unrecognized login or wrong password)" } };
    if (!body || typeof body.query !== "string" || !body.query.trim()) {
      return { status: 400, body: { errors: { query: "Required parameter missing or invalid" } } };
    }
    const bucket = bucketFor(shop);
    const variables = body.variables ?? {};

    let document: DocumentNode;
    try {
      document = parse(body.query);
    } catch (error) {
      const graphqlError = error instanceof GraphQLError ? error : new GraphQLError(String(error));
      return { status: 200, body: { errors: [graphqlError.toJSON()], extensions: costExtension(bucket, 0, 0) } };
    }
    const validationErrors = validate(admin.schema, document);
    if (validationErrors.length) {
      return { status: 200, body: { errors: validationErrors.map((e) => e.toJSON()), extensions: costExtension(bucket, 0, 0) } };
    }

    const operation = getOperationAST(document, body.operationName);
    const requested = operation ? calculateRequestedCost(admin.schema, document, operation, variables) : 0;
    if (requested > maxQueryCost) {
      return {
        status: 200,
        body: {
          errors: [
            {
              message: `Query cost is ${requested}, which exceeds the single query max cost limit (${maxQueryCost}).\n\nSee ${RATE_LIMIT_DOCS} for more information on how the cost of a query is calculated.\n\nTo query larger amounts of data with fewer limits, bulk operations should be used instead.\nSee https://shopify.dev/docs/api/usage/bulk-operations/queries for usage details.\n`,
              extensions: { code: "MAX_COST_EXCEEDED", cost: requested, maxCost: maxQueryCost, documentation: RATE_LIMIT_DOCS },
            },
          ],
          extensions: costExtension(bucket, requested, null),
        },
      };
    }
    if (bucket.available < requested) {
      return {
        status: 200,
        body: { errors: [{ message: "Throttled", extensions: { code: "THROTTLED", documentation: RATE_LIMIT_DOCS } }], extensions: costExtension(bucket, requested, null) },
      };
    }
    bucket.available -= requested;

    const ctx: Ctx = { store, data, admin, bulk: false, searchWarnings: [] };
    const result = await execute({
      schema: admin.schema,
      document,
      variableValues: variables,
      operationName: body.operationName,
      contextValue: ctx,
      fieldResolver,
      typeResolver,
    });
    // Shopify refunds the difference between the requested and the actual cost right away.
    const actual = operation && result.data ? Math.min(requested, calculateActualCost(admin.schema, document, operation, result.data)) : requested;
    bucket.available = Math.min(maximumAvailable, bucket.available + (requested - actual));

    const extensions: Record<string, unknown> = costExtension(bucket, requested, actual);
    if (ctx.searchWarnings.length) extensions.search = ctx.searchWarnings;
    const responseBody: Record<string, unknown> = {};
    if (result.errors?.length) responseBody.errors = result.errors.map((e) => e.toJSON());
    if (result.data !== undefined) responseBody.data = result.data;
    responseBody.extensions = extensions;
    return { status: 200, body: responseBody };
  };
}
