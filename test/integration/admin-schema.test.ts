// Every Admin GraphQL document the app sends is checked against the published Admin schema of the version the
// app speaks (test/fixtures/admin_<version>.json.gz: introspection + the per-type/per-field access-scope data):
//   - validity: unknown fields, wrong arguments, type mismatches fail with graphql-js's error text;
//   - deprecations: none, except an explicit allow-list with the reason;
//   - bulk queries (sent as strings): valid as queries, ≤ 5 connections, nested ≤ 2 levels;
//   - access scopes: every scope the selected fields/types require is requested in shopify.app.toml.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import {
  buildClientSchema,
  getNamedType,
  GraphQLError,
  isCompositeType,
  Kind,
  NoDeprecatedCustomRule,
  parse,
  TypeInfo,
  validate,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type GraphQLSchema,
  type IntrospectionQuery,
} from "graphql";
import { parse as parseToml } from "smol-toml";
import { describe, expect, it } from "vitest";
import { ADMIN_API_VERSION } from "#app/shopify/api-version";
import { ADMIN_BULK_MUTATIONS, ADMIN_BULK_QUERIES, ADMIN_OPERATIONS } from "#app/shopify/admin-gateway.server";

const ROOT = path.resolve(import.meta.dirname, "../..");
const FIXTURE_DIR = path.join(ROOT, "test/fixtures");
// The fixture's file name carries the version; there must be exactly one, so the check below is not circular.
const fixtureFiles = readdirSync(FIXTURE_DIR).filter((name) => /^admin_\d{4}-\d{2}\.json\.gz$/.test(name));
const fixtureFile = path.join(FIXTURE_DIR, fixtureFiles[0] ?? "missing-admin-fixture.json.gz");

type ScopeItem = {
  type: "type" | "field";
  typeName: string;
  fieldName?: string;
  requiredAccess: string;
  offlineScopes: string[];
};

type Fixture = { data: IntrospectionQuery; offline_scopes: { items: ScopeItem[] } };

const fixture = JSON.parse(gunzipSync(readFileSync(fixtureFile)).toString("utf8")) as Fixture;
const schema: GraphQLSchema = buildClientSchema(fixture.data);
const scopeItems = new Map<string, ScopeItem>();
for (const item of fixture.offline_scopes.items) {
  scopeItems.set(item.type === "type" ? `type:${item.typeName}` : `field:${item.typeName}.${item.fieldName}`, item);
}

const toml = parseToml(readFileSync(path.join(ROOT, "shopify.app.toml"), "utf8")) as {
  access_scopes: { scopes: string };
};
const requestedScopes = toml.access_scopes.scopes.split(",").map((s) => s.trim()).filter(Boolean);
// A write_x scope includes read_x (Shopify grants the read scope with the write scope).
const grantedScopes = new Set([
  ...requestedScopes,
  ...requestedScopes.filter((s) => s.startsWith("write_")).map((s) => `read_${s.slice("write_".length)}`),
]);

/** Deprecated fields the app uses on purpose, with the reason (see CATALOG_BULK_QUERY). */
const ALLOWED_DEPRECATIONS: Record<string, string> = {
  "ProductVariant.image":
    "the replacement `media` connection would be the bulk query's 5th (last) connection and add a line per image",
};

// ---------------------------------------------------------------------------------------------------------
// Helpers (the same helper validates the real operations and the deliberately broken ones)
// ---------------------------------------------------------------------------------------------------------

function parseDocument(source: string): { document: DocumentNode | null; errors: string[] } {
  try {
    return { document: parse(source), errors: [] };
  } catch (error) {
    return { document: null, errors: [(error as GraphQLError).message] };
  }
}

/** Validation errors of a document against the Admin schema (empty = valid). */
function validationErrors(source: string): string[] {
  const { document, errors } = parseDocument(source);
  if (!document) return errors;
  return validate(schema, document).map((e) => e.message);
}

