// The Forecast settings page (/app/forecast/settings) and its CSV export, loader and action called directly:
// the defaults and overrides as stored, each intent's write (and the forecast recompute it queues), bad input →
// 400/422 with the service's message and nothing written, the CSV upload (all or nothing, problems by line), and
// every read and write scoped to the session's shop. `authenticate.admin` is a fake session; the rest is real code
// on a throw-away database.
import { beforeEach, describe, expect, it, vi } from "vitest";
import prisma from "#app/db.server";
import { FORECAST_RECOMPUTE_JOB } from "#app/jobs/job-types";

const SHOP = "forecast-settings.myshopify.com";
const OTHER = "forecast-settings-other.myshopify.com";

vi.mock("../../app/shopify.server", async () =>
  (await import("../support/shopify-server-mock")).shopifyServerMock({
    session: { shop: "forecast-settings.myshopify.com", onlineAccessInfo: undefined },
    graphql: async () => new Response("{}"),
  }),
);

const page = await import("../../app/routes/app.forecast.settings");
const exportRoute = await import("../../app/routes/app.forecast.settings.export");

type Unwrapped = { status: number; body: any };
function unwrap(result: unknown): Unwrapped {
  if (result && typeof result === "object" && (result as any).type === "DataWithResponseInit") {
    return { status: (result as any).init?.status ?? 200, body: (result as any).data };
  }
  return { status: 200, body: result };
}
const args = (request: Request) => ({ request, params: {}, context: {} }) as any;
const URL_BASE = "https://app.test/app/forecast/settings";
const load = async () => (await page.loader(args(new Request(URL_BASE)))) as any;
function post(fields: Record<string, string | File>): Promise<Unwrapped> {
  const form = new FormData();
  for (const [key, value] of Object.entries(fields)) form.append(key, value);
  return page.action(args(new Request(URL_BASE, { method: "POST", body: form }))).then(unwrap);
}
const upload = (csv: string) => post({ intent: "import", file: new File([csv], "lead-times.csv", { type: "text/csv" }) });
const stored = (shop = SHOP) => prisma.reorderSetting.findMany({ where: { shop }, orderBy: [{ scope: "asc" }, { key: "asc" }] });
const recomputesQueued = () => prisma.job.count({ where: { shop: SHOP, type: FORECAST_RECOMPUTE_JOB } });

beforeEach(async () => {
  await prisma.job.deleteMany({});
  await prisma.reorderSetting.deleteMany({});
  await prisma.shop.deleteMany({});
  await prisma.shop.createMany({ data: [{ shop: SHOP }, { shop: OTHER }] });
});

describe("forecast settings loader", () => {
  it("GIVEN nothing stored THEN the built-in defaults and no overrides", async () => {
    const data = await load();
    expect(data.defaults).toEqual({ leadTimeDays: 14, reviewPeriodDays: 7, serviceLevel: 0.95 });
    expect(data.overrides).toEqual([]);
  });

  it("GIVEN saved settings THEN the stored defaults and each override, without the shop row among them", async () => {
    await prisma.reorderSetting.createMany({
      data: [
        { shop: SHOP, scope: "shop", key: "", leadTimeDays: 30, reviewPeriodDays: 10, serviceLevel: 0.9 },
        { shop: SHOP, scope: "vendor", key: "Acme", leadTimeDays: 21, reviewPeriodDays: null },
        { shop: SHOP, scope: "variant", key: "gid://shopify/ProductVariant/5", leadTimeDays: null, reviewPeriodDays: 3 },
      ],
    });
    const data = await load();
    expect(data.defaults).toEqual({ leadTimeDays: 30, reviewPeriodDays: 10, serviceLevel: 0.9 });
    expect(data.overrides).toEqual([
      { scope: "variant", key: "gid://shopify/ProductVariant/5", leadTimeDays: null, reviewPeriodDays: 3 },
      { scope: "vendor", key: "Acme", leadTimeDays: 21, reviewPeriodDays: null },
    ]);
  });
});

