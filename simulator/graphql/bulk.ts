import { once } from "node:events";
import { createWriteStream, type WriteStream } from "node:fs";
import path from "node:path";
import {
  getArgumentValues,
  getNamedType,
  GraphQLError,
  isAbstractType,
  isEnumType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  Kind,
  parse,
  validate,
  type DirectiveNode,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLObjectType,
  type GraphQLOutputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from "graphql";
import type { BulkOperationRecord, SimulatorStore } from "../store";
import { checkAccess } from "./access-scopes";
import { findConnectionSource, resolveFieldValue } from "./resolvers";
import { NotImplementedError, type Ctx, type FieldInfo } from "./resolver-types";
import { connectionNodeType, isConnectionType } from "./schema";

// bulkOperationRunQuery: the query (connections without `first`) runs over the whole store and is written as
// Shopify's JSONL — one line per connection node, nested connection nodes on their own lines after their
// parent with `__parentId`. Lines are generated lazily and streamed to a file, so a 100k-variant catalog never
// sits in memory as one string.

export const MAX_BULK_CONNECTIONS = 5;
export const MAX_NESTED_CONNECTION_DEPTH = 2;

type BulkUserError = { __typename: "BulkOperationUserError"; field: string[] | null; message: string; code: "INVALID" | "LIMIT_REACHED" | "OPERATION_IN_PROGRESS" | null };

type BulkPlan = { schema: GraphQLSchema; fragments: Record<string, FragmentDefinitionNode>; topType: GraphQLObjectType; topFields: FieldNode[] };

const invalid = (message: string): BulkUserError => ({ __typename: "BulkOperationUserError", field: ["query"], message: `Invalid bulk query: ${message}`, code: "INVALID" });

// ---------------------------------------------------------------------------------------------------------
// Field collection (fragments, inline fragments, @skip/@include)

function typeConditionApplies(schema: GraphQLSchema, type: GraphQLObjectType, condition: string | undefined): boolean {
  if (!condition || condition === type.name) return true;
  const conditionType = schema.getType(condition);
  return !!conditionType && isAbstractType(conditionType) && schema.isSubType(conditionType, type);
}

function included(node: { directives?: readonly DirectiveNode[] }): boolean {
  for (const directive of node.directives ?? []) {
    const condition = directive.arguments?.find((arg) => arg.name.value === "if")?.value;
    const value = condition?.kind === Kind.BOOLEAN ? condition.value : true;
    if (directive.name.value === "skip" && value) return false;
    if (directive.name.value === "include" && !value) return false;
  }
  return true;
}

function collectFieldsUncached(plan: Pick<BulkPlan, "schema" | "fragments">, type: GraphQLObjectType, selectionSets: readonly SelectionSetNode[], out = new Map<string, FieldNode[]>()): Map<string, FieldNode[]> {
  for (const selectionSet of selectionSets) {
    for (const selection of selectionSet.selections) {
      if (!included(selection)) continue;
      if (selection.kind === Kind.FIELD) {
        const key = selection.alias?.value ?? selection.name.value;
        const list = out.get(key);
        if (list) list.push(selection);
        else out.set(key, [selection]);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        if (typeConditionApplies(plan.schema, type, selection.typeCondition?.name.value)) collectFieldsUncached(plan, type, [selection.selectionSet], out);
      } else {
        const fragment = plan.fragments[selection.name.value];
        if (fragment && typeConditionApplies(plan.schema, type, fragment.typeCondition.name.value)) collectFieldsUncached(plan, type, [fragment.selectionSet], out);
      }
    }
  }
  return out;
}

// Bulk runs call these once per node of a 100k-row catalog: cache on the (stable) AST arrays.
const collected = new WeakMap<readonly SelectionSetNode[], Map<string, Map<string, FieldNode[]>>>();

function collectFields(plan: Pick<BulkPlan, "schema" | "fragments">, type: GraphQLObjectType, selectionSets: readonly SelectionSetNode[]): Map<string, FieldNode[]> {
  let byType = collected.get(selectionSets);
  if (!byType) {
    byType = new Map();
    collected.set(selectionSets, byType);
  }
  let fields = byType.get(type.name);
  if (!fields) {
    fields = collectFieldsUncached(plan, type, selectionSets);
    byType.set(type.name, fields);
  }
  return fields;
}

const subSelectionCache = new WeakMap<readonly FieldNode[], SelectionSetNode[]>();

function subSelections(nodes: readonly FieldNode[]): SelectionSetNode[] {
  let sets = subSelectionCache.get(nodes);
  if (!sets) {
    sets = nodes.flatMap((node) => (node.selectionSet ? [node.selectionSet] : []));
    subSelectionCache.set(nodes, sets);
  }
  return sets;
}

const argumentCache = new WeakMap<FieldNode, Record<string, unknown>>();

/** Bulk queries have no variables, so a field's arguments are fixed per AST node. */
function argumentsOf(def: Parameters<typeof getArgumentValues>[0], node: FieldNode): Record<string, unknown> {
  let args = argumentCache.get(node);
  if (!args) {
    args = getArgumentValues(def, node, {});
    argumentCache.set(node, args);
  }
  return args;
}

/** The selection sets applied to each node of a connection (`edges { node { … } }` and `nodes { … }`). */
const nodeSelectionCache = new WeakMap<readonly FieldNode[], SelectionSetNode[]>();

function nodeSelections(plan: BulkPlan, connectionType: GraphQLObjectType, fieldNodes: readonly FieldNode[]): SelectionSetNode[] {
  const cached = nodeSelectionCache.get(fieldNodes);
  if (cached) return cached;
  const result: SelectionSetNode[] = [];
  const fields = collectFields(plan, connectionType, subSelections(fieldNodes));
  for (const [, nodes] of fields) {
    const name = nodes[0].name.value;
    if (name === "nodes") result.push(...subSelections(nodes));
    if (name === "edges") {
      const edgeType = getNamedType(connectionType.getFields().edges.type) as GraphQLObjectType;
      for (const [, edgeNodes] of collectFields(plan, edgeType, subSelections(nodes))) {
        if (edgeNodes[0].name.value === "node") result.push(...subSelections(edgeNodes));
      }
    }
  }
  nodeSelectionCache.set(fieldNodes, result);
  return result;
}

// ---------------------------------------------------------------------------------------------------------
// Validation (Shopify's bulk restrictions)

function planBulkQuery(ctx: Ctx, query: string): { plan: BulkPlan } | { error: BulkUserError } {
  const schema = ctx.admin.schema;
  let document: DocumentNode;
  try {
    document = parse(query);
  } catch (error) {
    return { error: invalid((error as Error).message) };
  }
  const errors = validate(schema, document);
  if (errors.length) return { error: invalid(errors.map((e) => e.message).join(" ")) };
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  if (operations.length !== 1) return { error: invalid("A bulk query must contain exactly one operation.") };
  const operation = operations[0];
  if (operation.operation !== "query") return { error: invalid("Bulk queries must be a query operation; use bulkOperationRunMutation for mutations.") };
  if (operation.variableDefinitions?.length) return { error: invalid("Bulk queries can't use variables.") };
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const definition of document.definitions) if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments[definition.name.value] = definition;
  const topType = schema.getQueryType()!;
  const plan0 = { schema, fragments };
  const top = collectFields(plan0, topType, [operation.selectionSet]);
  if (top.size !== 1) return { error: invalid("Bulk queries must select a single top-level field.") };
  const [topFields] = [...top.values()];
  const topName = topFields[0].name.value;
  if (topName === "node" || topName === "nodes") return { error: invalid("The top-level node and nodes fields can't be used.") };
  const topDef = topType.getFields()[topName];
  const topNamed = getNamedType(topDef.type);
  if (!isConnectionType(topNamed)) {
    return { error: invalid(`Bulk queries must contain at least one connection. (The simulator runs bulk queries whose top-level field is a connection; '${topName}' isn't.)`) };
  }
  const plan: BulkPlan = { schema, fragments, topType, topFields };

  // Walk every connection: count them, bound their nesting and require `id` on parents of nested connections.
  let connections = 0;
  const problems: string[] = [];
  const missingId = new Set<string>();
  const walkConnection = (connectionType: GraphQLObjectType, fieldNodes: readonly FieldNode[], fieldName: string, depth: number) => {
    connections += 1;
    if (depth > MAX_NESTED_CONNECTION_DEPTH) problems.push(`Bulk queries cannot contain connections with a nesting depth greater than ${MAX_NESTED_CONNECTION_DEPTH} (${fieldName}).`);
    const nodeType = connectionNodeType(connectionType);
    const implementsNode = isObjectType(nodeType) ? nodeType.getInterfaces().some((i) => i.name === "Node") : isAbstractType(nodeType);
    if (!implementsNode) problems.push(`Connection '${fieldName}' can't be used in a bulk query because its nodes don't implement the Node interface.`);
    const concreteTypes = isObjectType(nodeType) ? [nodeType] : isAbstractType(nodeType) ? schema.getPossibleTypes(nodeType) : [];
    const selections = nodeSelections(plan, connectionType, fieldNodes);
    for (const concrete of concreteTypes) {
      const fields = collectFields(plan, concrete, selections);
      const nested: string[] = [];
      walkObject(concrete, fields, depth, nested);
      const idNodes = fields.get("id");
      if (nested.length && !(idNodes && idNodes[0].name.value === "id")) nested.forEach((name) => missingId.add(name));
    }
  };
  const walkObject = (type: GraphQLObjectType, fields: Map<string, FieldNode[]>, depth: number, nested: string[]) => {
    for (const [, nodes] of fields) {
      const name = nodes[0].name.value;
      if (name === "__typename") continue;
      const def = type.getFields()[name];
      if (!def) continue;
      const named = getNamedType(def.type);
      if (isConnectionType(named)) {
        nested.push(name);
        walkConnection(named, nodes, name, depth + 1);
      } else if (isObjectType(named)) {
        walkObject(named, collectFields(plan, named, subSelections(nodes)), depth, nested);
      } else if (isAbstractType(named)) {
        for (const possible of schema.getPossibleTypes(named)) walkObject(possible, collectFields(plan, possible, subSelections(nodes)), depth, nested);
      }
    }
  };
  walkConnection(topNamed, topFields, topName, 0);
  if (connections > MAX_BULK_CONNECTIONS) problems.unshift(`Bulk queries cannot contain more than ${MAX_BULK_CONNECTIONS} connections.`);
  if (missingId.size) {
    problems.push(`The parent 'node' field for a nested connection must select the 'id' field without an alias and must be of 'ID' return type. Connection fields without 'id': ${[...missingId].join(", ")}.`);
  }
  if (problems.length) return { error: invalid(problems[0]) };
  return { plan };
}

