// The merchant admin routes (variants, variant detail, settings, automation) called directly: loader/action
// wiring, zod parsing → 422 with field messages, 404 for an unknown variant, and a bulk action that reports a
// per-variant Shopify failure. `authenticate.admin` is replaced by a fake session whose Admin GraphQL client is a
// fake Shopify (the real gateway runs on top of it); everything else is the real code on a throw-away SQLite DB.
import { beforeAll, describe, expect, it, vi } from "vitest";
import prisma from "#app/db.server";

const SHOP = "admin-pages.myshopify.com";
const NOW_YEAR = new Date().getUTCFullYear();
const FUTURE = `${NOW_YEAR + 1}-03-15`;
const PAST = `${NOW_YEAR - 1}-03-15`;

const fake = vi.hoisted(() => {
  const fake = { reject: new Map<string, string>(), calls: [] as string[], validations: [] as Array<Record<string, any>>, graphql: async (query: string, opts?: { variables?: Record<string, any> }) => {
    const operation = /(?:query|mutation)\s+(\w+)/.exec(query)?.[1] ?? "unknown";
    const variables = opts?.variables ?? {};
    fake.calls.push(operation);
    let data: unknown;
    if (operation === "BackordersSetVariantsInventoryPolicy") {
      const userErrors: unknown[] = [];
      const productVariants: unknown[] = [];
      (variables.variants as Array<{ id: string; inventoryPolicy: string }>).forEach((v, i) => {
        const message = fake.reject.get(v.id);
        if (message) userErrors.push({ field: ["variants", String(i), "inventoryPolicy"], message, code: "INVALID" });
        else productVariants.push({ id: v.id, inventoryPolicy: v.inventoryPolicy });
      });
      data = { productVariantsBulkUpdate: { productVariants, userErrors } };
    } else if (operation === "BackordersSetMetafields") {
      const inputs = variables.metafields as Array<{ key: string }>;
      data = { metafieldsSet: { metafields: inputs.map((m) => ({ id: "gid://shopify/Metafield/1", namespace: "app--1", key: m.key })), userErrors: [] } };
    } else if (operation === "BackordersDeleteMetafields") {
      data = { metafieldsDelete: { deletedMetafields: variables.metafields, userErrors: [] } };
    } else if (operation === "BackordersCheckoutValidations") {
      data = { validations: { nodes: fake.validations, pageInfo: { hasNextPage: false, endCursor: null } } };
    } else if (operation === "BackordersCreateCheckoutValidation") {
      const { functionHandle, title, enable, blockOnFailure } = variables.validation;
      const validation = { id: `gid://shopify/Validation/${fake.validations.length + 1}`, title, enabled: enable, blockOnFailure, shopifyFunction: { id: "fn-1", handle: functionHandle } };
      fake.validations.push(validation);
      data = { validationCreate: { validation, userErrors: [] } };
    } else if (operation === "BackordersDeleteCheckoutValidation") {
      fake.validations.splice(fake.validations.findIndex((v) => v.id === variables.id), 1);
      data = { validationDelete: { deletedId: variables.id, userErrors: [] } };
    } else {
      throw new Error(`unexpected operation ${operation}`);
    }
    return new Response(JSON.stringify({ data }));
  } };
  return fake;
});

vi.mock("../../app/shopify.server", async () =>
  (await import("../support/shopify-server-mock")).shopifyServerMock({ session: { shop: "admin-pages.myshopify.com", onlineAccessInfo: undefined }, graphql: fake.graphql }),
);

const variants = await import("../../app/routes/app.variants._index");
const detail = await import("../../app/routes/app.variants.$id");
const settings = await import("../../app/routes/app.settings");
const rules = await import("../../app/routes/app.rules");

const variantGid = (n: number) => `gid://shopify/ProductVariant/${7000 + n}`;
const productGid = (n: number) => `gid://shopify/Product/${600 + n}`;

