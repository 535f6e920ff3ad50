import {
  getArgumentValues,
  getNamedType,
  isAbstractType,
  isLeafType,
  isListType,
  isNonNullType,
  Kind,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLObjectType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from "graphql";
import { isConnectionType } from "./schema";

// Shopify's query cost model (https://shopify.dev/docs/api/usage/limits#cost-calculation), reduced to its
// rules of thumb: scalars and enums 0, objects 1, connections 2 + (first|last) × node cost, mutations 10.
// The requested cost is computed from the document before running; the actual cost from the response data
// (a page that returns 3 of 50 requested nodes costs for 3).

export const MUTATION_COST = 10;

type CostContext = { schema: GraphQLSchema; fragments: Record<string, FragmentDefinitionNode>; variables: Record<string, unknown> };

function fragmentsOf(document: DocumentNode): Record<string, FragmentDefinitionNode> {
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const definition of document.definitions) if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments[definition.name.value] = definition;
  return fragments;
}

export function calculateRequestedCost(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode, variables: Record<string, unknown>): number {
  if (operation.operation === "mutation") return countRootFields(operation) * MUTATION_COST;
  const ctx: CostContext = { schema, fragments: fragmentsOf(document), variables };
  return selectionCost(ctx, schema.getQueryType()!, operation.selectionSet);
}

function countRootFields(operation: OperationDefinitionNode): number {
  return operation.selectionSet.selections.filter((selection) => selection.kind === Kind.FIELD && !selection.name.value.startsWith("__")).length;
}

/** Fields for the parent type add up; type-conditioned fragments for other types cost their maximum. */
function selectionCost(ctx: CostContext, parentType: GraphQLCompositeType, selectionSet: SelectionSetNode | undefined): number {
  if (!selectionSet) return 0;
  let base = 0;
  const alternatives: number[] = [];
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      if (selection.name.value.startsWith("__") || isAbstractType(parentType) && !("getFields" in parentType)) continue;
      const field = (parentType as GraphQLObjectType).getFields()[selection.name.value];
      if (field) base += fieldCost(ctx, field, selection);
      continue;
    }
    const condition = selection.kind === Kind.INLINE_FRAGMENT ? selection.typeCondition?.name.value : ctx.fragments[selection.name.value]?.typeCondition.name.value;
    const set = selection.kind === Kind.INLINE_FRAGMENT ? selection.selectionSet : ctx.fragments[selection.name.value]?.selectionSet;
    const type = condition ? (ctx.schema.getType(condition) as GraphQLCompositeType | undefined) : parentType;
    if (!type || !set) continue;
    const cost = selectionCost(ctx, type, set);
    if (!condition || condition === parentType.name) base += cost;
    else alternatives.push(cost);
  }
  return base + (alternatives.length ? Math.max(...alternatives) : 0);
}

function pageSize(ctx: CostContext, field: GraphQLField<unknown, unknown>, node: FieldNode): number {
  try {
    const args = getArgumentValues(field, node, ctx.variables) as { first?: number | null; last?: number | null; ids?: unknown[] };
    return args.first ?? args.last ?? 0;
  } catch {
    return 0;
  }
}

function fieldCost(ctx: CostContext, field: GraphQLField<unknown, unknown>, node: FieldNode): number {
  const named = getNamedType(field.type);
  if (isLeafType(named)) return 0;
  if (isConnectionType(named)) return 2 + pageSize(ctx, field, node) * connectionNodeCost(ctx, named, node.selectionSet);
  const composite = named as GraphQLCompositeType;
  const itemCost = 1 + selectionCost(ctx, composite, node.selectionSet);
  let type = field.type;
  if (isNonNullType(type)) type = type.ofType;
  if (isListType(type) && field.name === "nodes") {
    try {
      const ids = (getArgumentValues(field, node, ctx.variables) as { ids?: unknown[] }).ids;
      if (Array.isArray(ids)) return ids.length * itemCost;
    } catch {
      return itemCost;
    }
  }
  return itemCost;
}