function deprecationErrors(source: string): string[] {
  const { document } = parseDocument(source);
  if (!document) return [];
  return validate(schema, document, [NoDeprecatedCustomRule])
    .map((e) => e.message)
    .filter((message) => !Object.keys(ALLOWED_DEPRECATIONS).some((key) => message.includes(`${key} is deprecated`)));
}

type Selection = { kind: "field"; typeName: string; fieldName: string; returnType: string } | { kind: "type"; typeName: string };

/** Every (parent type, field) selected and every composite type reached (return types, fragment conditions). */
function selections(document: DocumentNode): Selection[] {
  const typeInfo = new TypeInfo(schema);
  const found: Selection[] = [];
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field() {
        const parent = typeInfo.getParentType();
        const fieldDef = typeInfo.getFieldDef();
        if (!parent || !fieldDef) return;
        const returnType = getNamedType(fieldDef.type);
        found.push({ kind: "field", typeName: parent.name, fieldName: fieldDef.name, returnType: returnType.name });
        if (isCompositeType(returnType)) found.push({ kind: "type", typeName: returnType.name });
      },
      InlineFragment() {
        const type = typeInfo.getType();
        if (type) found.push({ kind: "type", typeName: getNamedType(type).name });
      },
      FragmentDefinition() {
        const type = typeInfo.getType();
        if (type) found.push({ kind: "type", typeName: getNamedType(type).name });
      },
    }),
  );
  return found;
}

/**
 * The scope requirement of one item, as clauses: every clause must be satisfied, a clause is satisfied by ANY
 * of its scopes. `offlineScopes` alone is ambiguous, so it is read together with the `requiredAccess` text
 * (inspected over the fixture; 149 distinct phrasings):
 *   "`a` access scope."                                      → [[a]]
 *   "`a` access scope or `b` access scope." / "Any of `a`, `b` access scopes" / "the `a` or `b` scope"
 *   / "`a`, `b` access scope or `c` access scope."           → [[a, b, c]]  (any-of: Location, InventoryItem…)
 *   "`a` access scope as well as any of `b`, `c` access scopes." → [[a], [b, c]]
 *   "`a` for queries and both `a` as well as `b` for mutations."  → query: [[a]]; mutation: [[a], [b]]
 *   "… Also: Requires `x` scope." / "Also: Requires the `x` access scope." → extra clause [[x]]
 * Everything else after "Also:" is about staff permissions or shop features, not access scopes. A phrasing
 * this function cannot map onto the item's offlineScopes makes the test fail (so a new pattern is noticed).
 */
function requirementOf(item: ScopeItem, operationKind: "query" | "mutation"): string[][] {
  const scopes = [...new Set(item.offlineScopes)];
  if (!scopes.length) return [];
  const [main, ...rest] = item.requiredAccess.split("Also:");
  const also = rest.join("Also:");
  const ticks = (text: string) => [...text.matchAll(/`([a-z0-9_]+)`/g)].map((m) => m[1]).filter((s) => scopes.includes(s));
  const clauses: string[][] = [];
  if (/for queries and both/.test(main)) {
    const [queryPart, mutationPart] = main.split("for queries");
    if (operationKind === "query") clauses.push(...ticks(queryPart).map((s) => [s]));
    else clauses.push(...[...new Set(ticks(mutationPart))].map((s) => [s]));
  } else if (/as well as any of/.test(main)) {
    const [allPart, anyPart] = main.split("as well as any of");
    clauses.push(...ticks(allPart).map((s) => [s]));
    clauses.push(ticks(anyPart));
  } else if (/\bor\b|Any of/i.test(main)) {
    clauses.push([...new Set(ticks(main))]);
  } else {
    clauses.push(...[...new Set(ticks(main))].map((s) => [s]));
  }
  for (const match of also.matchAll(/Requires (?:the )?`([a-z0-9_]+)` (?:access )?scope/g)) {
    if (scopes.includes(match[1])) clauses.push([match[1]]);
  }
  // "Also: The app must have the `x` access scope to <optional capability>" (orderUpdate's staff attribution) is
  // needed only for that capability, so it is accounted for without being required.
  const optional = [...also.matchAll(/must have the `([a-z0-9_]+)` access scope to /g)].map((m) => m[1]);
  // Every listed scope must be accounted for (the query side of "for queries and both" leaves out the write scope).
  const covered = new Set([...clauses.flat(), ...optional]);
  const uncovered = scopes.filter((s) => !covered.has(s));
  const queryOnlyPhrase = /for queries and both/.test(main) && operationKind === "query";
  if (uncovered.length && !queryOnlyPhrase) {
    const where = `${item.typeName}${item.fieldName ? `.${item.fieldName}` : ""}`;
    throw new Error(`Unrecognised requiredAccess for ${where}: "${item.requiredAccess}" (scopes ${scopes.join(", ")})`);
  }
  return clauses.filter((c) => c.length > 0);
}

