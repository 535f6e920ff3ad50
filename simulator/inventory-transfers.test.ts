// Inventory transfers and shipments through the Admin GraphQL surface: the lifecycle (DRAFT → READY_TO_SHIP →
// IN_PROGRESS → TRANSFERRED; shipment DRAFT → IN_TRANSIT → PARTIALLY_RECEIVED → RECEIVED), incoming/available at
// the destination, userErrors for bad input and wrong states, the webhooks per step, scopes and idempotency.
import { describe, expect, it } from "vitest";
import { createAdminGraphqlExecutor } from "./graphql/execute";
import { SimulatorStore, type SimEvent } from "./store";

const SHOP = "transfers-sim.myshopify.com";
const NOW = new Date("2026-11-02T15:00:00Z");

type Body = { data?: any; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> };

function setUp(scopes: string[] | null = null) {
  const store = new SimulatorStore({ now: () => NOW, productUpdateOnInventoryChange: false, appConfigPath: null });
  store.createShop(SHOP, { seed: "empty", scopes });
  const location = store.snapshot(SHOP).locations[0].id as string;
  const second = `gid://shopify/Location/${store.addLocation(store.getShopData(SHOP), { name: "Annex" }).id}`;
  const product = store.createProduct(SHOP, {
    title: "Kettle",
    variants: [
      { title: "Steel", sku: "K-1", inventoryPolicy: "CONTINUE", available: { [location]: -2 } },
      { title: "Copper", sku: "K-2", inventoryPolicy: "DENY", available: { [location]: 4 } },
    ],
  }) as any;
  const data = store.getShopData(SHOP);
  const itemOf = (variantGid: string) => `gid://shopify/InventoryItem/${data.itemOf(store.requireVariant(data, variantGid)).id}`;
  const [steel, copper] = product.variants.map((v: any) => v.admin_graphql_api_id as string);
  const events: SimEvent[] = [];
  store.onEvent((event) => events.push(event));
  const execute = createAdminGraphqlExecutor(store);
  const gql = async (query: string, variables?: Record<string, unknown>) => (await execute(SHOP, { query, variables })).body as Body;
  const level = (itemGid: string, locationGid = location) => {
    const item = data.inventoryItems.get(Number(itemGid.split("/").pop()))!;
    const found = data.findLevel(item, Number(locationGid.split("/").pop()))!;
    return { available: found.available, incoming: found.incoming };
  };
  const reserve = (itemGid: string, locationGid: string) => {
    const found = data.findLevel(data.inventoryItems.get(Number(itemGid.split("/").pop()))!, Number(locationGid.split("/").pop()));
    return { available: found?.available ?? 0, reserved: found?.reserved ?? 0 };
  };
  return { store, events, gql, location, second, steelItem: itemOf(steel), copperItem: itemOf(copper), level, reserve };
}

const CREATE_READY = `mutation($input: InventoryTransferCreateAsReadyToShipInput!, $key: String!) {
  inventoryTransferCreateAsReadyToShip(input: $input) @idempotent(key: $key) {
    inventoryTransfer { id name status origin { name } destination { name location { id } } totalQuantity lineItems(first: 10) { nodes { id inventoryItem { id } totalQuantity shippableQuantity shippedQuantity } } }
    userErrors { field message code }
  }
}`;

const CREATE_IN_TRANSIT = `mutation($input: InventoryShipmentCreateInput!, $key: String!) {
  inventoryShipmentCreateInTransit(input: $input) @idempotent(key: $key) {
    inventoryShipment { id name status dateShipped tracking { arrivesAt trackingNumber company } lineItems(first: 10) { nodes { id inventoryItem { id } quantity unreceivedQuantity acceptedQuantity rejectedQuantity } } }
    userErrors { field message code }
  }
}`;

const RECEIVE = `mutation($id: ID!, $lineItems: [InventoryShipmentReceiveItemInput!], $bulk: InventoryShipmentReceiveLineItemReason, $key: String!) {
  inventoryShipmentReceive(id: $id, lineItems: $lineItems, bulkReceiveAction: $bulk) @idempotent(key: $key) {
    inventoryShipment { id status totalAcceptedQuantity totalRejectedQuantity totalReceivedQuantity lineItems(first: 10) { nodes { id unreceivedQuantity acceptedQuantity rejectedQuantity } } }
    userErrors { field message code }
  }
}`;

