// Typed errors raised by the Admin API gateway, and the normalisation of the two shapes a GraphQL failure
// reaches us in:
//   1. a returned Response whose JSON body is Shopify's raw `{ data, errors: [...], extensions }`
//      (what tests and simulators return, and what the library returns on success), or
//   2. a thrown GraphqlQueryError (@shopify/shopify-api) whose `.body` is the graphql-client result
//      `{ data?, extensions?, errors: { message, graphQLErrors: [...], networkStatusCode, response } }`.
//      admin.graphql throws that whenever Shopify answers HTTP 200 with `errors` (THROTTLED included).

import { isRecord } from "#app/domain/is-record";

export type GraphqlErrorEntry = {
  message: string;
  path?: ReadonlyArray<string | number>;
  extensions?: { code?: string; [key: string]: unknown };
};

export type ThrottleStatus = { maximumAvailable: number; currentlyAvailable: number; restoreRate: number };
export type QueryCost = { requestedQueryCost: number | null; actualQueryCost: number | null; throttleStatus: ThrottleStatus | null };

export type NormalizedGraphqlBody = { data: unknown; errors: GraphqlErrorEntry[]; cost: QueryCost | null };

export type UserErrorEntry = { field: string[] | null; message: string; code: string | null };

/** Base class: every error the gateway raises on purpose. */
export class AdminGatewayError extends Error {
  readonly operation: string;
  constructor(operation: string, message: string) {
    super(`${operation}: ${message}`);
    this.name = new.target.name;
    this.operation = operation;
  }
}

/** GraphQL-level errors (syntax, unknown field, access denied, internal error…). */
export class AdminGraphqlError extends AdminGatewayError {
  readonly messages: string[];
  readonly errors: GraphqlErrorEntry[];
  constructor(operation: string, errors: GraphqlErrorEntry[]) {
    const messages = errors.map((e) => (e.extensions?.code ? `${e.message} [${e.extensions.code}]` : e.message));
    super(operation, messages.join("; ") || "GraphQL error");
    this.messages = messages;
    this.errors = errors;
  }
}

/** Still THROTTLED after the bounded number of attempts. */
export class AdminThrottledError extends AdminGatewayError {
  readonly attempts: number;
  readonly cost: QueryCost | null;
  constructor(operation: string, attempts: number, cost: QueryCost | null) {
    super(operation, `throttled by Shopify after ${attempts} attempts`);
    this.attempts = attempts;
    this.cost = cost;
  }
}

/** A mutation answered with userErrors. */
export class AdminUserError extends AdminGatewayError {
  readonly userErrors: UserErrorEntry[];
  constructor(operation: string, userErrors: UserErrorEntry[]) {
    super(operation, userErrors.map((e) => (e.field?.length ? `${e.field.join(".")}: ${e.message}` : e.message)).join("; "));
    this.userErrors = userErrors;
  }
}

/** bulkOperationRunQuery refused because a bulk query is already running for this shop (and app). */
export class BulkOperationInProgressError extends AdminUserError {}

/** The response lacked data the operation needs (null where an object was expected, malformed body…). */
export class AdminMissingDataError extends AdminGatewayError {
  readonly path: string;
  constructor(operation: string, path: string) {
    super(operation, `missing ${path} in the response`);
    this.path = path;
  }
}

/** A non-2xx HTTP response that reached the gateway as a returned Response (the library throws most of these). */
export class AdminHttpError extends AdminGatewayError {
  readonly status: number;
  constructor(operation: string, status: number, bodyText: string) {
    super(operation, `HTTP ${status}${bodyText ? `: ${bodyText.slice(0, 500)}` : ""}`);
    this.status = status;
  }
}

function toNumber(value: unknown): number | null {
  if (typeof value === "number" && Number.isFinite(value)) return value;
  if (typeof value === "string" && value.trim() !== "" && Number.isFinite(Number(value))) return Number(value);
  return null;
}

function toErrorEntries(raw: unknown): GraphqlErrorEntry[] {
  if (!Array.isArray(raw)) return [];
  return raw.map((entry): GraphqlErrorEntry => {
    if (!isRecord(entry)) return { message: String(entry) };
    return {
      message: typeof entry.message === "string" ? entry.message : "GraphQL error",
      path: Array.isArray(entry.path) ? (entry.path as Array<string | number>) : undefined,
      extensions: isRecord(entry.extensions) ? (entry.extensions as GraphqlErrorEntry["extensions"]) : undefined,
    };
  });
}

function toCost(raw: unknown): QueryCost | null {
  if (!isRecord(raw)) return null;
  const ts = raw.throttleStatus;
  const throttleStatus: ThrottleStatus | null = isRecord(ts)
    ? {
        maximumAvailable: toNumber(ts.maximumAvailable) ?? 0,
        currentlyAvailable: toNumber(ts.currentlyAvailable) ?? 0,
        restoreRate: toNumber(ts.restoreRate) ?? 0,
      }
    : null;
  return {
    requestedQueryCost: toNumber(raw.requestedQueryCost),
    actualQueryCost: toNumber(raw.actualQueryCost),
    throttleStatus,
  };
}

/** Accepts either body shape (see the file header) and returns data, a flat error list and the query cost. */
export function normalizeGraphqlBody(body: unknown): NormalizedGraphqlBody {
  if (!isRecord(body)) return { data: null, errors: [{ message: "Malformed GraphQL response body" }], cost: null };
  let errors: GraphqlErrorEntry[] = [];
  if (Array.isArray(body.errors)) {
    errors = toErrorEntries(body.errors);
  } else if (isRecord(body.errors)) {
    // graphql-client shape: the GraphQL errors are in graphQLErrors; without them it is a transport/parse error.
    const nested = toErrorEntries(body.errors.graphQLErrors);
    errors = nested.length
      ? nested
      : [{ message: typeof body.errors.message === "string" ? body.errors.message : "GraphQL request failed" }];
  }
  // The cost normally sits in the top-level extensions; accept it on an error's extensions too.
  let cost = isRecord(body.extensions) ? toCost(body.extensions.cost) : null;
  if (!cost) {
    for (const error of errors) {
      const fromError = toCost(error.extensions?.cost);
      if (fromError) {
        cost = fromError;
        break;
      }
    }
  }
  return { data: body.data ?? null, errors, cost };
}

export function isThrottled(errors: GraphqlErrorEntry[]): boolean {
  return errors.some((e) => e.extensions?.code === "THROTTLED");
}

/** Normalises a `userErrors` list (missing/non-array → empty). */
export function toUserErrors(raw: unknown): UserErrorEntry[] {
  if (!Array.isArray(raw)) return [];
  return raw.filter(isRecord).map((e) => ({
    field: Array.isArray(e.field) ? e.field.map(String) : null,
    message: typeof e.message === "string" ? e.message : "Unknown error",
    code: typeof e.code === "string" ? e.code : null,
  }));
}