type ScopeCheck = { required: Array<{ where: string; clause: string[] }>; missing: string[] };

function scopeCheck(source: string): ScopeCheck {
  const document = parse(source);
  const operation = document.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION);
  const operationKind = operation && "operation" in operation && operation.operation === "mutation" ? "mutation" : "query";
  const required: ScopeCheck["required"] = [];
  const seen = new Set<string>();
  for (const selection of selections(document)) {
    const key = selection.kind === "type" ? `type:${selection.typeName}` : `field:${selection.typeName}.${selection.fieldName}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const item = scopeItems.get(key);
    if (!item) continue;
    for (const clause of requirementOf(item, operationKind)) required.push({ where: key, clause });
  }
  const missing = required
    .filter(({ clause }) => !clause.some((scope) => grantedScopes.has(scope)))
    .map(({ where, clause }) => `${where} needs ${clause.join(" or ")}`);
  return { required, missing };
}

function operationNames(source: string): string[] {
  const { document } = parseDocument(source);
  return (document?.definitions ?? []).flatMap((d) => (d.kind === Kind.OPERATION_DEFINITION ? [d.name?.value ?? "<anonymous>"] : []));
}

/** Connections in a bulk query and how deep they nest (root connection = level 0). */
function bulkConnectionShape(source: string): { connections: number; maxDepth: number } {
  const typeInfo = new TypeInfo(schema);
  let connections = 0;
  let depth = -1;
  let maxDepth = -1;
  visit(
    parse(source),
    visitWithTypeInfo(typeInfo, {
      Field: {
        enter() {
          const type = typeInfo.getType();
          if (type && getNamedType(type).name.endsWith("Connection")) {
            connections++;
            depth++;
            maxDepth = Math.max(maxDepth, depth);
          }
        },
        leave() {
          const type = typeInfo.getType();
          if (type && getNamedType(type).name.endsWith("Connection")) depth--;
        },
      },
    }),
  );
  return { connections, maxDepth };
}

const operations = Object.entries(ADMIN_OPERATIONS);
const bulkQueries = Object.entries(ADMIN_BULK_QUERIES);
const bulkMutations = Object.entries(ADMIN_BULK_MUTATIONS);

// ---------------------------------------------------------------------------------------------------------

describe("Admin schema fixture", () => {
  it("is the published schema of the version the app speaks", () => {
    expect(fixtureFiles, "exactly one Admin schema fixture").toHaveLength(1);
    const version = /^admin_(\d{4}-\d{2})\.json\.gz$/.exec(fixtureFiles[0])?.[1];
    expect(version).toBe(ADMIN_API_VERSION);
    expect(schema.getQueryType()?.name).toBe("QueryRoot");
    expect(schema.getMutationType()?.name).toBe("Mutation");
    expect(scopeItems.size).toBeGreaterThan(1000);
  });
});

describe("Admin operations", () => {
  it("the exported list is non-empty, with unique, app-prefixed, #graphql-tagged names (one operation each)", () => {
    expect(operations.length).toBeGreaterThanOrEqual(6);
    const names = operations.map(([, source]) => {
      const found = operationNames(source);
      expect(found, `one named operation per constant`).toHaveLength(1);
      return found[0];
    });
    expect(new Set(names).size).toBe(names.length);
    for (const [constant, source] of operations) {
      expect(source.trimStart().startsWith("#graphql"), `${constant} is #graphql-tagged`).toBe(true);
    }
    for (const name of names) expect(name).toMatch(/^Backorders[A-Z]\w+$/);
  });

  it.each(operations)("%s is valid against the Admin schema", (constant, source) => {
    const errors = validationErrors(source);
    expect(errors, `${constant}:\n${errors.join("\n")}`).toEqual([]);
  });

  it.each(operations)("%s uses no deprecated field, argument or enum value", (constant, source) => {
    const errors = deprecationErrors(source);
    expect(errors, `${constant}:\n${errors.join("\n")}`).toEqual([]);
  });

  it("the validator catches what it must (broken copies of real operations fail in the same helper)", () => {
    const shopInfo = ADMIN_OPERATIONS.SHOP_INFO_QUERY;
    const bogusField = shopInfo.replace("myshopifyDomain", "myshopifyDomainBogus");
    expect(bogusField).not.toBe(shopInfo);
    expect(validationErrors(bogusField).join("\n")).toMatch(/Cannot query field "myshopifyDomainBogus" on type "Shop"/);

    const wrongArgument = ADMIN_OPERATIONS.LOCATIONS_QUERY.replace("first: 250", "firstt: 250");
    expect(validationErrors(wrongArgument).join("\n")).toMatch(/Unknown argument "firstt"/);

    const wrongType = ADMIN_OPERATIONS.BULK_OPERATION_QUERY.replace("$id: ID!", "$id: Int!");
    expect(validationErrors(wrongType).join("\n")).toMatch(/Variable "\$id" of type "Int!" used in position expecting type "ID!"/);

    expect(validationErrors("query BackordersBroken { shop { name ").length).toBeGreaterThan(0);
    expect(deprecationErrors("query BackordersOld { shop { name } products(first: 1) { nodes { featuredImage { url } } } }").join("\n"))
      .toMatch(/Product\.featuredImage is deprecated/);
    expect(scopeCheck("query BackordersLocales { shopLocales { locale primary } }").missing.join("\n")).toMatch(/read_locales/);
  });
});