type Unwrapped = { status: number; body: any };
/** `data(body, { status })` or a plain object → { status, body }. */
function unwrap(result: unknown): Unwrapped {
  if (result && typeof result === "object" && (result as any).type === "DataWithResponseInit") {
    return { status: (result as any).init?.status ?? 200, body: (result as any).data };
  }
  return { status: 200, body: result };
}

const args = (request: Request, params: Record<string, string> = {}) => ({ request, params, context: {} }) as any;
const get = (path: string) => new Request(`https://app.test${path}`);
function post(path: string, fields: Record<string, string | string[]>): Request {
  const form = new FormData();
  for (const [key, value] of Object.entries(fields)) for (const v of [value].flat()) form.append(key, v);
  return new Request(`https://app.test${path}`, { method: "POST", body: form });
}

async function thrownStatus(run: () => Promise<unknown>): Promise<number> {
  try {
    await run();
  } catch (error) {
    if (error instanceof Response) return error.status;
    throw error;
  }
  throw new Error("expected a thrown Response");
}

beforeAll(async () => {
  await prisma.shop.create({ data: { shop: SHOP, ianaTimezone: "America/New_York" } });
  await prisma.product.createMany({
    data: [0, 1, 2].map((p) => ({ shop: SHOP, id: productGid(p), title: `Tee ${p}`, handle: `tee-${p}`, vendor: p === 2 ? "Acme" : "Northwind", tags: "summer" })),
  });
  // 0–3 sold out (DENY, nothing available), 4–5 in stock.
  await prisma.variant.createMany({
    data: [0, 1, 2, 3, 4, 5].map((n) => ({
      shop: SHOP,
      id: variantGid(n),
      productId: productGid(n % 3),
      title: `Size ${n}`,
      sku: `TEE-${n}`,
      inventoryPolicy: "DENY",
      availableTotal: n < 4 ? 0 : 20,
      backorderState: n < 4 ? "sold_out" : "in_stock",
    })),
  });
});

describe("variants page", () => {
  it("GIVEN filter params WHEN loading THEN only matching variants from the mirror, with the parsed query", async () => {
    const data = (await variants.loader(args(get("/app/variants?state=sold_out&vendor=Northwind")))) as any;
    expect(data.query).toMatchObject({ state: ["sold_out"], vendor: "Northwind", sort: "product", dir: "asc" });
    expect(data.page.rows.map((r: any) => r.sku).sort()).toEqual(["TEE-0", "TEE-1", "TEE-3"]);
    expect(data.filterOptions.vendors).toEqual(["Acme", "Northwind"]);
    expect(fake.calls).toEqual([]); // never a Shopify call on page load
  });

  it("GIVEN nothing selected or a bad ETA WHEN posting THEN 422 with field messages and no Shopify call", async () => {
    const none = unwrap(await variants.action(args(post("/app/variants?index", { intent: "enable" }))));
    expect(none.status).toBe(422);
    expect(none.body.errors.variantId).toMatch(/Select at least one variant/);

    const badDate = unwrap(
      await variants.action(args(post("/app/variants?index", { intent: "set_eta", variantId: variantGid(0), etaMode: "date", etaDate: "2026-02-30" }))),
    );
    expect(badDate.status).toBe(422);
    expect(badDate.body.errors.etaDate).toMatch(/real date/);

    const past = unwrap(await variants.action(args(post("/app/variants?index", { intent: "set_eta", variantId: variantGid(0), etaMode: "date", etaDate: PAST }))));
    expect(past.status).toBe(422);
    expect(past.body.errors.etaDate).toMatch(/in the past/);

    const unknownIntent = unwrap(await variants.action(args(post("/app/variants?index", { intent: "explode", variantId: variantGid(0) }))));
    expect(unknownIntent.status).toBe(422);
    expect(fake.calls).toEqual([]);
  });

  it("GIVEN Shopify rejects one variant WHEN bulk-enabling THEN the result lists the success and the failure with Shopify's message", async () => {
    fake.reject.set(variantGid(1), "Inventory policy can't be changed for this variant");
    const result = unwrap(await variants.action(args(post("/app/variants?index", { intent: "enable", variantId: [variantGid(0), variantGid(1)] }))));
    fake.reject.clear();
    expect(result.status).toBe(200);
    expect(result.body).toMatchObject({ ok: true, kind: "applied", intent: "enable" });
    expect(result.body.result.succeeded).toEqual([variantGid(0)]);
    expect(result.body.result.failed).toEqual([{ variantId: variantGid(1), message: expect.stringContaining("can't be changed") }]);
    const rows = await prisma.variantBackorder.findMany({ where: { shop: SHOP } });
    expect(rows.map((r) => [r.variantId, r.enabled])).toEqual([[variantGid(0), true]]);
  });

  it("GIVEN select-all-matching WHEN setting an ETA THEN every variant matching the filters changes", async () => {
    const result = unwrap(
      await variants.action(
        args(post("/app/variants?index", { intent: "set_eta", selection: "matching", filters: "vendor=Northwind&state=sold_out", etaMode: "date", etaDate: FUTURE })),
      ),
    );
    expect(result.status).toBe(200);
    // The enabled variant 0 is "backorder" now, so only the still sold-out Northwind variants 1 and 3 match.
    expect([...result.body.result.succeeded].sort()).toEqual([variantGid(1), variantGid(3)]);
    const etas = await prisma.variantBackorder.findMany({ where: { shop: SHOP, etaDate: FUTURE }, select: { variantId: true } });
    expect(etas.map((e) => e.variantId).sort()).toEqual([variantGid(1), variantGid(3)]);
  });
});