// ---------------------------------------------------------------------------------------------------------
// Line generation

type PendingConnection = { connectionType: GraphQLObjectType; fieldNodes: FieldNode[]; items: readonly unknown[] };

type Line = { text: string; root: boolean };

// What to do with a value of a field's return type, unwrapped once instead of per row.
type Shape = { kind: "leaf"; serialize: (value: unknown) => unknown } | { kind: "enum" } | { kind: "list"; of: Shape } | { kind: "object"; type: GraphQLObjectType } | { kind: "abstract" };

const shapes = new WeakMap<object, Shape>();

function shapeOf(type: GraphQLOutputType): Shape {
  const cached = shapes.get(type);
  if (cached) return cached;
  let shape: Shape;
  if (isNonNullType(type)) shape = shapeOf(type.ofType);
  else if (isListType(type)) shape = { kind: "list", of: shapeOf(type.ofType) };
  else if (isEnumType(type)) shape = { kind: "enum" };
  else if (isLeafType(type)) shape = { kind: "leaf", serialize: (value) => type.serialize(value) };
  else if (isObjectType(type)) shape = { kind: "object", type };
  else shape = { kind: "abstract" };
  shapes.set(type, shape);
  return shape;
}

type FieldPlan =
  | { kind: "typename"; key: string; typeName: string }
  | { kind: "connection"; key: string; name: string; nodes: FieldNode[]; args: Record<string, unknown>; connectionType: GraphQLObjectType; source: NonNullable<ReturnType<typeof findConnectionSource>> }
  | { kind: "value"; key: string; nodes: FieldNode[]; args: Record<string, unknown>; info: FieldInfo; shape: Shape; subSelections: SelectionSetNode[] };

