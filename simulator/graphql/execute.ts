import { execute, getOperationAST, GraphQLError, parse, validate, type DocumentNode, type GraphQLFieldResolver } from "graphql";
import type { SimulatorStore } from "../store";
import { calculateActualCost, calculateRequestedCost } from "./cost";
import "./mutations";
import { createFieldResolver, typeResolver } from "./resolvers";
import type { Ctx } from "./resolver-types";
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

/**
 * What a shop's Admin GraphQL traffic did to its budget, for tests to assert on (`RunningSimulator.throttleBudget`,
 * GET /_sim/<shop>/throttle). `failed` counts answers that were not a clean success — a non-2xx status, GraphQL
 * `errors`, or a non-empty `userErrors` in a root field's payload — except THROTTLED answers, counted in
 * `throttled` only. `lowestAvailable` is the lowest level the bucket had right after charging a request
 * (null before the first charge); `pointsSpent` is what the bucket was charged net of refunds, so a client stayed
 * inside the budget when pointsSpent ≤ maximumAvailable + restoreRate × (lastRequestAt − firstRequestAt) / 1000.
 */
export type ThrottleBudget = {
  shop: string;
  maximumAvailable: number;
  restoreRate: number;
  requests: number;
  throttled: number;
  failed: number;
  /** The first few failures (status, operation, message), for assertion messages. */
  failures: Array<{ status: number; operation: string | null; message: string }>;
  lowestAvailable: number | null;
  currentlyAvailable: number;
  pointsSpent: number;
  firstRequestAt: number | null;
  lastRequestAt: number | null;
};

export type AdminGraphqlExecutor = ((shop: string, body: GraphqlRequestBody) => Promise<{ status: number; body: unknown }>) & {
  /** The shop's budget record since the start (or the last reset). */
  budget(shop: string): ThrottleBudget;
  /** Counts a request refused before it reached the executor (e.g. HTTP 401 for a bad token). */
  recordRejected(shop: string, status: number, message: string): void;
  /** Starts a fresh record for the shop (the bucket itself is untouched). */
  resetBudget(shop: string): void;
};

const RATE_LIMIT_DOCS = "https://shopify.dev/api/usage/rate-limits";

type Bucket = { available: number; at: number };

const FAILURES_KEPT = 20;
const CHECKED_DOCUMENTS_KEPT = 500;

/** userErrors of the root fields' payloads (`{ field: { userErrors: [...] } }`), as messages. */
function userErrorMessages(data: unknown): string[] {
  if (!data || typeof data !== "object") return [];
  const messages: string[] = [];
  for (const payload of Object.values(data as Record<string, unknown>)) {
    const errors = payload && typeof payload === "object" ? (payload as Record<string, unknown>).userErrors : undefined;
    if (!Array.isArray(errors)) continue;
    for (const error of errors) messages.push(String((error as { message?: unknown })?.message ?? "user error"));
  }
  return messages;
}

