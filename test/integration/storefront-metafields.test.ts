// Storefront metafields ($app.backorder_*): values from state + settings, digest-skipped writes, metafieldsSet calls
// of ≤ 25 whole variants, deletes for values that no longer apply, lead-time ETAs through the business calendar.
import { describe, expect, it } from "vitest";
import prisma from "#app/db.server";
import { saveShopSettings } from "#app/services/shop-settings.server";
import { STOREFRONT_SYNC_JOB, syncStorefrontMetafields, resetStorefrontMetafields } from "#app/services/storefront-metafields.server";
import { createAdminGateway, type AdminGraphql } from "#app/shopify/admin-gateway.server";

// Friday 2026-03-06 at 16:00 in New York.
const FRIDAY = new Date("2026-03-06T21:00:00Z");
const NY = "America/New_York";

type Call = { operation: string; variables: Record<string, any> };

/** metafieldsSet is atomic per call, like Shopify: one rejected input and the whole call saves nothing. */
function createFakeShopify(options: { rejectOwner?: string } = {}) {
  const calls: Call[] = [];
  const store = new Map<string, Map<string, { type: string; value: string }>>();
  const graphql: AdminGraphql = async (query, opts) => {
    const operation = /(?:query|mutation)\s+(\w+)/.exec(query)?.[1] ?? "unknown";
    const variables = (opts?.variables ?? {}) as Record<string, any>;
    calls.push({ operation, variables });
    if (operation === "BackordersSetMetafields") {
      const inputs = variables.metafields as Array<{ ownerId: string; namespace: string; key: string; type: string; value: string }>;
      if (inputs.length > 25) throw new Error("more than 25 metafields in one call");
      const bad = inputs.findIndex((m) => m.ownerId === options.rejectOwner);
      if (bad >= 0) {
        return Response.json({
          data: { metafieldsSet: { metafields: [], userErrors: [{ field: ["metafields", String(bad), "value"], message: "Owner is locked (simulated)", code: "INVALID", elementIndex: bad }] } },
        });
      }
      for (const m of inputs) {
        if (m.namespace !== "$app" || !m.value) throw new Error(`bad input ${JSON.stringify(m)}`);
        const owner = store.get(m.ownerId) ?? new Map();
        owner.set(m.key, { type: m.type, value: m.value });
        store.set(m.ownerId, owner);
      }
      return Response.json({ data: { metafieldsSet: { metafields: inputs.map((m) => ({ id: "gid://shopify/Metafield/1", namespace: "app--1", key: m.key })), userErrors: [] } } });
    }
    if (operation === "BackordersDeleteMetafields") {
      const inputs = variables.metafields as Array<{ ownerId: string; namespace: string; key: string }>;
      for (const m of inputs) store.get(m.ownerId)?.delete(m.key);
      return Response.json({ data: { metafieldsDelete: { deletedMetafields: inputs, userErrors: [] } } });
    }
    throw new Error(`unexpected operation ${operation}`);
  };
  const values = (ownerId: string) => Object.fromEntries([...(store.get(ownerId) ?? new Map())].map(([k, v]) => [k, v.value]));
  const count = (operation: string) => calls.filter((c) => c.operation === operation).length;
  const reset = () => void calls.splice(0);
  return { gateway: createAdminGateway(graphql), calls, store, values, count, reset };
}

type Backorder = { enabled?: boolean; etaDate?: string | null; leadTimeDays?: number | null; cap?: number | null; message?: string | null; discontinued?: boolean };

async function seed(shop: string, variants: Array<{ available?: number; policy?: string; backorder?: Backorder | null }>, zone = NY) {
  await prisma.shop.create({ data: { shop, ianaTimezone: zone } });
  await prisma.product.create({ data: { shop, id: `gid://shopify/Product/${shop.length}`, title: "P", handle: "p" } });
  const ids: string[] = [];
  for (const [i, v] of variants.entries()) {
    const id = `gid://shopify/ProductVariant/${shop.length * 1000 + i}`;
    ids.push(id);
    await prisma.variant.create({
      data: { shop, id, productId: `gid://shopify/Product/${shop.length}`, title: `V${i}`, availableTotal: v.available ?? 0, inventoryPolicy: v.policy ?? "CONTINUE" },
    });
    if (v.backorder !== null) {
      await prisma.variantBackorder.create({ data: { shop, variantId: id, enabled: true, ...(v.backorder ?? {}) } });
    }
  }
  return ids;
}