describe("variant detail page", () => {
  it("GIVEN an unknown or malformed id THEN 404", async () => {
    expect(await thrownStatus(() => detail.loader(args(get("/app/variants/999"), { id: "999" })))).toBe(404);
    expect(await thrownStatus(() => detail.loader(args(get("/app/variants/abc"), { id: "abc" })))).toBe(404);
  });

  it("GIVEN a variant THEN its settings, status, history, orders and waitlist", async () => {
    await prisma.restockSubscription.createMany({
      data: ["a", "b", "c"].map((who, i) => ({
        shop: SHOP,
        variantId: variantGid(0),
        productId: productGid(0),
        email: `${who}@example.com`,
        emailNormalized: `${who}@example.com`,
        unsubscribeToken: `token-${who}`,
        status: i < 2 ? "active" : "pending",
      })),
    });
    const data = (await detail.loader(args(get("/app/variants/7000"), { id: "7000" }))) as any;
    expect(data.variant).toMatchObject({ id: variantGid(0), sku: "TEE-0" });
    expect(data.settings.enabled).toBe(true);
    expect(data.status.state).toBe("backorder");
    expect(data.history[0]).toMatchObject({ actorLabel: "Staff member", source: "manual" });
    expect(data.openOrders).toEqual([]);
    expect(data.waitlist).toEqual({ active: 2, pending: 1 });
  });

  it("GIVEN invalid fields WHEN saving THEN 422 with the field messages; valid fields THEN saved with history", async () => {
    const base = { intent: "save", enabled: "true", etaMode: "lead_time", leadTimeDays: "4", cap: "12", message: "Ships soon", internalNote: "PO 77", discontinued: "false" };
    const bad = unwrap(await detail.action(args(post("/app/variants/7000", { ...base, cap: "-1", leadTimeDays: "" }), { id: "7000" })));
    expect(bad.status).toBe(422);
    expect(Object.keys(bad.body.errors).sort()).toEqual(["cap", "leadTimeDays"]);

    const ok = unwrap(await detail.action(args(post("/app/variants/7000", base), { id: "7000" })));
    expect(ok.status).toBe(200);
    expect(ok.body.result).toEqual({ succeeded: [variantGid(0)], failed: [] });
    const row = await prisma.variantBackorder.findUnique({ where: { shop_variantId: { shop: SHOP, variantId: variantGid(0) } } });
    expect(row).toMatchObject({ leadTimeDays: 4, etaDate: null, cap: 12, message: "Ships soon", internalNote: "PO 77" });
    const data = (await detail.loader(args(get("/app/variants/7000"), { id: "7000" }))) as any;
    expect(data.history[0].changes.map((c: any) => c.field)).toEqual(expect.arrayContaining(["leadTimeDays", "cap", "message", "internalNote"]));
  });
});