const SET_TRACKING = `mutation($id: ID!, $tracking: InventoryShipmentTrackingInput!) {
  inventoryShipmentSetTracking(id: $id, tracking: $tracking) { inventoryShipment { id tracking { arrivesAt trackingNumber } } userErrors { field message code } }
}`;

async function inboundInTransit(ctx: ReturnType<typeof setUp>, arrivesAt = "2026-11-20T12:00:00Z") {
  const created = await ctx.gql(CREATE_READY, {
    key: "t1",
    input: { destinationLocationId: ctx.location, lineItems: [{ inventoryItemId: ctx.steelItem, quantity: 10 }, { inventoryItemId: ctx.copperItem, quantity: 3 }], referenceName: "PO-17" },
  });
  const transfer = created.data.inventoryTransferCreateAsReadyToShip.inventoryTransfer;
  const shipped = await ctx.gql(CREATE_IN_TRANSIT, {
    key: "s1",
    input: { movementId: transfer.id, lineItems: [{ inventoryItemId: ctx.steelItem, quantity: 10 }, { inventoryItemId: ctx.copperItem, quantity: 3 }], trackingInput: { arrivesAt, trackingNumber: "1Z999", company: "UPS" } },
  });
  return { transfer, shipment: shipped.data.inventoryShipmentCreateInTransit.inventoryShipment, created, shipped };
}