const fieldPlans = new WeakMap<readonly SelectionSetNode[], Map<string, FieldPlan[]>>();

/** Compiles (once per selection and type) what each row needs: resolvers, arguments, access checks. */
function planFields(ctx: Ctx, plan: BulkPlan, type: GraphQLObjectType, selections: readonly SelectionSetNode[]): FieldPlan[] {
  let byType = fieldPlans.get(selections);
  if (!byType) {
    byType = new Map();
    fieldPlans.set(selections, byType);
  }
  const cached = byType.get(type.name);
  if (cached) return cached;
  const plans: FieldPlan[] = [];
  for (const [key, nodes] of collectFields(plan, type, selections)) {
    const name = nodes[0].name.value;
    if (name === "__typename") {
      plans.push({ kind: "typename", key, typeName: type.name });
      continue;
    }
    const def = type.getFields()[name];
    const args = argumentsOf(def, nodes[0]);
    const named = getNamedType(def.type);
    if (isConnectionType(named)) {
      checkAccess(ctx, type, name, connectionNodeType(named).name);
      const source = findConnectionSource(ctx.admin, type, name);
      if (!source) throw new NotImplementedError(type.name, name);
      plans.push({ kind: "connection", key, name, nodes, args, connectionType: named, source });
      continue;
    }
    checkAccess(ctx, type, name, isObjectType(named) ? named.name : null);
    plans.push({ kind: "value", key, nodes, args, info: { parentType: type, fieldName: name, returnType: def.type }, shape: shapeOf(def.type), subSelections: subSelections(nodes) });
  }
  byType.set(type.name, plans);
  return plans;
}