describe("syncStorefrontMetafields", () => {
  it("GIVEN a lead time WHEN synced on a Friday afternoon THEN the ETA skips the weekend, the digest skips a second run, and a new day moves the ETA", async () => {
    // GIVEN 2 business days lead time, 3 of a cap of 10 owed
    const shop = "eta-weekend.myshopify.com";
    const [id] = await seed(shop, [{ available: -3, backorder: { leadTimeDays: 2, cap: 10, message: "Hand made" } }]);
    const shopify = createFakeShopify();

    // WHEN
    const first = await syncStorefrontMetafields({ shop, gateway: shopify.gateway, now: FRIDAY });

    // THEN Friday + 2 business days = Tuesday
    expect(first.written).toEqual([id]);
    expect(shopify.values(id)).toEqual({
      backorder_state: "backorder",
      backorder_eta: "2026-03-10",
      backorder_lead_days: "2",
      backorder_cap: "10",
      backorder_remaining: "7",
      backorder_message: "Hand made",
      backorder_sellable: "7", // nothing in stock + 7 still allowed
    });
    expect(shopify.store.get(id)!.get("backorder_eta")!.type).toBe("date");
    expect(shopify.store.get(id)!.get("backorder_cap")!.type).toBe("number_integer");

    // WHEN synced again with nothing changed THEN nothing is sent
    shopify.reset();
    const second = await syncStorefrontMetafields({ shop, gateway: shopify.gateway, now: new Date(FRIDAY.getTime() + 60 * 60_000) });
    expect(second).toMatchObject({ written: [], unchanged: 1 });
    expect(shopify.calls).toHaveLength(0);

    // WHEN Saturday comes THEN an order is handled from Monday: Monday + 2 = Wednesday, rewritten once
    await syncStorefrontMetafields({ shop, gateway: shopify.gateway, now: new Date("2026-03-07T15:00:00Z") });
    expect(shopify.values(id).backorder_eta).toBe("2026-03-11");
    expect(shopify.count("BackordersSetMetafields")).toBe(1);
    // AND on Monday the date is the same, so nothing is sent; on Tuesday it moves to Thursday
    shopify.reset();
    await syncStorefrontMetafields({ shop, gateway: shopify.gateway, now: new Date("2026-03-09T15:00:00Z") });
    expect(shopify.calls).toHaveLength(0);
    await syncStorefrontMetafields({ shop, gateway: shopify.gateway, now: new Date("2026-03-10T15:00:00Z") });
    expect(shopify.values(id).backorder_eta).toBe("2026-03-12");
  });

  it("GIVEN each backorder situation WHEN synced THEN backorder_sellable is stock on hand + remaining allowance, and absent where checkout has nothing to enforce", async () => {
    const shop = "sellable.myshopify.com";
    const cases: Array<{ name: string; available: number; backorder: Backorder; untracked?: boolean; sellable: string | undefined }> = [
      { name: "in stock, nothing owed", available: 4, backorder: { cap: 10 }, sellable: "14" },
      { name: "3 of 10 owed", available: -3, backorder: { cap: 10 }, sellable: "7" },
      { name: "exactly at the cap", available: -10, backorder: { cap: 10 }, sellable: "0" },
      { name: "oversold past the cap", available: -12, backorder: { cap: 10 }, sellable: "0" },
      { name: "cap 0: only stock on hand", available: 2, backorder: { cap: 0 }, sellable: "2" },
      { name: "no cap", available: -3, backorder: { cap: null }, sellable: undefined },
      { name: "backorders off", available: -3, backorder: { enabled: false, cap: 10 }, sellable: undefined },
      { name: "discontinued", available: 0, backorder: { discontinued: true, cap: 10 }, sellable: undefined },
      { name: "untracked", available: 0, backorder: { cap: 10 }, untracked: true, sellable: undefined },
    ];
    const ids = await seed(shop, cases.map((c) => ({ available: c.available, backorder: { leadTimeDays: 3, ...c.backorder } })));
    for (const [i, c] of cases.entries()) if (c.untracked) await prisma.variant.update({ where: { shop_id: { shop, id: ids[i] } }, data: { tracked: false } });
    const shopify = createFakeShopify();

    await syncStorefrontMetafields({ shop, gateway: shopify.gateway, now: FRIDAY });

    expect(Object.fromEntries(cases.map((c, i) => [c.name, shopify.values(ids[i]).backorder_sellable]))).toEqual(
      Object.fromEntries(cases.map((c) => [c.name, c.sellable])),
    );
    expect(shopify.store.get(ids[0])!.get("backorder_sellable")!.type).toBe("number_integer");
  });

  it("GIVEN late Friday evening in New York (Saturday in UTC) and a Monday holiday WHEN synced THEN the ETA counts from Friday in the shop's zone and skips the holiday", async () => {
    const shop = "eta-zone.myshopify.com";
    const [id] = await seed(shop, [{ backorder: { leadTimeDays: 1 } }]);
    await prisma.shopSettings.create({ data: { shop, holidays: "2026-03-09" } });
    const shopify = createFakeShopify();

    await syncStorefrontMetafields({ shop, gateway: shopify.gateway, now: new Date("2026-03-07T04:30:00Z") }); // Fri 23:30 NY

    // Friday + 1 business day, Monday closed → Tuesday
    expect(shopify.values(id).backorder_eta).toBe("2026-03-10");
  });

  it("GIVEN 10 variants with 7 values each WHEN synced THEN calls carry ≤ 25 metafields and never split a variant", async () => {
    const shop = "chunking.myshopify.com";
    const ids = await seed(shop, Array.from({ length: 10 }, () => ({ available: -1, backorder: { leadTimeDays: 5, cap: 4, message: "Soon" } })));
    const shopify = createFakeShopify();

    const result = await syncStorefrontMetafields({ shop, gateway: shopify.gateway, now: FRIDAY });

    const sets = shopify.calls.filter((c) => c.operation === "BackordersSetMetafields");
    expect(sets.map((c) => c.variables.metafields.length)).toEqual([21, 21, 21, 7]);
    for (const call of sets) {
      const owners = new Set<string>(call.variables.metafields.map((m: { ownerId: string }) => m.ownerId));
      for (const owner of owners) expect(call.variables.metafields.filter((m: { ownerId: string }) => m.ownerId === owner)).toHaveLength(7);
    }
    expect(result.written.sort()).toEqual([...ids].sort());
    expect(shopify.count("BackordersDeleteMetafields")).toBe(0); // never written before: nothing to clear
  });

  it("GIVEN written metafields WHEN a value stops applying THEN only that key is deleted, and unmanaged variants are never written", async () => {
    const shop = "deletes.myshopify.com";
    const [managed, unmanaged] = await seed(shop, [{ backorder: { leadTimeDays: 3, cap: 2, message: "Note" } }, { backorder: null }]);
    const shopify = createFakeShopify();
    await syncStorefrontMetafields({ shop, gateway: shopify.gateway, now: FRIDAY });
    expect(shopify.store.has(unmanaged)).toBe(false);

    // WHEN the cap is removed
    await prisma.variantBackorder.update({ where: { shop_variantId: { shop, variantId: managed } }, data: { cap: null } });
    shopify.reset();
    await syncStorefrontMetafields({ shop, gateway: shopify.gateway, now: FRIDAY });

    // THEN cap, remaining and sellable are deleted (not blanked), the rest rewritten
    const deletes = shopify.calls.filter((c) => c.operation === "BackordersDeleteMetafields");
    expect(deletes).toHaveLength(1);
    expect(deletes[0].variables.metafields).toEqual([
      { ownerId: managed, namespace: "$app", key: "backorder_cap" },
      { ownerId: managed, namespace: "$app", key: "backorder_remaining" },
      { ownerId: managed, namespace: "$app", key: "backorder_sellable" },
    ]);
    expect(Object.keys(shopify.values(managed)).sort()).toEqual(["backorder_eta", "backorder_lead_days", "backorder_message", "backorder_state"]);

    // WHEN the row is turned off THEN only the state (and message) stay
    await prisma.variantBackorder.update({ where: { shop_variantId: { shop, variantId: managed } }, data: { enabled: false } });
    await prisma.variant.update({ where: { shop_id: { shop, id: managed } }, data: { inventoryPolicy: "DENY" } });
    await syncStorefrontMetafields({ shop, gateway: shopify.gateway, now: FRIDAY });
    expect(shopify.values(managed)).toEqual({ backorder_state: "sold_out", backorder_message: "Note" });

    // WHEN a repair is requested THEN every key that does not apply is deleted again, the values rewritten
    shopify.store.get(managed)!.set("backorder_cap", { type: "number_integer", value: "99" }); // left behind outside the app
    await resetStorefrontMetafields(shop, [managed]);
    await syncStorefrontMetafields({ shop, gateway: shopify.gateway, now: FRIDAY });
    expect(shopify.values(managed)).toEqual({ backorder_state: "sold_out", backorder_message: "Note" });
  });

  it("GIVEN Shopify rejects one variant's metafields WHEN synced THEN the variants of that atomic call are reported and retried next time", async () => {
    const shop = "rejects.myshopify.com";
    const ids = await seed(shop, Array.from({ length: 6 }, () => ({ backorder: { leadTimeDays: 1, cap: 3, message: "m" } })));
    const shopify = createFakeShopify({ rejectOwner: ids[1] });

    const result = await syncStorefrontMetafields({ shop, gateway: shopify.gateway, now: FRIDAY });

    // 7 values per variant → calls of 3 + 3 variants; the first call (ids 0–2) is rejected as a whole
    expect(result.failed.map((f) => f.variantId).sort()).toEqual(ids.slice(0, 3).sort());
    expect(result.failed.find((f) => f.variantId === ids[1])?.message).toMatch(/locked/);
    expect(result.written.sort()).toEqual(ids.slice(3).sort());
    expect(await prisma.variant.count({ where: { shop, metafieldsDigest: null } })).toBe(3);

    const healthy = createFakeShopify();
    const retry = await syncStorefrontMetafields({ shop, gateway: healthy.gateway, now: FRIDAY });
    expect(retry.written.sort()).toEqual(ids.slice(0, 3).sort());
    expect(retry.unchanged).toBe(3);
  });

  it("GIVEN the business calendar changes WHEN settings are saved THEN a background sync is queued and moves lead-time ETAs", async () => {
    const shop = "settings-sync.myshopify.com";
    const [id] = await seed(shop, [{ backorder: { leadTimeDays: 1 } }]);
    const shopify = createFakeShopify();
    await syncStorefrontMetafields({ shop, gateway: shopify.gateway, now: FRIDAY });
    expect(shopify.values(id).backorder_eta).toBe("2026-03-09");

    // WHEN Monday becomes a holiday
    const saved = await saveShopSettings(shop, { holidays: ["2026-03-09"] }, FRIDAY);
    expect(saved.holidays).toEqual(["2026-03-09"]);

    // THEN one sync job is queued (a second save coalesces into it) and running it moves the ETA
    await saveShopSettings(shop, { weekendDays: [0, 6], holidays: ["2026-03-09", "2026-12-25"] }, FRIDAY);
    const jobs = await prisma.job.findMany({ where: { shop, type: STOREFRONT_SYNC_JOB } });
    expect(jobs).toHaveLength(1);
    expect(JSON.parse(jobs[0].payload)).toEqual({ variantIds: null });
    await syncStorefrontMetafields({ shop, gateway: shopify.gateway, now: FRIDAY });
    expect(shopify.values(id).backorder_eta).toBe("2026-03-10");
  });
});