describe("Bulk query documents", () => {
  it("the list is non-empty", () => {
    expect(bulkQueries.length).toBeGreaterThan(0);
  });

  it.each(bulkQueries)("%s is a valid query (connections without `first`, as bulk queries write them)", (constant, source) => {
    const errors = validationErrors(source);
    expect(errors, `${constant}:\n${errors.join("\n")}`).toEqual([]);
    expect(parse(source).definitions.every((d) => d.kind !== Kind.OPERATION_DEFINITION || d.operation === "query")).toBe(true);
  });

  it.each(bulkQueries)("%s stays within the bulk limits (≤ 5 connections, nested ≤ 2 levels)", (_constant, source) => {
    const shape = bulkConnectionShape(source);
    expect(shape.connections).toBeGreaterThan(0);
    expect(shape.connections).toBeLessThanOrEqual(5);
    expect(shape.maxDepth).toBeLessThanOrEqual(2);
  });

  it.each(bulkQueries)("%s: only allow-listed deprecations", (constant, source) => {
    const errors = deprecationErrors(source);
    expect(errors, `${constant}:\n${errors.join("\n")}`).toEqual([]);
  });

  it("a broken bulk query fails in the same helper", () => {
    const broken = ADMIN_BULK_QUERIES.CATALOG_BULK_QUERY.replace("productType", "productTypeBogus");
    expect(validationErrors(broken).join("\n")).toMatch(/Cannot query field "productTypeBogus" on type "Product"/);
  });
});