describe("forecast settings action", () => {
  it("GIVEN new defaults (service level in %) WHEN saved THEN stored as a fraction, a recompute queued, and the loader shows them", async () => {
    const result = await post({ intent: "defaults", leadTimeDays: "20", reviewPeriodDays: "5", serviceLevelPercent: "97.5" });
    expect(result.status).toBe(200);
    expect(result.body.ok).toBe(true);
    expect(await stored()).toMatchObject([{ scope: "shop", key: "", leadTimeDays: 20, reviewPeriodDays: 5, serviceLevel: 0.975 }]);
    expect(await recomputesQueued()).toBe(1);
    expect((await load()).defaults).toEqual({ leadTimeDays: 20, reviewPeriodDays: 5, serviceLevel: 0.975 });
  });

  it("GIVEN an override added WHEN deleted THEN it is stored, then gone, each change queueing a recompute", async () => {
    const added = await post({ intent: "override", scope: "product_type", name: "Mugs", leadTimeDays: "5", reviewPeriodDays: "" });
    expect(added.status).toBe(200);
    expect((await load()).overrides).toEqual([{ scope: "product_type", key: "Mugs", leadTimeDays: 5, reviewPeriodDays: null }]);
    const removed = await post({ intent: "delete", scope: "product_type", name: "Mugs" });
    expect(removed.status).toBe(200);
    expect(removed.body.message).toMatch(/removed/i);
    expect(await stored()).toEqual([]);
    expect(await recomputesQueued()).toBeGreaterThanOrEqual(1);
  });

  it("GIVEN a variant override by numeric id THEN it is stored under the variant gid", async () => {
    const result = await post({ intent: "override", scope: "variant", name: "12345", leadTimeDays: "", reviewPeriodDays: "4" });
    expect(result.status).toBe(200);
    expect(await stored()).toMatchObject([{ scope: "variant", key: "gid://shopify/ProductVariant/12345", leadTimeDays: null, reviewPeriodDays: 4 }]);
  });

  it("GIVEN a lead time of 400 days THEN 422 with the service's message on that field and nothing written", async () => {
    const result = await post({ intent: "override", scope: "vendor", name: "Acme", leadTimeDays: "400", reviewPeriodDays: "" });
    expect(result.status).toBe(422);
    expect(result.body.ok).toBe(false);
    expect(result.body.fields.leadTimeDays).toBe("Lead time must be 0 to 365 days.");
    const defaults = await post({ intent: "defaults", leadTimeDays: "abc", reviewPeriodDays: "7", serviceLevelPercent: "40" });
    expect(defaults.status).toBe(422);
    expect(defaults.body.fields.leadTimeDays).toMatch(/whole number of days/);
    expect(defaults.body.fields.serviceLevel).toMatch(/0\.5 to 0\.999/);
    expect(await stored()).toEqual([]);
    expect(await recomputesQueued()).toBe(0);
  });

  it("GIVEN an unknown scope, an unknown intent or a variant name that is no id THEN 400/422 with a message and nothing written", async () => {
    const scope = await post({ intent: "override", scope: "warehouse", name: "East", leadTimeDays: "3" });
    expect(scope.status).toBe(400);
    expect(scope.body.message).toBe("Choose vendor, product type or variant.");
    const intent = await post({ intent: "explode" });
    expect(intent.status).toBe(400);
    expect(intent.body.message).toBeTruthy();
    const variant = await post({ intent: "override", scope: "variant", name: "blue mug", leadTimeDays: "3" });
    expect(variant.status).toBe(422);
    expect(variant.body.fields.key).toMatch(/gid:\/\/shopify\/ProductVariant/);
    expect(await stored()).toEqual([]);
  });

  it("GIVEN a valid CSV WHEN uploaded THEN every row stored and the counts reported", async () => {
    await prisma.reorderSetting.create({ data: { shop: SHOP, scope: "vendor", key: "Old", leadTimeDays: 9 } });
    const result = await upload(
      "scope,name,lead_time_days,review_period_days,service_level\r\nshop,,10,5,0.9\r\nvendor,Acme,21,,\r\nvariant,777,,30,\r\nvendor,Old,,,\r\n",
    );
    expect(result.status).toBe(200);
    expect(result.body).toMatchObject({ ok: true, message: "Imported: 3 saved, 1 removed." });
    expect(await stored()).toMatchObject([
      { scope: "shop", key: "", leadTimeDays: 10, reviewPeriodDays: 5, serviceLevel: 0.9 },
      { scope: "variant", key: "gid://shopify/ProductVariant/777", leadTimeDays: null, reviewPeriodDays: 30 },
      { scope: "vendor", key: "Acme", leadTimeDays: 21, reviewPeriodDays: null },
    ]);
    expect(await recomputesQueued()).toBe(1);
  });

  it("GIVEN a CSV with bad rows WHEN uploaded THEN 422, each problem with its line, and nothing changed", async () => {
    await prisma.reorderSetting.create({ data: { shop: SHOP, scope: "vendor", key: "Acme", leadTimeDays: 9 } });
    const result = await upload("scope,name,lead_time_days,review_period_days,service_level\nvendor,Acme,30,,\nwarehouse,East,3,,\nvendor,Beta,400,,\n");
    expect(result.status).toBe(422);
    expect(result.body.ok).toBe(false);
    expect(result.body.lines).toEqual([
      { line: 3, message: expect.stringContaining('Scope "warehouse"') },
      { line: 4, message: "Lead time must be 0 to 365 days." },
    ]);
    expect(await stored()).toMatchObject([{ scope: "vendor", key: "Acme", leadTimeDays: 9 }]);
    expect(await recomputesQueued()).toBe(0);
  });
});

