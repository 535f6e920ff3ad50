import {
  type MetafieldDefinitionRecord,
  type MetafieldRecord,
} from "../records";
import { byId, gidOf, pathOf, search, sortRecords } from "./resolver-helpers";
import { lookupNode } from "./node-lookup";
import { connectionsOf, fieldsOf, type ConnectionArgs, type ConnectionSource, type Ctx, type Resolver } from "./resolver-types";

// Metafields and metafield definitions: `$app` namespaces, metafield(s) on every HasMetafields type, values.

/** `$app` (or an omitted namespace) is the app-reserved `app--<appId>`; `$app:x` is `app--<appId>--x`. */
export function resolveNamespace(ctx: Ctx, namespace: string | null | undefined): string {
  if (namespace === null || namespace === undefined || namespace === "" || namespace === "$app") return ctx.store.appNamespace();
  if (namespace.startsWith("$app:")) return `${ctx.store.appNamespace()}--${namespace.slice(5)}`;
  return namespace;
}

const OWNER_TYPES: Record<string, string> = {
  Product: "PRODUCT",
  ProductVariant: "PRODUCTVARIANT",
  Collection: "COLLECTION",
  Order: "ORDER",
  Shop: "SHOP",
  Location: "LOCATION",
  AppInstallation: "API_PERMISSION",
};

export function metafieldOwnerType(typeName: string): string | null {
  return OWNER_TYPES[typeName] ?? null;
}

function metafieldJsonValue(metafield: MetafieldRecord): unknown {
  const { type, value } = metafield;
  try {
    if (type === "json" || type.startsWith("list.") || type === "rating" || type === "money" || type === "dimension" || type === "volume" || type === "weight") return JSON.parse(value);
    if (type === "number_integer") return Number.parseInt(value, 10);
    if (type === "number_decimal") return value;
    if (type === "boolean") return value === "true";
  } catch {
    return value;
  }
  return value;
}

/** A record of a type implementing HasMetafields (metafields are kept by the owner's GID). */
type MetafieldOwner = { __typename: string; id: number };

export const metafieldResolvers: Record<string, Resolver> = fieldsOf<MetafieldOwner>({
  metafield: (source, args: { namespace?: string | null; key: string }, ctx) => {
    const owner = gidOf(source);
    return ctx.data.findMetafield(owner, resolveNamespace(ctx, args.namespace), args.key) ?? null;
  },
});

type MetafieldsArgs = { namespace?: string | null; keys?: string[] | null; reverse?: boolean | null };

/** metafields(...) on any HasMetafields type (resolvers.ts checks the interface). */
export const metafieldsSource: ConnectionSource = connectionsOf<MetafieldOwner>({
  metafields: (source, args: MetafieldsArgs, ctx) => {
    const namespace = args.namespace === undefined || args.namespace === null ? null : resolveNamespace(ctx, args.namespace);
    const keys: string[] | null = args.keys ?? null;
    const list = ctx.data.metafieldsOf(gidOf(source)).filter((metafield) => {
      if (namespace !== null && metafield.namespace !== namespace) return false;
      if (keys && !keys.some((key) => {
        const dot = key.lastIndexOf(".");
        return resolveNamespace(ctx, key.slice(0, dot)) === metafield.namespace && key.slice(dot + 1) === metafield.key;
      })) return false;
      return true;
    });
    return args.reverse ? [...list].reverse() : list;
  },
}).metafields;

export function metafieldDigest(metafield: MetafieldRecord): string {
  return Buffer.from(`${metafield.id}:${metafield.updatedAt}:${metafield.value}`).toString("base64url");
}

function metafieldTypeCategory(type: string): string {
  const base = type.replace(/^list\./, "");
  if (base.startsWith("number") || base === "rating") return "NUMBER";
  if (base.includes("text") || base === "rich_text_field") return "TEXT";
  if (base.startsWith("date")) return "DATE_TIME";
  if (base === "boolean") return "TRUE_FALSE";
  if (base === "json") return "JSON";
  if (base.endsWith("_reference")) return "REFERENCE";
  if (base === "url" || base === "link") return "URL";
  return "OTHER";
}