describe("Bulk mutation documents", () => {
  it("the list is non-empty", () => {
    expect(bulkMutations.length).toBeGreaterThan(0);
  });

  it.each(bulkMutations)("%s is one valid, app-prefixed mutation selecting one mutation field", (constant, source) => {
    const errors = validationErrors(source);
    expect(errors, `${constant}:\n${errors.join("\n")}`).toEqual([]);
    const operationDefs = parse(source).definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
    expect(operationDefs).toHaveLength(1);
    const [operation] = operationDefs;
    expect(operation.kind === Kind.OPERATION_DEFINITION && operation.operation).toBe("mutation");
    expect(operationNames(source)[0]).toMatch(/^Backorders[A-Z]\w+$/);
    expect(operation.kind === Kind.OPERATION_DEFINITION && operation.selectionSet.selections.length).toBe(1);
  });

  it.each(bulkMutations)("%s uses no deprecated field, argument or enum value", (constant, source) => {
    const errors = deprecationErrors(source);
    expect(errors, `${constant}:\n${errors.join("\n")}`).toEqual([]);
  });
});

describe("Access scopes", () => {
  const all: Array<[string, string]> = [...operations, ...bulkQueries, ...bulkMutations];

  it.each(all)("%s needs only scopes shopify.app.toml requests", (constant, source) => {
    const { missing } = scopeCheck(source);
    expect(missing, `${constant} needs scopes the app does not request:\n${missing.join("\n")}`).toEqual([]);
  });

  it("the scope data is really consulted (the catalog needs read_products, read_inventory; the policy update write_products)", () => {
    const catalog = scopeCheck(ADMIN_BULK_QUERIES.CATALOG_BULK_QUERY).required.flatMap((r) => r.clause);
    expect(catalog).toContain("read_products");
    expect(catalog).toContain("read_inventory");
    const policy = scopeCheck(ADMIN_OPERATIONS.SET_VARIANTS_INVENTORY_POLICY_MUTATION).required;
    expect(policy).toContainEqual({ where: "field:Mutation.productVariantsBulkUpdate", clause: ["write_products"] });
    // Location accepts any of read_locations / read_inventory / read_markets_home.
    const locations = scopeCheck(ADMIN_OPERATIONS.LOCATIONS_QUERY).required;
    expect(locations.find((r) => r.where === "type:Location")?.clause).toEqual(["read_locations", "read_inventory", "read_markets_home"]);
  });

  it("the checkout validation operations need write_validations (mutations) and read_validations (the list), which write_validations grants", () => {
    expect(scopeCheck(ADMIN_OPERATIONS.CREATE_CHECKOUT_VALIDATION_MUTATION).required).toContainEqual({ where: "field:Mutation.validationCreate", clause: ["write_validations"] });
    expect(scopeCheck(ADMIN_OPERATIONS.DELETE_CHECKOUT_VALIDATION_MUTATION).required).toContainEqual({ where: "field:Mutation.validationDelete", clause: ["write_validations"] });
    expect(scopeCheck(ADMIN_OPERATIONS.CHECKOUT_VALIDATIONS_QUERY).required).toContainEqual({ where: "field:QueryRoot.validations", clause: ["read_validations"] });
    expect(requestedScopes).toContain("write_validations");
    expect(requestedScopes).not.toContain("read_validations");
  });

  it("reports requested scopes no current operation needs (information only: later features use them)", () => {
    const clauses = all.flatMap(([, source]) => scopeCheck(source).required.map((r) => r.clause));
    const satisfiedWithout = (removed: string | null) => {
      const rest = requestedScopes.filter((s) => s !== removed);
      const granted = new Set([...rest, ...rest.filter((s) => s.startsWith("write_")).map((s) => `read_${s.slice(6)}`)]);
      if (removed) granted.delete(removed); // removing read_x also removes it as implied by write_x
      return clauses.every((clause) => clause.some((scope) => granted.has(scope)));
    };
    expect(satisfiedWithout(null)).toBe(true);
    // A scope is unused when every requirement still holds without it.
    const unused = requestedScopes.filter((scope) => satisfiedWithout(scope));
    console.log(`[admin-schema] requested scopes no current operation needs: ${unused.join(", ") || "(none)"}`);
  });
});