export function createAdminGraphqlExecutor(store: SimulatorStore, opts: ExecutorOptions = {}): AdminGraphqlExecutor {
  const admin = loadAdminSchema();
  const maximumAvailable = opts.maximumAvailable ?? 2000;
  const restoreRate = opts.restoreRate ?? 100;
  const maxQueryCost = opts.maxQueryCost ?? 1000;
  const now = opts.now ?? Date.now;
  const buckets = new Map<string, Bucket>();
  const budgets = new Map<string, ThrottleBudget>();
  const checkedDocuments = new Map<string, { document: DocumentNode; validationErrors: readonly GraphQLError[] }>();
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

  const budgetFor = (shop: string): ThrottleBudget => {
    let budget = budgets.get(shop);
    if (!budget) {
      budget = {
        shop,
        maximumAvailable,
        restoreRate,
        requests: 0,
        throttled: 0,
        failed: 0,
        failures: [],
        lowestAvailable: null,
        currentlyAvailable: maximumAvailable,
        pointsSpent: 0,
        firstRequestAt: null,
        lastRequestAt: null,
      };
      budgets.set(shop, budget);
    }
    return budget;
  };

  const recordFailure = (shop: string, status: number, operation: string | null, message: string) => {
    const budget = budgetFor(shop);
    budget.failed += 1;
    if (budget.failures.length < FAILURES_KEPT) budget.failures.push({ status, operation, message: message.slice(0, 300) });
  };

  /** Every answer goes through here: counts it in the shop's budget record. */
  const answer = (shop: string, operation: string | null, result: { status: number; body: unknown }) => {
    const budget = budgetFor(shop);
    const time = now();
    budget.requests += 1;
    budget.firstRequestAt ??= time;
    budget.lastRequestAt = time;
    const bucket = buckets.get(shop);
    if (bucket) budget.currentlyAvailable = bucket.available;
    const body = (result.body ?? {}) as { errors?: unknown; data?: unknown };
    const errors = Array.isArray(body.errors) ? (body.errors as Array<{ message?: unknown; extensions?: { code?: unknown } }>) : [];
    if (errors.some((e) => e?.extensions?.code === "THROTTLED")) {
      budget.throttled += 1;
    } else if (result.status < 200 || result.status >= 300) {
      recordFailure(shop, result.status, operation, typeof body.errors === "string" ? body.errors : JSON.stringify(body.errors ?? null));
    } else if (errors.length) {
      recordFailure(shop, result.status, operation, errors.map((e) => String(e?.message)).join("; "));
    } else {
      const userErrors = userErrorMessages(body.data);
      if (userErrors.length) recordFailure(shop, result.status, operation, `userErrors: ${userErrors.join("; ")}`);
    }
    return result;
  };

  const charge = (shop: string, bucket: Bucket, points: number) => {
    bucket.available -= points;
    const budget = budgetFor(shop);
    budget.pointsSpent += points;
    budget.lowestAvailable = budget.lowestAvailable === null ? bucket.available : Math.min(budget.lowestAvailable, bucket.available);
  };

  const refund = (shop: string, bucket: Bucket, points: number) => {
    const restored = Math.min(maximumAvailable, bucket.available + points);
    budgetFor(shop).pointsSpent -= restored - bucket.available;
    bucket.available = restored;
  };

  const executor = async (shop: string, body: GraphqlRequestBody) => {
    const operation = body && typeof body.operationName === "string" ? body.operationName : operationNameOf(body?.query);
    return answer(shop, operation, await run(shop, body));
  };

  const run = async (shop: string, body: GraphqlRequestBody): Promise<{ status: number; body: unknown }> => {
    const data = store.findShopData(shop);
    if (!data) return { status: 404, body: { errors: "Not Found" } };
    if (!data.installed) return { status: 401, body: { errors: "[API] Invalid API key or access token (unrecognized login or wrong password)" } };
    if (!body || typeof body.query !== "string" || !body.query.trim()) {
      return { status: 400, body: { errors: { query: "Required parameter missing or invalid" } } };
    }
    const bucket = bucketFor(shop);
    const variables = body.variables ?? {};

    let document: DocumentNode;
    let validationErrors: readonly GraphQLError[];
    const checked = checkedDocuments.get(body.query);
    if (checked) {
      ({ document, validationErrors } = checked);
    } else {
      try {
        document = parse(body.query);
      } catch (error) {
        const graphqlError = error instanceof GraphQLError ? error : new GraphQLError(String(error));
        return { status: 200, body: { errors: [graphqlError.toJSON()], extensions: costExtension(bucket, 0, 0) } };
      }
      validationErrors = validate(admin.schema, document);
      // Clients send the same few documents over and over; validating against the full Admin schema is the
      // expensive part of a small request, so remember the outcome per document text.
      if (checkedDocuments.size >= CHECKED_DOCUMENTS_KEPT) checkedDocuments.clear();
      checkedDocuments.set(body.query, { document, validationErrors });
    }
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
    charge(shop, bucket, requested);

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
    refund(shop, bucket, requested - actual);

    const extensions: Record<string, unknown> = costExtension(bucket, requested, actual);
    if (ctx.searchWarnings.length) extensions.search = ctx.searchWarnings;
    const responseBody: Record<string, unknown> = {};
    if (result.errors?.length) responseBody.errors = result.errors.map((e) => e.toJSON());
    if (result.data !== undefined) responseBody.data = result.data;
    responseBody.extensions = extensions;
    return { status: 200, body: responseBody };
  };

  return Object.assign(executor, {
    budget: (shop: string): ThrottleBudget => {
      const budget = budgetFor(shop);
      const bucket = buckets.has(shop) ? bucketFor(shop) : null; // restored up to now
      return { ...budget, failures: [...budget.failures], currentlyAvailable: bucket ? bucket.available : budget.currentlyAvailable };
    },
    recordRejected: (shop: string, status: number, message: string) => {
      const budget = budgetFor(shop);
      const time = now();
      budget.requests += 1;
      budget.firstRequestAt ??= time;
      budget.lastRequestAt = time;
      recordFailure(shop, status, null, message);
    },
    resetBudget: (shop: string) => {
      budgets.delete(shop);
    },
  });
}

function operationNameOf(query: unknown): string | null {
  if (typeof query !== "string") return null;
  return /\b(?:query|mutation)\s+([A-Za-z0-9_]+)/.exec(query)?.[1] ?? null;
}