function* generateLines(ctx: Ctx, plan: BulkPlan): Generator<Line> {
  const topName = plan.topFields[0].name.value;
  const topDef = plan.topType.getFields()[topName];
  const connectionType = getNamedType(topDef.type) as GraphQLObjectType;
  checkAccess(ctx, plan.topType, topName, connectionNodeType(connectionType).name);
  const source = findConnectionSource(ctx.admin, plan.topType, topName);
  if (!source) throw new NotImplementedError(plan.topType.name, topName);
  const args = argumentsOf(topDef, plan.topFields[0]);
  yield* emitConnection(ctx, plan, { connectionType, fieldNodes: plan.topFields, items: source(undefined, args, ctx) }, null);
}

function* emitConnection(ctx: Ctx, plan: BulkPlan, pending: PendingConnection, parentId: string | null): Generator<Line> {
  const nodeType = connectionNodeType(pending.connectionType);
  const fixedType = isObjectType(nodeType) ? nodeType : null;
  const selections = nodeSelections(plan, pending.connectionType, pending.fieldNodes);
  for (const item of pending.items) {
    const concrete = fixedType ?? concreteTypeOf(ctx, plan, item);
    const children: PendingConnection[] = [];
    const line = buildObject(ctx, plan, item, concrete, selections, children);
    if (parentId !== null) line.__parentId = parentId;
    yield { text: JSON.stringify(line), root: parentId === null };
    if (children.length) {
      const id = resolveFieldValue(item, {}, ctx, { parentType: concrete, fieldName: "id", returnType: concrete.getFields().id.type }) as string;
      for (const child of children) yield* emitConnection(ctx, plan, child, id);
    }
  }
}

function concreteTypeOf(ctx: Ctx, plan: BulkPlan, value: unknown): GraphQLObjectType {
  const typeName = (value as { __typename: string }).__typename;
  const type = plan.schema.getType(typeName) as GraphQLObjectType;
  checkAccess(ctx, type, "id", typeName);
  return type;
}