describe("inventory transfers and shipments (GraphQL)", () => {
  it("GIVEN an inbound transfer from a supplier (no origin) WHEN its shipment goes in transit THEN incoming rises at the destination, available does not", async () => {
    const ctx = setUp();
    const { transfer, shipment, created, shipped } = await inboundInTransit(ctx);
    expect(created.data.inventoryTransferCreateAsReadyToShip.userErrors).toEqual([]);
    expect(transfer).toMatchObject({ name: "#T0001", status: "READY_TO_SHIP", origin: null, destination: { name: "Shop location", location: { id: ctx.location } }, totalQuantity: 13 });
    expect(transfer.lineItems.nodes[0]).toMatchObject({ inventoryItem: { id: ctx.steelItem }, totalQuantity: 10, shippableQuantity: 10, shippedQuantity: 0 });
    expect(shipped.data.inventoryShipmentCreateInTransit.userErrors).toEqual([]);
    expect(shipment).toMatchObject({ name: "#T0001-S1", status: "IN_TRANSIT", dateShipped: "2026-11-02T15:00:00Z", tracking: { arrivesAt: "2026-11-20T12:00:00Z", trackingNumber: "1Z999", company: "UPS" } });
    expect(shipment.lineItems.nodes[0]).toMatchObject({ inventoryItem: { id: ctx.steelItem }, quantity: 10, unreceivedQuantity: 10, acceptedQuantity: 0, rejectedQuantity: 0 });
    expect(ctx.level(ctx.steelItem)).toEqual({ available: -2, incoming: 10 });
    expect(ctx.level(ctx.copperItem)).toEqual({ available: 4, incoming: 3 });
    // The same through the API the app reads, and the transfer is now in progress.
    const read = await ctx.gql(`query($id: ID!, $loc: ID!) {
      inventoryTransfer(id: $id) { status shipments(first: 5) { nodes { id status } } lineItems(first: 5) { nodes { shippedQuantity processableQuantity } } }
      inventoryItem(id: "${ctx.steelItem}") { inventoryLevel(locationId: $loc) { quantities(names: ["available", "incoming", "on_hand"]) { name quantity } } }
    }`, { id: transfer.id, loc: ctx.location });
    expect(read.data.inventoryTransfer).toMatchObject({ status: "IN_PROGRESS", shipments: { nodes: [{ id: shipment.id, status: "IN_TRANSIT" }] }, lineItems: { nodes: [{ shippedQuantity: 10, processableQuantity: 0 }, { shippedQuantity: 3, processableQuantity: 0 }] } });
    expect(read.data.inventoryItem.inventoryLevel.quantities).toEqual([
      { name: "available", quantity: -2 },
      { name: "incoming", quantity: 10 },
      { name: "on_hand", quantity: -2 },
    ]);
  });

  it("GIVEN a shipment in transit WHEN it is received in part (accepted and rejected) and then in full THEN accepted units become available, incoming drains and the transfer completes", async () => {
    const ctx = setUp();
    const { transfer, shipment } = await inboundInTransit(ctx);
    const [steelLine, copperLine] = shipment.lineItems.nodes;
    ctx.events.length = 0;
    const partial = await ctx.gql(RECEIVE, {
      id: shipment.id,
      key: "r1",
      lineItems: [
        { shipmentLineItemId: steelLine.id, quantity: 4, reason: "ACCEPTED" },
        { shipmentLineItemId: steelLine.id, quantity: 1, reason: "REJECTED" },
      ],
    });
    expect(partial.data.inventoryShipmentReceive.userErrors).toEqual([]);
    expect(partial.data.inventoryShipmentReceive.inventoryShipment).toMatchObject({ status: "PARTIALLY_RECEIVED", totalAcceptedQuantity: 4, totalRejectedQuantity: 1, totalReceivedQuantity: 5 });
    expect(ctx.level(ctx.steelItem)).toEqual({ available: 2, incoming: 5 });
    expect(ctx.events.map((e) => e.topic)).toEqual(["inventory_levels/update", "inventory_shipments/receive_items", "inventory_transfers/updated"]);
    const rest = await ctx.gql(RECEIVE, { id: shipment.id, key: "r2", bulk: "ACCEPTED" });
    expect(rest.data.inventoryShipmentReceive.inventoryShipment.status).toBe("RECEIVED");
    expect(rest.data.inventoryShipmentReceive.inventoryShipment.lineItems.nodes).toEqual([
      { id: steelLine.id, unreceivedQuantity: 0, acceptedQuantity: 9, rejectedQuantity: 1 },
      { id: copperLine.id, unreceivedQuantity: 0, acceptedQuantity: 3, rejectedQuantity: 0 },
    ]);
    expect(ctx.level(ctx.steelItem)).toEqual({ available: 7, incoming: 0 });
    expect(ctx.level(ctx.copperItem)).toEqual({ available: 7, incoming: 0 });
    const read = await ctx.gql(`query($id: ID!) { inventoryTransfer(id: $id) { status receivedQuantity } }`, { id: transfer.id });
    expect(read.data.inventoryTransfer).toEqual({ status: "TRANSFERRED", receivedQuantity: 13 });
    expect(ctx.events.at(-1)!.topic).toBe("inventory_transfers/complete");
    // A received shipment can't be received again.
    const again = await ctx.gql(RECEIVE, { id: shipment.id, key: "r3", bulk: "ACCEPTED" });
    expect(again.data.inventoryShipmentReceive.userErrors[0]).toMatchObject({ code: "INVALID_SHIPMENT_STATUS", field: ["id"] });
  });

  it("GIVEN a shipment in transit WHEN its arrival moves later THEN tracking keeps the other fields and inventory_shipments/update_tracking carries the new date", async () => {
    const ctx = setUp();
    const { shipment, transfer } = await inboundInTransit(ctx);
    ctx.events.length = 0;
    const moved = await ctx.gql(SET_TRACKING, { id: shipment.id, tracking: { arrivesAt: "2026-12-04T12:00:00Z" } });
    expect(moved.data.inventoryShipmentSetTracking).toEqual({ inventoryShipment: { id: shipment.id, tracking: { arrivesAt: "2026-12-04T12:00:00Z", trackingNumber: "1Z999" } }, userErrors: [] });
    expect(ctx.events.map((e) => e.topic)).toEqual(["inventory_shipments/update_tracking", "inventory_transfers/updated"]);
    expect(ctx.events[0].payload).toMatchObject({
      id: Number(shipment.id.split("/").pop()),
      admin_graphql_api_id: shipment.id,
      inventory_transfer_id: transfer.id,
      status: "IN_TRANSIT",
      destination: { id: ctx.location },
      tracking: { arrives_at: "2026-12-04T12:00:00.000Z", tracking_number: "1Z999", company: "UPS" },
      line_items: [
        { inventory_item_id: ctx.steelItem, quantity: 10, unreceived_quantity: 10, accepted_quantity: 0, rejected_quantity: 0 },
        { inventory_item_id: ctx.copperItem, quantity: 3, unreceived_quantity: 3 },
      ],
    });
    expect(ctx.events[1].payload).toMatchObject({ admin_graphql_api_id: transfer.id, status: "IN_PROGRESS", destination: { id: ctx.location } });
    expect(ctx.events[1].payload).not.toHaveProperty("origin");
    const badUrl = await ctx.gql(SET_TRACKING, { id: shipment.id, tracking: { trackingUrl: "not a url" } });
    expect(badUrl.data.inventoryShipmentSetTracking.userErrors[0]).toMatchObject({ code: "INVALID_URL" });
    const unknown = await ctx.gql(SET_TRACKING, { id: "gid://shopify/InventoryShipment/1", tracking: { arrivesAt: null } });
    expect(unknown.data.inventoryShipmentSetTracking.userErrors[0]).toMatchObject({ code: "SHIPMENT_NOT_FOUND", field: ["id"] });
  });

  it("GIVEN the step-by-step path THEN each step fires its topics: add_items, ready_to_ship, shipments/create, mark_in_transit, transfers/updated", async () => {
    const ctx = setUp();
    const created = await ctx.gql(
      `mutation($input: InventoryTransferCreateInput!) { inventoryTransferCreate(input: $input) @idempotent(key: "d1") { inventoryTransfer { id status } userErrors { code } } }`,
      { input: { originLocationId: ctx.second, destinationLocationId: ctx.location, lineItems: [{ inventoryItemId: ctx.copperItem, quantity: 2 }] } },
    );
    const transfer = created.data.inventoryTransferCreate.inventoryTransfer;
    expect(transfer.status).toBe("DRAFT");
    // A shipment can't be added to a draft transfer.
    const early = await ctx.gql(
      `mutation($input: InventoryShipmentCreateInput!) { inventoryShipmentCreate(input: $input) @idempotent(key: "e1") { inventoryShipment { id } userErrors { field code } } }`,
      { input: { movementId: transfer.id, lineItems: [{ inventoryItemId: ctx.copperItem, quantity: 2 }] } },
    );
    expect(early.data.inventoryShipmentCreate.userErrors).toEqual([{ field: ["input", "movementId"], code: "INVALID_TRANSFER_STATUS" }]);
    const ready = await ctx.gql(`mutation($id: ID!) { inventoryTransferMarkAsReadyToShip(id: $id) { inventoryTransfer { status } userErrors { code } } }`, { id: transfer.id });
    expect(ready.data.inventoryTransferMarkAsReadyToShip).toEqual({ inventoryTransfer: { status: "READY_TO_SHIP" }, userErrors: [] });
    // Ready to ship reserves the units at the origin.
    expect(ctx.reserve(ctx.copperItem, ctx.second)).toEqual({ available: -2, reserved: 2 });
    const draft = await ctx.gql(
      `mutation($input: InventoryShipmentCreateInput!) { inventoryShipmentCreate(input: $input) @idempotent(key: "e2") { inventoryShipment { id status } userErrors { code } } }`,
      { input: { movementId: transfer.id, lineItems: [{ inventoryItemId: ctx.copperItem, quantity: 2 }] } },
    );
    const shipment = draft.data.inventoryShipmentCreate.inventoryShipment;
    expect(shipment.status).toBe("DRAFT");
    expect(ctx.level(ctx.copperItem)).toEqual({ available: 4, incoming: 0 });
    const transit = await ctx.gql(`mutation($id: ID!) { inventoryShipmentMarkInTransit(id: $id, dateShipped: "2026-11-01T09:00:00Z") { inventoryShipment { status dateShipped } userErrors { code } } }`, { id: shipment.id });
    expect(transit.data.inventoryShipmentMarkInTransit).toEqual({ inventoryShipment: { status: "IN_TRANSIT", dateShipped: "2026-11-01T09:00:00Z" }, userErrors: [] });
    // The reserved units leave the origin and are incoming at the destination.
    expect(ctx.level(ctx.copperItem)).toEqual({ available: 4, incoming: 2 });
    expect(ctx.reserve(ctx.copperItem, ctx.second)).toEqual({ available: -2, reserved: 0 });
    const again = await ctx.gql(`mutation($id: ID!) { inventoryShipmentMarkInTransit(id: $id) { userErrors { code } } }`, { id: shipment.id });
    expect(again.data.inventoryShipmentMarkInTransit.userErrors).toEqual([{ code: "INVALID_SHIPMENT_STATUS" }]);
    expect(ctx.events.map((e) => e.topic)).toEqual([
      "inventory_transfers/add_items",
      "inventory_levels/update",
      "inventory_transfers/ready_to_ship",
      "inventory_shipments/create",
      "inventory_transfers/updated",
      "inventory_levels/update",
      "inventory_levels/update",
      "inventory_shipments/mark_in_transit",
      "inventory_transfers/updated",
    ]);
    expect(ctx.events[0].payload).toMatchObject({ name: "#T0001", status: "DRAFT", origin: { id: ctx.second }, destination: { id: ctx.location }, line_items: [{ inventory_item_id: ctx.copperItem, quantity: 2 }] });
  });

  it("GIVEN bad input THEN userErrors name the field and code and nothing is created", async () => {
    const ctx = setUp();
    const create = (input: Record<string, unknown>, key: string) =>
      ctx.gql(`mutation($input: InventoryTransferCreateAsReadyToShipInput!) { inventoryTransferCreateAsReadyToShip(input: $input) @idempotent(key: "${key}") { inventoryTransfer { id } userErrors { field code message } } }`, { input });
    const negative = await create({ destinationLocationId: ctx.location, lineItems: [{ inventoryItemId: ctx.steelItem, quantity: -3 }] }, "k1");
    expect(negative.data.inventoryTransferCreateAsReadyToShip).toMatchObject({ inventoryTransfer: null, userErrors: [{ field: ["input", "lineItems", "0", "quantity"], code: "INVALID_QUANTITY" }] });
    const unknownItem = await create({ destinationLocationId: ctx.location, lineItems: [{ inventoryItemId: "gid://shopify/InventoryItem/1", quantity: 1 }] }, "k2");
    expect(unknownItem.data.inventoryTransferCreateAsReadyToShip.userErrors[0]).toMatchObject({ field: ["input", "lineItems", "0", "inventoryItemId"], code: "ITEM_NOT_FOUND" });
    const duplicate = await create({ destinationLocationId: ctx.location, lineItems: [{ inventoryItemId: ctx.steelItem, quantity: 1 }, { inventoryItemId: ctx.steelItem, quantity: 2 }] }, "k3");
    expect(duplicate.data.inventoryTransferCreateAsReadyToShip.userErrors[0]).toMatchObject({ code: "DUPLICATE_ITEM" });
    const noDestination = await create({ lineItems: [{ inventoryItemId: ctx.steelItem, quantity: 1 }] }, "k4");
    expect(noDestination.data.inventoryTransferCreateAsReadyToShip.userErrors[0]).toMatchObject({ field: ["input", "destinationLocationId"], code: "LOCATION_REQUIRED" });
    const same = await create({ originLocationId: ctx.location, destinationLocationId: ctx.location, lineItems: [{ inventoryItemId: ctx.steelItem, quantity: 1 }] }, "k5");
    expect(same.data.inventoryTransferCreateAsReadyToShip.userErrors[0]).toMatchObject({ code: "TRANSFER_ORIGIN_CANNOT_BE_THE_SAME_AS_DESTINATION" });
    const unknownLocation = await create({ destinationLocationId: "gid://shopify/Location/1", lineItems: [{ inventoryItemId: ctx.steelItem, quantity: 1 }] }, "k6");
    expect(unknownLocation.data.inventoryTransferCreateAsReadyToShip.userErrors[0]).toMatchObject({ code: "LOCATION_NOT_FOUND" });
    expect(ctx.store.getShopData(SHOP).inventoryTransfers.size).toBe(0);
    expect(ctx.events).toEqual([]);

    // Shipments: more than the transfer holds, an item not on it, a receipt above what is unreceived.
    const { transfer, shipment } = await inboundInTransit(ctx);
    const over = await ctx.gql(CREATE_IN_TRANSIT, { key: "s2", input: { movementId: transfer.id, lineItems: [{ inventoryItemId: ctx.steelItem, quantity: 1 }] } });
    expect(over.data.inventoryShipmentCreateInTransit.userErrors[0]).toMatchObject({ field: ["input", "lineItems", "0", "quantity"], code: "INVALID_QUANTITY" });
    const unknownTransfer = await ctx.gql(CREATE_IN_TRANSIT, { key: "s3", input: { movementId: "gid://shopify/InventoryTransfer/1", lineItems: [{ inventoryItemId: ctx.steelItem, quantity: 1 }] } });
    expect(unknownTransfer.data.inventoryShipmentCreateInTransit.userErrors[0]).toMatchObject({ code: "TRANSFER_NOT_FOUND" });
    const tooMany = await ctx.gql(RECEIVE, { id: shipment.id, key: "r9", lineItems: [{ shipmentLineItemId: shipment.lineItems.nodes[0].id, quantity: 11, reason: "ACCEPTED" }] });
    expect(tooMany.data.inventoryShipmentReceive).toMatchObject({ inventoryShipment: null, userErrors: [{ field: ["lineItems", "0", "quantity"], code: "INVALID_QUANTITY" }] });
    expect(ctx.level(ctx.steelItem)).toEqual({ available: -2, incoming: 10 });
  });

  it("GIVEN a transfer with a shipment THEN it can't be cancelled; a draft shipment is deleted, an in-transit one is refused, and the emptied transfer cancels", async () => {
    const ctx = setUp();
    const { shipment, transfer } = await inboundInTransit(ctx);
    const cancel = (id: string) => ctx.gql(`mutation($id: ID!) { inventoryTransferCancel(id: $id) { inventoryTransfer { status } userErrors { code } } }`, { id });
    const del = (id: string) => ctx.gql(`mutation($id: ID!) { inventoryShipmentDelete(id: $id) { id userErrors { code } } }`, { id });
    expect((await cancel(transfer.id)).data.inventoryTransferCancel).toEqual({ inventoryTransfer: null, userErrors: [{ code: "SHIPMENT_EXISTS" }] });
    expect((await del(shipment.id)).data.inventoryShipmentDelete).toEqual({ id: null, userErrors: [{ code: "INVALID_SHIPMENT_STATUS" }] });

    const other = await ctx.gql(CREATE_READY, { key: "t2", input: { destinationLocationId: ctx.location, lineItems: [{ inventoryItemId: ctx.copperItem, quantity: 5 }] } });
    const otherTransfer = other.data.inventoryTransferCreateAsReadyToShip.inventoryTransfer;
    const draft = await ctx.gql(
      `mutation($input: InventoryShipmentCreateInput!) { inventoryShipmentCreate(input: $input) @idempotent(key: "e3") { inventoryShipment { id } } }`,
      { input: { movementId: otherTransfer.id, lineItems: [{ inventoryItemId: ctx.copperItem, quantity: 5 }] } },
    );
    ctx.events.length = 0;
    const draftId = draft.data.inventoryShipmentCreate.inventoryShipment.id;
    expect((await del(draftId)).data.inventoryShipmentDelete).toEqual({ id: draftId, userErrors: [] });
    expect((await cancel(otherTransfer.id)).data.inventoryTransferCancel).toEqual({ inventoryTransfer: { status: "CANCELED" }, userErrors: [] });
    expect((await cancel(otherTransfer.id)).data.inventoryTransferCancel.userErrors).toEqual([{ code: "INVALID_TRANSFER_STATUS" }]);
    expect((await cancel("gid://shopify/InventoryTransfer/1")).data.inventoryTransferCancel.userErrors).toEqual([{ code: "TRANSFER_NOT_FOUND" }]);
    expect(ctx.events.map((e) => e.topic)).toEqual(["inventory_shipments/delete", "inventory_transfers/updated", "inventory_transfers/cancel"]);
    expect(ctx.events[2].payload).toMatchObject({ admin_graphql_api_id: otherTransfer.id, status: "CANCELED" });
  });

  it("GIVEN a shipment THEN node(id:) finds it and its transfer, and tracking fields sent as null are cleared", async () => {
    const ctx = setUp();
    const { transfer, shipment } = await inboundInTransit(ctx);
    const nodes = await ctx.gql(`query($ids: [ID!]!) { nodes(ids: $ids) { __typename id } }`, { ids: [shipment.id, transfer.id] });
    expect(nodes.data.nodes).toEqual([
      { __typename: "InventoryShipment", id: shipment.id },
      { __typename: "InventoryTransfer", id: transfer.id },
    ]);
    const cleared = await ctx.gql(SET_TRACKING, { id: shipment.id, tracking: { arrivesAt: null, trackingNumber: null } });
    expect(cleared.data.inventoryShipmentSetTracking.inventoryShipment.tracking).toEqual({ arrivesAt: null, trackingNumber: null });
    expect(ctx.events.at(-2)!.payload).toMatchObject({ tracking: { arrives_at: null, company: "UPS" } });
  });

  it("GIVEN a transfer between locations ready to ship WHEN it is cancelled THEN the origin's reserved units are available again", async () => {
    const ctx = setUp();
    const created = await ctx.gql(CREATE_READY, { key: "t5", input: { originLocationId: ctx.location, destinationLocationId: ctx.second, lineItems: [{ inventoryItemId: ctx.copperItem, quantity: 3 }] } });
    const transfer = created.data.inventoryTransferCreateAsReadyToShip.inventoryTransfer;
    expect(transfer.origin).toEqual({ name: "Shop location" });
    expect(ctx.reserve(ctx.copperItem, ctx.location)).toEqual({ available: 1, reserved: 3 });
    const cancelled = await ctx.gql(`mutation($id: ID!) { inventoryTransferCancel(id: $id) { inventoryTransfer { status } userErrors { code } } }`, { id: transfer.id });
    expect(cancelled.data.inventoryTransferCancel.inventoryTransfer.status).toBe("CANCELED");
    expect(ctx.reserve(ctx.copperItem, ctx.location)).toEqual({ available: 4, reserved: 0 });
  });

  it("lists transfers and shipments with search, sort and pagination", async () => {
    const ctx = setUp();
    await inboundInTransit(ctx, "2026-11-25T12:00:00Z");
    await ctx.gql(CREATE_READY, { key: "t9", input: { destinationLocationId: ctx.second, lineItems: [{ inventoryItemId: ctx.copperItem, quantity: 1 }] } });
    const list = await ctx.gql(`query($q: String) { inventoryTransfers(first: 1, query: $q, sortKey: NAME) { nodes { name status } pageInfo { hasNextPage } } }`, { q: null });
    expect(list.data.inventoryTransfers).toEqual({ nodes: [{ name: "#T0001", status: "IN_PROGRESS" }], pageInfo: { hasNextPage: true } });
    const byStatus = await ctx.gql(`{ inventoryTransfers(first: 5, query: "status:ready_to_ship") { nodes { name } } }`);
    expect(byStatus.data.inventoryTransfers.nodes).toEqual([{ name: "#T0002" }]);
    const byDestination = await ctx.gql(`query($q: String) { inventoryTransfers(first: 5, query: $q) { nodes { name } } }`, { q: `destination_id:${ctx.location}` });
    expect(byDestination.data.inventoryTransfers.nodes).toEqual([{ name: "#T0001" }]);
    const shipments = await ctx.gql(`{ inventoryShipments(first: 5, query: "status:in_transit") { nodes { name tracking { arrivesAt } } } }`);
    expect(shipments.data.inventoryShipments.nodes).toEqual([{ name: "#T0001-S1", tracking: { arrivesAt: "2026-11-25T12:00:00Z" } }]);
  });

  it("enforces the schema's scopes and the mandatory @idempotent key", async () => {
    const ctx = setUp(["read_products", "read_inventory", "read_inventory_transfers"]);
    const transfers = await ctx.gql(`{ inventoryTransfers(first: 1) { nodes { id } } }`);
    expect(transfers.errors).toBeUndefined();
    const shipments = await ctx.gql(`{ inventoryShipments(first: 1) { nodes { id } } }`);
    expect(shipments.errors?.[0]).toMatchObject({ extensions: { code: "ACCESS_DENIED", requiredAccess: "`read_inventory_shipments` access scope." } });
    const write = await ctx.gql(CREATE_READY, { key: "t1", input: { destinationLocationId: ctx.location, lineItems: [{ inventoryItemId: ctx.steelItem, quantity: 1 }] } });
    expect(write.errors?.[0].extensions?.code).toBe("ACCESS_DENIED");

    const open = setUp();
    const noKey = await open.gql(`mutation($input: InventoryTransferCreateInput!) { inventoryTransferCreate(input: $input) { userErrors { code } } }`, {
      input: { destinationLocationId: open.location, lineItems: [{ inventoryItemId: open.steelItem, quantity: 1 }] },
    });
    expect(noKey.errors?.[0].message).toMatch(/@idempotent directive is required/);
  });
});