/** Cost of one node of a connection: the max of what `edges { node }` and `nodes` select. */
function connectionNodeCost(ctx: CostContext, connection: GraphQLObjectType, selectionSet: SelectionSetNode | undefined): number {
  let cost = 0;
  for (const selection of selectionSet?.selections ?? []) {
    if (selection.kind !== Kind.FIELD) {
      const set = selection.kind === Kind.INLINE_FRAGMENT ? selection.selectionSet : ctx.fragments[selection.name.value]?.selectionSet;
      cost = Math.max(cost, connectionNodeCost(ctx, connection, set));
      continue;
    }
    const name = selection.name.value;
    if (name === "nodes") {
      const nodeType = getNamedType(connection.getFields().nodes.type) as GraphQLCompositeType;
      cost = Math.max(cost, 1 + selectionCost(ctx, nodeType, selection.selectionSet));
    } else if (name === "edges") {
      const edgeType = getNamedType(connection.getFields().edges.type) as GraphQLObjectType;
      const nodeField = edgeType.getFields().node;
      for (const edgeSelection of selection.selectionSet?.selections ?? []) {
        if (edgeSelection.kind === Kind.FIELD && edgeSelection.name.value === "node") {
          cost = Math.max(cost, 1 + selectionCost(ctx, getNamedType(nodeField.type) as GraphQLCompositeType, edgeSelection.selectionSet));
        }
      }
    }
  }
  return cost;
}

// ---------------------------------------------------------------------------------------------------------
// Actual cost: the same rules over what was returned

export function calculateActualCost(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode, data: unknown): number {
  if (operation.operation === "mutation") return countRootFields(operation) * MUTATION_COST;
  const ctx: CostContext = { schema, fragments: fragmentsOf(document), variables: {} };
  return actualSelectionCost(ctx, schema.getQueryType()!, operation.selectionSet, data);
}

function actualSelectionCost(ctx: CostContext, parentType: GraphQLCompositeType, selectionSet: SelectionSetNode | undefined, value: unknown): number {
  if (!selectionSet || value === null || typeof value !== "object") return 0;
  const object = value as Record<string, unknown>;
  let total = 0;
  const counted = new Set<string>();
  const visit = (type: GraphQLCompositeType, set: SelectionSetNode) => {
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        const key = selection.alias?.value ?? selection.name.value;
        if (counted.has(key) || selection.name.value.startsWith("__") || !(key in object)) continue;
        const field = "getFields" in type ? (type as GraphQLObjectType).getFields()[selection.name.value] : undefined;
        if (!field) continue;
        counted.add(key);
        total += actualFieldCost(ctx, field, selection, object[key]);
        continue;
      }
      const condition = selection.kind === Kind.INLINE_FRAGMENT ? selection.typeCondition?.name.value : ctx.fragments[selection.name.value]?.typeCondition.name.value;
      const subSet = selection.kind === Kind.INLINE_FRAGMENT ? selection.selectionSet : ctx.fragments[selection.name.value]?.selectionSet;
      const subType = condition ? (ctx.schema.getType(condition) as GraphQLCompositeType | undefined) : type;
      if (subType && subSet) visit(subType, subSet);
    }
  };
  visit(parentType, selectionSet);
  return total;
}

function actualFieldCost(ctx: CostContext, field: GraphQLField<unknown, unknown>, node: FieldNode, value: unknown): number {
  const named = getNamedType(field.type);
  if (isLeafType(named) || value === null || value === undefined) return 0;
  if (isConnectionType(named)) {
    const connection = value as { edges?: Array<{ node?: unknown }>; nodes?: unknown[] };
    const nodes = connection.nodes ?? connection.edges?.map((edge) => edge.node) ?? [];
    let cost = 2;
    const edgeSelections = node.selectionSet?.selections ?? [];
    for (const item of nodes) {
      let nodeCost = 0;
      for (const selection of edgeSelections) {
        if (selection.kind !== Kind.FIELD) continue;
        if (selection.name.value === "nodes") nodeCost = Math.max(nodeCost, 1 + actualSelectionCost(ctx, getNamedType(named.getFields().nodes.type) as GraphQLCompositeType, selection.selectionSet, item));
        if (selection.name.value === "edges") {
          for (const edgeSelection of selection.selectionSet?.selections ?? []) {
            if (edgeSelection.kind === Kind.FIELD && edgeSelection.name.value === "node") {
              const nodeType = getNamedType((getNamedType(named.getFields().edges.type) as GraphQLObjectType).getFields().node.type) as GraphQLCompositeType;
              nodeCost = Math.max(nodeCost, 1 + actualSelectionCost(ctx, nodeType, edgeSelection.selectionSet, item));
            }
          }
        }
      }
      cost += nodeCost;
    }
    return cost;
  }
  const composite = named as GraphQLCompositeType;
  if (Array.isArray(value)) return value.reduce((sum: number, item) => sum + (item === null ? 0 : 1 + actualSelectionCost(ctx, composite, node.selectionSet, item)), 0) || 1;
  return 1 + actualSelectionCost(ctx, composite, node.selectionSet, value);
}