function buildObject(ctx: Ctx, plan: BulkPlan, source: unknown, type: GraphQLObjectType, selections: readonly SelectionSetNode[], children: PendingConnection[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of planFields(ctx, plan, type, selections)) {
    if (field.kind === "typename") out[field.key] = field.typeName;
    else if (field.kind === "connection") children.push({ connectionType: field.connectionType, fieldNodes: field.nodes, items: field.source(source, field.args, ctx) });
    else out[field.key] = completeValue(ctx, plan, field.shape, field.subSelections, resolveFieldValue(source, field.args, ctx, field.info), children);
  }
  return out;
}

function completeValue(ctx: Ctx, plan: BulkPlan, shape: Shape, selections: SelectionSetNode[], value: unknown, children: PendingConnection[]): unknown {
  if (value === null || value === undefined) return null;
  switch (shape.kind) {
    case "leaf":
      return shape.serialize(value);
    case "enum":
      return value;
    case "list":
      return (value as unknown[]).map((item) => completeValue(ctx, plan, shape.of, selections, item, children));
    case "object":
      return buildObject(ctx, plan, value, shape.type, selections, children);
    case "abstract":
      return buildObject(ctx, plan, value, concreteTypeOf(ctx, plan, value), selections, children);
  }
}

// ---------------------------------------------------------------------------------------------------------
// Running

export const ACTIVE: ReadonlySet<string> = new Set(["CREATED", "RUNNING", "CANCELING"]);

/** Validates and starts a bulk query; the operation completes asynchronously and emits bulk_operations/finish. */
export function startBulkQuery(ctx: Ctx, query: string): { bulkOperation: BulkOperationRecord | null; userErrors: BulkUserError[] } {
  const { store, data } = ctx;
  const running = [...store.bulkOperations.values()].filter((op) => op.shop === data.domain && op.type === "QUERY" && ACTIVE.has(op.status));
  if (running.length >= store.maxConcurrentBulkQueries) {
    const userError: BulkUserError =
      store.maxConcurrentBulkQueries === 1
        ? { __typename: "BulkOperationUserError", field: null, code: "OPERATION_IN_PROGRESS", message: `A bulk query operation for this app and shop is already in progress: gid://shopify/BulkOperation/${running[0].id}.` }
        : { __typename: "BulkOperationUserError", field: null, code: "LIMIT_REACHED", message: `Bulk operations limit reached. Please try again later. (${running.length} bulk query operations are already running for this app and shop.)` };
    return { bulkOperation: null, userErrors: [userError] };
  }
  const bulkCtx: Ctx = { ...ctx, bulk: true, searchWarnings: [] };
  const planned = planBulkQuery(bulkCtx, query);
  if ("error" in planned) return { bulkOperation: null, userErrors: [planned.error] };

  // Dry-run the first lines so a field the simulator doesn't model is reported now, not as an opaque failure.
  try {
    let probed = 0;
    for (const _line of generateLines(bulkCtx, planned.plan)) if (++probed >= 25) break;
  } catch (error) {
    if (error instanceof NotImplementedError) return { bulkOperation: null, userErrors: [invalid(error.message)] };
    if (!(error instanceof GraphQLError)) throw error;
  }

  const operation = createBulkOperationRecord(store, data.domain, "QUERY", query);
  setImmediate(() => {
    runBulkOperation(bulkCtx, planned.plan, operation).catch((error) => console.error("[simulator] bulk operation crashed", error));
  });
  return { bulkOperation: operation, userErrors: [] };
}

const YIELD_EVERY = 2000;
const WRITE_CHUNK = 512 * 1024;