describe("settings page", () => {
  it("GIVEN the shop THEN the settings default to the shop's time zone and the list of zones includes it", async () => {
    const data = (await settings.loader(args(get("/app/settings")))) as any;
    expect(data.settings.timeZone).toBe("America/New_York");
    expect(data.timeZones).toContain("America/New_York");
  });

  it("GIVEN bad input THEN 422 inline errors; good input THEN saved", async () => {
    const fields = {
      lowStockThreshold: "3",
      defaultLeadTimeDays: "5",
      defaultCap: "",
      timeZone: "Europe/Paris",
      weekendDays: ["0", "6"],
      holidays: "2026-12-25\n2027-01-01",
      wording_backorder: "Ships by {eta}",
    };
    const bad = unwrap(await settings.action(args(post("/app/settings", { ...fields, holidays: "2026-12-25\nxmas", timeZone: "Mars/Base", weekendDays: ["0", "1", "2", "3", "4", "5", "6"] }))));
    expect(bad.status).toBe(422);
    expect(Object.keys(bad.body.errors).sort()).toEqual(["holidays", "timeZone", "weekendDays"]);

    const ok = unwrap(await settings.action(args(post("/app/settings", fields))));
    expect(ok.status).toBe(200);
    expect(ok.body.settings).toMatchObject({
      lowStockThreshold: 3,
      defaultLeadTimeDays: 5,
      defaultCap: null,
      timeZone: "Europe/Paris",
      weekendDays: [0, 6],
      holidays: ["2026-12-25", "2027-01-01"],
      storefrontWording: { backorder: "Ships by {eta}" },
    });
  });

  it("GIVEN the checkout switch THEN the page shows its status; off deletes our validation in Shopify and on registers one, answered in the save", async () => {
    const fields = { lowStockThreshold: "3", timeZone: "Europe/Paris", weekendDays: ["0", "6"] };
    const page = (await settings.loader(args(get("/app/settings")))) as any;
    expect(page.settings.enforceCapsAtCheckout).toBe(true);
    expect(page.checkoutValidation).toMatchObject({ status: "never", validationId: null });

    const off = unwrap(await settings.action(args(post("/app/settings", { ...fields, enforceCapsAtCheckout: "false" }))));
    expect(off.body).toMatchObject({ ok: true, settings: { enforceCapsAtCheckout: false }, checkoutValidation: { status: "inactive", validationId: null } });

    const on = unwrap(await settings.action(args(post("/app/settings", { ...fields, enforceCapsAtCheckout: "true" }))));
    expect(fake.validations).toEqual([expect.objectContaining({ enabled: true, blockOnFailure: false, title: "Backorder cap", shopifyFunction: expect.objectContaining({ handle: "backorder-cap-validation" }) })]);
    expect(on.body).toMatchObject({ ok: true, settings: { enforceCapsAtCheckout: true }, checkoutValidation: { status: "active", validationId: fake.validations[0].id } });
    expect(((await settings.loader(args(get("/app/settings")))) as any).checkoutValidation).toMatchObject({ status: "active" });
  });

  it("GIVEN the order settings THEN they default to tag + note + emails without holds, and save (apology trimmed, empty = default)", async () => {
    const before = ((await settings.loader(args(get("/app/settings")))) as any).settings;
    expect(before).toMatchObject({ tagBackorderedOrders: true, holdBackorderedLines: false, sendDelayNotices: true, delayApologyText: null });
    const fields = { lowStockThreshold: "3", timeZone: "Europe/Paris", weekendDays: ["0", "6"] };

    const tooLong = unwrap(await settings.action(args(post("/app/settings", { ...fields, delayApologyText: "x".repeat(1001), holdBackorderedLines: "maybe" }))));
    expect(tooLong.status).toBe(422);
    expect(Object.keys(tooLong.body.errors).sort()).toEqual(["delayApologyText", "holdBackorderedLines"]);

    const ok = unwrap(await settings.action(args(post("/app/settings", { ...fields, holdBackorderedLines: "true", sendDelayNotices: "false", delayApologyText: "  Our supplier is late.  " }))));
    expect(ok.status).toBe(200);
    const row = await prisma.shopSettings.findUniqueOrThrow({ where: { shop: SHOP } });
    expect(row).toMatchObject({ holdBackorderedLines: true, sendDelayNotices: false, tagBackorderedOrders: true, delayApologyText: "Our supplier is late." });

    await settings.action(args(post("/app/settings", { ...fields, delayApologyText: "" })));
    expect((await prisma.shopSettings.findUniqueOrThrow({ where: { shop: SHOP } })).delayApologyText).toBeNull();
  });
});