function definitionMetafields(ctx: Ctx, definition: MetafieldDefinitionRecord): MetafieldRecord[] {
  return [...ctx.data.metafields.values()].filter((m) => m.ownerType === definition.ownerType && m.namespace === definition.namespace && m.key === definition.key);
}

export const METAFIELD_QUERY_FIELDS = fieldsOf<unknown>({
  metafieldDefinition: (_s, args: { id?: string | null; identifier?: { ownerType: string; namespace?: string | null; key: string } | null }, ctx) => {
    if (args.id) return byId(ctx.data.metafieldDefinitions, args.id, "MetafieldDefinition");
    const identifier = args.identifier;
    if (!identifier) return null;
    return ctx.data.findMetafieldDefinition(identifier.ownerType, resolveNamespace(ctx, identifier.namespace), identifier.key) ?? null;
  },
});

export const METAFIELD_QUERY_CONNECTIONS = connectionsOf<unknown>({
  metafieldDefinitions: (_s, args: ConnectionArgs & { ownerType: string; namespace?: string | null; key?: string | null }, ctx, info) => {
    const namespace = args.namespace === undefined || args.namespace === null ? null : resolveNamespace(ctx, args.namespace);
    const all = [...ctx.data.metafieldDefinitions.values()].filter(
      (definition) => definition.ownerType === args.ownerType && (namespace === null || definition.namespace === namespace) && (!args.key || definition.key === args.key),
    );
    const list = search(
      ctx,
      all,
      args.query,
      (definition, field) => (field === "id" ? definition.id : field === "key" ? definition.key : field === "namespace" ? definition.namespace : field === "type" ? definition.typeName : field === "default" ? definition.name : undefined),
      ["default", "id", "key", "namespace", "type"],
      pathOf(info),
    );
    return sortRecords(list, args.sortKey === "NAME" ? (d) => d.name : null, args.reverse);
  },
});

export const METAFIELD_TYPE_RESOLVERS = {
  Metafield: fieldsOf<MetafieldRecord>({
    owner: (metafield: MetafieldRecord, _a, ctx) => lookupNode(ctx, metafield.ownerGid),
    jsonValue: (metafield: MetafieldRecord) => metafieldJsonValue(metafield),
    compareDigest: (metafield: MetafieldRecord) => metafieldDigest(metafield),
    definition: (metafield: MetafieldRecord, _a, ctx) => ctx.data.findMetafieldDefinition(metafield.ownerType, metafield.namespace, metafield.key) ?? null,
    description: () => null,
    reference: () => null,
    references: () => null,
    sizeInBytes: (metafield: MetafieldRecord) => Buffer.byteLength(metafield.value),
  }),

  MetafieldDefinition: fieldsOf<MetafieldDefinitionRecord>({
    type: (definition: MetafieldDefinitionRecord) => ({
      __typename: "MetafieldDefinitionType",
      name: definition.typeName,
      category: metafieldTypeCategory(definition.typeName),
      supportsDefinitionMigrations: true,
      supportedValidations: [],
      valueType: "STRING",
    }),
    access: (definition: MetafieldDefinitionRecord) => ({
      __typename: "MetafieldAccess",
      admin: definition.adminAccess,
      storefront: definition.storefrontAccess,
      customerAccount: definition.customerAccountAccess,
    }),
    metafieldsCount: (definition: MetafieldDefinitionRecord, _a, ctx) => definitionMetafields(ctx, definition).length,
    validations: () => [],
    validationStatus: () => "ALL_VALID",
    useAsCollectionCondition: () => false,
    constraints: () => null,
    standardTemplate: () => null,
  }),
};

export const METAFIELD_CONNECTION_SOURCES = {
  MetafieldDefinition: connectionsOf<MetafieldDefinitionRecord>({
    metafields: (definition: MetafieldDefinitionRecord, args: ConnectionArgs, ctx) => sortRecords(definitionMetafields(ctx, definition), null, args.reverse),
  }),
};