async function runBulkOperation(ctx: Ctx, plan: BulkPlan, operation: BulkOperationRecord): Promise<void> {
  const { store } = ctx;
  if (operation.cancelRequested) return finish(ctx, operation, "CANCELED");
  operation.status = "RUNNING";
  const filePath = path.join(store.bulkResultDir(), `${operation.id}.jsonl`);
  operation.filePath = filePath;
  const out = createWriteStream(filePath);
  let bytes = 0;
  let sinceYield = 0;
  let buffer: string[] = [];
  let buffered = 0;
  const flush = async () => {
    if (!buffer.length) return;
    const chunk = buffer.join("");
    buffer = [];
    buffered = 0;
    if (!out.write(chunk)) await once(out, "drain");
  };
  try {
    for (const line of generateLines(ctx, plan)) {
      if (operation.cancelRequested) {
        await flush();
        await close(out);
        operation.fileSize = bytes;
        if (operation.objectCount) operation.partialDataUrl = store.bulkResultUrl(operation.id);
        return finish(ctx, operation, "CANCELED");
      }
      const chunk = `${line.text}\n`;
      bytes += Buffer.byteLength(chunk);
      operation.objectCount += 1;
      if (line.root) operation.rootObjectCount += 1;
      // Write in large chunks: one small write per line would make the run wait on the disk.
      buffer.push(chunk);
      buffered += chunk.length;
      if (buffered >= WRITE_CHUNK) await flush();
      // Let the server answer polls (objectCount grows as Shopify's does) while a big catalog streams out.
      if (++sinceYield >= YIELD_EVERY) {
        sinceYield = 0;
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
    await flush();
    await close(out);
    operation.fileSize = bytes;
    // Shopify leaves `url` null when the query matched nothing.
    operation.url = operation.objectCount ? store.bulkResultUrl(operation.id) : null;
    finish(ctx, operation, "COMPLETED");
  } catch (error) {
    await flush().catch(() => undefined);
    await close(out).catch(() => undefined);
    const code = error instanceof GraphQLError ? error.extensions?.code : undefined;
    operation.errorCode = code === "ACCESS_DENIED" ? "ACCESS_DENIED" : "INTERNAL_SERVER_ERROR";
    operation.failureMessage = (error as Error).message;
    operation.fileSize = bytes;
    if (operation.objectCount) operation.partialDataUrl = store.bulkResultUrl(operation.id);
    console.error(`[simulator] bulk operation ${operation.id} failed: ${operation.failureMessage}`);
    finish(ctx, operation, "FAILED");
  }
}

export function finish(ctx: Ctx, operation: BulkOperationRecord, status: "COMPLETED" | "FAILED" | "CANCELED"): void {
  operation.status = status;
  operation.completedAt = ctx.store.nowMs();
  ctx.store.finishBulkOperation(operation);
}

export function close(stream: WriteStream): Promise<void> {
  return new Promise((resolve, reject) => {
    stream.end((error?: Error | null) => (error ? reject(error) : resolve()));
  });
}

/** bulkOperationCancel: a running operation stops at its next line and finishes as CANCELED. */
export function cancelBulkOperation(ctx: Ctx, id: number | null): { bulkOperation: BulkOperationRecord | null; userErrors: Array<{ __typename: "UserError"; field: string[] | null; message: string }> } {
  const operation = id === null ? undefined : ctx.store.bulkOperations.get(id);
  if (!operation || operation.shop !== ctx.data.domain) {
    return { bulkOperation: null, userErrors: [{ __typename: "UserError", field: ["id"], message: "Bulk operation does not exist" }] };
  }
  if (!ACTIVE.has(operation.status)) {
    return { bulkOperation: operation, userErrors: [{ __typename: "UserError", field: null, message: `A bulk operation cannot be canceled when it is ${operation.status.toLowerCase()}` }] };
  }
  operation.cancelRequested = true;
  operation.status = "CANCELING";
  return { bulkOperation: operation, userErrors: [] };
}

/** A new bulk operation in CREATED state, registered with the store; its runner moves it on from there. */
export function createBulkOperationRecord(
  store: SimulatorStore,
  shop: string,
  type: "QUERY" | "MUTATION",
  query: string,
): BulkOperationRecord {
  const operation: BulkOperationRecord = {
    __typename: "BulkOperation",
    id: store.nextId(),
    shop,
    type,
    status: "CREATED",
    query,
    errorCode: null,
    objectCount: 0,
    rootObjectCount: 0,
    fileSize: null,
    url: null,
    partialDataUrl: null,
    createdAt: store.nowMs(),
    completedAt: null,
    filePath: null,
    failureMessage: null,
    cancelRequested: false,
  };
  store.bulkOperations.set(operation.id, operation);
  return operation;
}