describe("automation page", () => {
  const rule = {
    name: "Acme at zero",
    scopeType: "vendor",
    scopeValue: "Acme",
    priority: "10",
    active: "true",
    autoEnableAtZero: "true",
    etaMode: "lead_time",
    leadTimeDays: "7",
    defaultCap: "50",
    autoDisableOnRestock: "true",
    clearEtaOnRestock: "false",
    disableAtCap: "true",
  };

  it("GIVEN a rule without a name or scope value THEN 422 with field messages", async () => {
    const bad = unwrap(await rules.action(args(post("/app/rules", { intent: "create", ...rule, name: " ", scopeValue: "" }))));
    expect(bad.status).toBe(422);
    expect(Object.keys(bad.body.errors).sort()).toEqual(["name", "scopeValue"]);
  });

  it("GIVEN values past a limit THEN the form's one validator answers 422 with its messages, and nothing is stored", async () => {
    // The limits once lived twice (form schema and model) and disagreed; the schema is now the only one.
    const before = await prisma.automationRule.count();
    const tooLongScope = unwrap(await rules.action(args(post("/app/rules", { intent: "create", ...rule, scopeValue: "v".repeat(256) }))));
    expect(tooLongScope.status).toBe(422);
    expect(tooLongScope.body.errors).toEqual({ scopeValue: "Keep the value under 255 characters." });
    const priority = unwrap(await rules.action(args(post("/app/rules", { intent: "create", ...rule, priority: "10001" }))));
    expect(priority.status).toBe(422);
    expect(Object.keys(priority.body.errors)).toEqual(["priority"]);
    expect(unwrap(await rules.action(args(post("/app/rules", { intent: "create", ...rule, priority: "10000", scopeValue: "v".repeat(255) })))).status).toBe(200);
    expect(await prisma.automationRule.count()).toBe(before + 1);
    await prisma.automationRule.deleteMany({ where: { priority: 10000 } });
  });

  it("GIVEN the option to turn on ahead of a predicted stock-out THEN its days-ahead window is validated and stored (blank: the lead time), and dropped when the option is off", async () => {
    const ahead = { ...rule, name: "Ahead", enableAheadOfStockOut: "true" };
    const tooFar = unwrap(await rules.action(args(post("/app/rules", { intent: "create", ...ahead, aheadWindowDays: "366" }))));
    expect(tooFar.status).toBe(422);
    expect(Object.keys(tooFar.body.errors)).toEqual(["aheadWindowDays"]);
    expect(unwrap(await rules.action(args(post("/app/rules", { intent: "create", ...ahead, aheadWindowDays: "-1" })))).status).toBe(422);
    expect(await prisma.automationRule.count({ where: { shop: SHOP, name: "Ahead" } })).toBe(0);

    expect(unwrap(await rules.action(args(post("/app/rules", { intent: "create", ...ahead, aheadWindowDays: "10" })))).status).toBe(200);
    const stored = await prisma.automationRule.findFirstOrThrow({ where: { shop: SHOP, name: "Ahead" } });
    expect(stored).toMatchObject({ enableAheadOfStockOut: true, aheadWindowDays: 10 });
    await rules.action(args(post("/app/rules", { intent: "update", id: stored.id, ...ahead, aheadWindowDays: "" })));
    expect(await prisma.automationRule.findUniqueOrThrow({ where: { id: stored.id } })).toMatchObject({ enableAheadOfStockOut: true, aheadWindowDays: null });
    await rules.action(args(post("/app/rules", { intent: "update", id: stored.id, ...rule, name: "Ahead", aheadWindowDays: "5" })));
    expect(await prisma.automationRule.findUniqueOrThrow({ where: { id: stored.id } })).toMatchObject({ enableAheadOfStockOut: false, aheadWindowDays: null });
    await prisma.automationRule.deleteMany({ where: { shop: SHOP, name: "Ahead" } });
  });

  it("GIVEN valid rules THEN create, edit, pause and delete them; the loader lists them with the scope pickers' values", async () => {
    const created = unwrap(await rules.action(args(post("/app/rules", { intent: "create", ...rule }))));
    expect(created.body).toMatchObject({ ok: true, intent: "create" });
    let data = (await rules.loader(args(get("/app/rules")))) as any;
    expect(data.rules).toHaveLength(1);
    expect(data.rules[0]).toMatchObject({ name: "Acme at zero", scopeType: "vendor", scopeValue: "Acme", defaultLeadTimeDays: 7, defaultCap: 50, clearEtaOnRestock: false });
    expect(data.options.vendors).toEqual(["Acme", "Northwind"]);
    const id = data.rules[0].id;

    const updated = unwrap(await rules.action(args(post("/app/rules", { intent: "update", id, ...rule, etaMode: "date", etaDate: FUTURE, scopeType: "all" }))));
    expect(updated.status).toBe(200);
    const paused = unwrap(await rules.action(args(post("/app/rules", { intent: "toggle", id, active: "false" }))));
    expect(paused.body.message).toMatch(/paused/);
    data = (await rules.loader(args(get("/app/rules")))) as any;
    expect(data.rules[0]).toMatchObject({ scopeType: "all", scopeValue: null, defaultEtaDate: FUTURE, defaultLeadTimeDays: null, active: false });
    // A rule change asks for an immediate reconciliation pass.
    expect(await prisma.job.count({ where: { shop: SHOP, type: "automation.reconcile" } })).toBeGreaterThan(0);

    const missing = unwrap(await rules.action(args(post("/app/rules", { intent: "update", id: "nope", ...rule }))));
    expect(missing.status).toBe(404);
    const deleted = unwrap(await rules.action(args(post("/app/rules", { intent: "delete", id }))));
    expect(deleted.body).toMatchObject({ ok: true, message: "Rule deleted" });
    expect(await prisma.automationRule.count({ where: { shop: SHOP } })).toBe(0);
  });
});

describe("background bulk change", () => {
  it("GIVEN more than 250 matching variants WHEN bulk-enabling THEN it is queued and the page loader reports its progress", async () => {
    await prisma.product.create({ data: { shop: SHOP, id: productGid(9), title: "Bulk tee", handle: "bulk", vendor: "Bulk Co" } });
    await prisma.variant.createMany({
      data: Array.from({ length: 300 }, (_, i) => ({
        shop: SHOP,
        id: variantGid(1000 + i),
        productId: productGid(9),
        title: `Bulk ${i}`,
        availableTotal: 0,
        backorderState: "sold_out",
      })),
    });
    const queued = unwrap(await variants.action(args(post("/app/variants?index", { intent: "enable", selection: "matching", filters: "vendor=Bulk+Co" }))));
    expect(queued.status).toBe(200);
    expect(queued.body).toMatchObject({ ok: true, kind: "queued", total: 300 });
    const data = (await variants.loader(args(get(`/app/variants?vendor=Bulk+Co&job=${queued.body.jobId}`)))) as any;
    expect(data.job).toMatchObject({ jobId: queued.body.jobId, status: "queued", total: 300, processed: 0 });
    expect(data.query.job).toBe(queued.body.jobId);
  });
});