describe("forecast settings export and shop scoping", () => {
  it("GIVEN settings of two shops THEN the export, the loader and a delete see only the session's shop", async () => {
    await prisma.reorderSetting.createMany({
      data: [
        { shop: SHOP, scope: "vendor", key: "Acme", leadTimeDays: 21, reviewPeriodDays: null },
        { shop: SHOP, scope: "shop", key: "", leadTimeDays: 12, reviewPeriodDays: 6, serviceLevel: 0.95 },
        { shop: OTHER, scope: "vendor", key: "Acme", leadTimeDays: 99, reviewPeriodDays: 1 },
        { shop: OTHER, scope: "vendor", key: "Secret", leadTimeDays: 50, reviewPeriodDays: null },
      ],
    });
    const response = (await exportRoute.loader(args(new Request(`${URL_BASE}/export`)))) as Response;
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/text\/csv/);
    expect(response.headers.get("content-disposition")).toContain("lead-times.csv");
    expect(await response.text()).toBe("scope,name,lead_time_days,review_period_days,service_level\r\nshop,,12,6,0.95\r\nvendor,Acme,21,,\r\n");

    expect((await load()).overrides.map((o: any) => o.key)).toEqual(["Acme"]);
    expect((await post({ intent: "delete", scope: "vendor", name: "Acme" })).status).toBe(200);
    expect(await stored()).toMatchObject([{ scope: "shop" }]);
    expect(await stored(OTHER)).toMatchObject([
      { key: "Acme", leadTimeDays: 99 },
      { key: "Secret", leadTimeDays: 50 },
    ]);
  });

  it("GIVEN an exported file WHEN uploaded again THEN the same settings (round trip)", async () => {
    await post({ intent: "defaults", leadTimeDays: "8", reviewPeriodDays: "4", serviceLevelPercent: "99" });
    await post({ intent: "override", scope: "vendor", name: "=Acme", leadTimeDays: "3", reviewPeriodDays: "2" });
    const before = await stored();
    const csv = await ((await exportRoute.loader(args(new Request(`${URL_BASE}/export`)))) as Response).text();
    await prisma.reorderSetting.deleteMany({ where: { shop: SHOP } });
    expect((await upload(csv)).status).toBe(200);
    const strip = (rows: typeof before) => rows.map(({ updatedAt: _u, ...r }) => r);
    expect(strip(await stored())).toEqual(strip(before));
  });
});
