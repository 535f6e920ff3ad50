// The variants page's list query on 10,000 seeded variants (throw-away SQLite): every filter returns exactly the
// variants a plain in-memory filter finds, every sort walks all pages forward and back by cursor with no
// duplicates or gaps in the expected order, and the query times are printed.
import { beforeAll, describe, expect, it } from "vitest";
import prisma from "#app/db.server";
import {
  decodeCursor,
  getVariantFilterOptions,
  listVariants,
  loadVariantsPage,
  selectMatchingVariantIds,
  SelectionTooLargeError,
} from "#app/services/variant-list.server";
import {
  BACKORDER_STATES,
  parseVariantListQuery,
  toVariantListSearchParams,
  type VariantListQuery,
  type VariantSortKey,
} from "#app/schemas/variant-list";

const SHOP = "variant-list.myshopify.com";
const OTHER_SHOP = "someone-else.myshopify.com";
const TODAY = "2026-11-24";
const PRODUCTS = 2_000;
const VARIANTS_PER_PRODUCT = 5;
const TOTAL = PRODUCTS * VARIANTS_PER_PRODUCT;

type Seed = {
  id: string;
  productId: string;
  productTitle: string;
  title: string;
  sku: string | null;
  position: number;
  available: number;
  state: (typeof BACKORDER_STATES)[number];
  vendor: string | null;
  productType: string | null;
  tags: string[];
  collections: string[];
  etaDate: string | null;
  leadTimeDays: number | null;
};

const pad = (n: number, width = 5) => String(n).padStart(width, "0");
const productGid = (p: number) => `gid://shopify/Product/${100_000 + p}`;
const variantGid = (p: number, v: number) => `gid://shopify/ProductVariant/${pad(p * 10 + v, 7)}`;
const collectionGid = (c: number) => `gid://shopify/Collection/${900 + c}`;

function productTags(p: number): string[] {
  const tags = [`t${p % 3}`];
  if (p % 4 === 0) tags.push("Sale");
  if (p % 9 === 0) tags.push("Sales"); // must not match a "sale" filter
  if (p % 50 === 0) tags.push("50%_off"); // LIKE wildcards in a tag
  return tags;
}

const seeds: Seed[] = [];
for (let p = 0; p < PRODUCTS; p++) {
  // Titles repeat (4 products per title) so the tie-breakers matter; the 50%-titles exercise LIKE escaping.
  const productTitle = p % 250 === 0 ? `Deal 50% Widget ${p % 500}` : `Widget ${pad(p % 500, 3)}`;
  for (let v = 0; v < VARIANTS_PER_PRODUCT; v++) {
    const n = p * VARIANTS_PER_PRODUCT + v;
    const hasFixed = n % 3 === 0;
    const hasLead = !hasFixed && n % 4 === 0;
    seeds.push({
      id: variantGid(p, v),
      productId: productGid(p),
      productTitle,
      title: ["Small", "Medium", "Large", "XL", "XXL"][v],
      sku: n % 97 === 0 ? null : `SKU-${pad(p, 4)}-${v}`,
      position: v + 1,
      available: (n % 23) - 8,
      state: BACKORDER_STATES[n % BACKORDER_STATES.length],
      vendor: p % 13 === 0 ? null : `Vendor ${p % 7}`,
      productType: `Type ${p % 5}`,
      tags: productTags(p),
      collections: [collectionGid(p % 10), collectionGid((p + 3) % 10)],
      // Fixed ETAs spread over Nov–Dec 2026 (some before TODAY → overdue); lead times 0…14 days.
      etaDate: hasFixed ? `2026-${n % 2 ? "11" : "12"}-${pad((n % 28) + 1, 2)}` : null,
      leadTimeDays: hasLead ? n % 15 : null,
    });
  }
}

beforeAll(async () => {
  const started = performance.now();
  await prisma.product.createMany({
    data: Array.from({ length: PRODUCTS }, (_, p) => {
      const first = seeds[p * VARIANTS_PER_PRODUCT];
      return {
        shop: SHOP,
        id: first.productId,
        title: first.productTitle,
        handle: `widget-${p}`,
        vendor: first.vendor,
        productType: first.productType,
        tags: first.tags.join(", "),
      };
    }),
  });
  await prisma.collection.createMany({
    data: Array.from({ length: 10 }, (_, c) => ({ shop: SHOP, id: collectionGid(c), title: `Collection ${c}` })),
  });
  await prisma.productCollection.createMany({
    data: Array.from({ length: PRODUCTS }, (_, p) => seeds[p * VARIANTS_PER_PRODUCT].collections.map((collectionId) => ({ shop: SHOP, productId: productGid(p), collectionId }))).flat(),
  });
  await prisma.variant.createMany({
    data: seeds.map((s) => ({
      shop: SHOP,
      id: s.id,
      productId: s.productId,
      title: s.title,
      sku: s.sku,
      position: s.position,
      availableTotal: s.available,
      inventoryPolicy: s.available < 0 ? "CONTINUE" : "DENY",
      backorderState: s.state,
    })),
  });
  await prisma.variantBackorder.createMany({
    data: seeds
      .filter((s) => s.etaDate !== null || s.leadTimeDays !== null)
      .map((s) => ({ shop: SHOP, variantId: s.id, enabled: true, etaDate: s.etaDate, leadTimeDays: s.leadTimeDays, cap: 10 })),
  });
  // Another shop's rows must never show up.
  await prisma.product.create({ data: { shop: OTHER_SHOP, id: productGid(0), title: "Widget 000", handle: "w", vendor: "Vendor 0", tags: "t0" } });
  await prisma.variant.create({ data: { shop: OTHER_SHOP, id: variantGid(0, 1), productId: productGid(0), title: "Medium", sku: "SKU-0000-1" } });
  console.log(`seeded ${TOTAL} variants / ${PRODUCTS} products in ${(performance.now() - started).toFixed(0)} ms`);
}, 120_000);

// ---------------------------------------------------------------------------------------------------------------
// The expected answers, computed in memory

const STATE_ORDER = ["backorder_cap_reached", "sold_out", "backorder", "low_stock", "discontinued", "in_stock", "untracked"];

function sortKey(s: Seed, sort: VariantSortKey, dir: "asc" | "desc"): Array<string | number> {
  const product = [s.productTitle, s.productId, s.position, s.id];
  switch (sort) {
    case "available":
      return [s.available, s.id];
    case "eta": {
      const [fixed, lead, none] = dir === "asc" ? [0, 1, 2] : [2, 1, 0];
      const rank = s.etaDate !== null ? fixed : s.leadTimeDays !== null ? lead : none;
      return [rank, s.etaDate ?? "", s.leadTimeDays ?? 0, s.id];
    }
    case "state":
      return [STATE_ORDER.indexOf(s.state), ...product];
    default:
      return product;
  }
}

function compareKeys(a: Array<string | number>, b: Array<string | number>): number {
  for (let i = 0; i < a.length; i++) {
    if (a[i] < b[i]) return -1;
    if (a[i] > b[i]) return 1;
  }
  return 0;
}

function expectedOrder(items: Seed[], sort: VariantSortKey, dir: "asc" | "desc"): string[] {
  const sign = dir === "asc" ? 1 : -1;
  return [...items].sort((a, b) => sign * compareKeys(sortKey(a, sort, dir), sortKey(b, sort, dir))).map((s) => s.id);
}

const tagMatch = (s: Seed, tag: string) => s.tags.some((t) => t.toLowerCase() === tag.toLowerCase());

function expectedFilter(query: Partial<VariantListQuery>): Seed[] {
  return seeds.filter((s) => {
    if (query.q) {
      for (const term of query.q.toLowerCase().split(/\s+/).filter(Boolean)) {
        const hay = [s.productTitle, s.title, s.sku ?? ""].map((x) => x.toLowerCase());
        if (!hay.some((x) => x.includes(term))) return false;
      }
    }
    if (query.state?.length && !query.state.includes(s.state)) return false;
    if (query.vendor && s.vendor !== query.vendor) return false;
    if (query.type && s.productType !== query.type) return false;
    if (query.collection && !s.collections.includes(query.collection)) return false;
    if (query.tag && !tagMatch(s, query.tag)) return false;
    if (query.eta === "set" && s.etaDate === null && s.leadTimeDays === null) return false;
    if (query.eta === "none" && (s.etaDate !== null || s.leadTimeDays !== null)) return false;
    if (query.eta === "overdue" && !(s.etaDate !== null && s.etaDate < TODAY)) return false;
    return true;
  });
}

const query = (params: Record<string, string> = {}) => parseVariantListQuery(new URLSearchParams(params));

/** Walks every page forward (after), then back (before) from the last page; returns the ids in order. */
async function walk(q: VariantListQuery, pageSize: number) {
  const pages: Array<{ ids: string[]; startCursor: string | null }> = [];
  let cursor: string | undefined;
  for (let guard = 0; guard < 10_000; guard++) {
    const page = await listVariants(SHOP, { ...q, after: cursor, before: undefined }, { today: TODAY, pageSize });
    pages.push({ ids: page.rows.map((r) => r.id), startCursor: page.pageInfo.startCursor });
    expect(page.pageInfo.hasPreviousPage).toBe(cursor !== undefined);
    if (!page.pageInfo.hasNextPage) break;
    expect(page.rows).toHaveLength(pageSize);
    cursor = page.pageInfo.endCursor!;
  }
  // Back from the last page: each `before` page must be exactly the previous forward page.
  for (let i = pages.length - 1; i > 0; i--) {
    const back = await listVariants(SHOP, { ...q, after: undefined, before: pages[i].startCursor! }, { today: TODAY, pageSize });
    expect(back.rows.map((r) => r.id)).toEqual(pages[i - 1].ids);
    expect(back.pageInfo.hasNextPage).toBe(true);
    expect(back.pageInfo.hasPreviousPage).toBe(i - 1 > 0);
  }
  return pages.flatMap((page) => page.ids);
}

// ---------------------------------------------------------------------------------------------------------------

describe("listVariants on 10,000 variants", () => {
  it("GIVEN the default query THEN the first page has 50 rows in product order, with the total, and is fast", async () => {
    await listVariants(SHOP, query(), { today: TODAY }); // warm up the connection and statement cache
    const times: number[] = [];
    let page = await listVariants(SHOP, query(), { today: TODAY });
    for (let i = 0; i < 5; i++) {
      const t = performance.now();
      page = await listVariants(SHOP, query(), { today: TODAY });
      times.push(performance.now() - t);
    }
    const median = times.sort((a, b) => a - b)[2];
    console.log(`first page (50 of ${TOTAL}, rows + count): median ${median.toFixed(1)} ms`);
    expect(page.rows).toHaveLength(50);
    expect(page.total).toBe(TOTAL);
    expect(page.rows.map((r) => r.id)).toEqual(expectedOrder(seeds, "product", "asc").slice(0, 50));
    expect(page.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    expect(median).toBeLessThan(1_000);
  });

  it("GIVEN a row THEN it carries the mirror and backorder fields the table shows", async () => {
    const target = seeds.find((s) => s.etaDate !== null && s.available < 0 && s.sku !== null)!;
    const page = await listVariants(SHOP, query({ q: target.sku! }), { today: TODAY });
    expect(page.rows).toHaveLength(1);
    expect(page.rows[0]).toMatchObject({
      id: target.id,
      productTitle: target.productTitle,
      title: target.title,
      sku: target.sku,
      available: target.available,
      inventoryPolicy: "CONTINUE",
      state: target.state,
      enabled: true,
      etaDate: target.etaDate,
      leadTimeDays: null,
      cap: 10,
      unitsBackordered: -target.available,
      etaOverdue: target.etaDate! < TODAY,
      vendor: target.vendor,
    });
  });

  for (const sort of ["product", "available", "eta", "state"] as const) {
    for (const dir of ["asc", "desc"] as const) {
      it(`GIVEN sort=${sort} ${dir} WHEN walking every page by cursor, forward and back THEN no duplicates, no gaps, expected order`, async () => {
        const t = performance.now();
        const ids = await walk(query({ sort, dir }), 250);
        console.log(`sort ${sort} ${dir}: walked ${ids.length} rows forward and back in ${(performance.now() - t).toFixed(0)} ms`);
        expect(new Set(ids).size).toBe(TOTAL);
        expect(ids).toEqual(expectedOrder(seeds, sort, dir));
      });
    }
  }

  it("GIVEN the default page size of 50 THEN 200 pages cover every variant exactly once", async () => {
    const t = performance.now();
    const ids: string[] = [];
    let after: string | undefined;
    let pages = 0;
    for (;;) {
      const page = await listVariants(SHOP, { ...query(), after }, { today: TODAY });
      pages++;
      ids.push(...page.rows.map((r) => r.id));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor!;
    }
    const elapsed = performance.now() - t;
    console.log(`200 pages of 50: ${elapsed.toFixed(0)} ms total, ${(elapsed / pages).toFixed(1)} ms per page`);
    expect(pages).toBe(TOTAL / 50);
    expect(new Set(ids).size).toBe(TOTAL);
  });

  const FILTER_CASES: Array<Record<string, string>> = [
    { state: "backorder" },
    { state: "sold_out,backorder_cap_reached" },
    { vendor: "Vendor 3" },
    { type: "Type 2" },
    { collection: collectionGid(4) },
    { tag: "sale" }, // case-insensitive, whole tag ("Sales" must not match)
    { tag: "50%_off" },
    { tag: "t1" },
    { eta: "set" },
    { eta: "none" },
    { eta: "overdue" },
    { q: "widget 042" },
    { q: "SKU-0123" },
    { q: "xl" },
    { q: "50%" }, // LIKE wildcard searched literally
    { q: "_" },
    { q: "medium widget 1" },
    { state: "backorder", vendor: "Vendor 1", eta: "set" },
    { collection: collectionGid(7), tag: "t2", type: "Type 4", q: "large" },
    { q: "no such thing" },
  ];

  for (const params of FILTER_CASES) {
    it(`GIVEN filters ${JSON.stringify(params)} THEN exactly the matching variants, in order, paginated`, async () => {
      const q = query(params);
      const expected = expectedFilter(q);
      const t = performance.now();
      const first = await listVariants(SHOP, q, { today: TODAY });
      const ms = performance.now() - t;
      console.log(`filter ${JSON.stringify(params)}: ${expected.length} matches, first page ${ms.toFixed(1)} ms`);
      expect(first.total).toBe(expected.length);
      expect(first.rows.map((r) => r.id)).toEqual(expectedOrder(expected, "product", "asc").slice(0, 50));
      const ids = await selectMatchingVariantIds(SHOP, q, { today: TODAY });
      expect([...ids].sort()).toEqual(expected.map((s) => s.id).sort());
      if (expected.length > 50 && expected.length <= 3_000) {
        const walked = await walk({ ...q, sort: "eta", dir: "desc" }, 100);
        expect(walked).toEqual(expectedOrder(expected, "eta", "desc"));
      }
    });
  }

  it("GIVEN a tampered, foreign or other-sort cursor THEN the first page is returned", async () => {
    const first = await listVariants(SHOP, query(), { today: TODAY });
    const byAvailable = await listVariants(SHOP, query({ sort: "available" }), { today: TODAY });
    for (const after of ["garbage", "eyJzIjoicHJvZHVjdCJ9", byAvailable.pageInfo.endCursor!]) {
      const page = await listVariants(SHOP, { ...query(), after }, { today: TODAY });
      expect(page.rows.map((r) => r.id)).toEqual(first.rows.map((r) => r.id));
    }
    // Wrong value types in a cursor never reach SQL.
    const forged = Buffer.from(JSON.stringify({ s: "product", d: "asc", k: [1, 2, 3, 4] })).toString("base64url");
    expect(decodeCursor(forged, "product", "asc")).toBeNull();
  });

  it("GIVEN another shop's variants THEN they are never listed or selected", async () => {
    const page = await listVariants(SHOP, query({ q: "SKU-0000-1" }), { today: TODAY });
    expect(page.rows.map((r) => r.id)).toEqual([variantGid(0, 1)]);
    expect(await selectMatchingVariantIds(SHOP, query({ q: "SKU-0000-1" }), { today: TODAY })).toEqual([variantGid(0, 1)]);
    const other = await listVariants(OTHER_SHOP, query(), { today: TODAY });
    expect(other.total).toBe(1);
  });

  it("GIVEN more matches than the selection limit THEN select-all-matching refuses", async () => {
    await expect(selectMatchingVariantIds(SHOP, query(), { today: TODAY, limit: 100 })).rejects.toBeInstanceOf(SelectionTooLargeError);
  });

  it("THEN the filter options are the distinct vendors, types, tags and collections", async () => {
    const t = performance.now();
    const options = await getVariantFilterOptions(SHOP);
    console.log(`filter options: ${(performance.now() - t).toFixed(1)} ms`);
    expect(options.vendors).toEqual(Array.from({ length: 7 }, (_, i) => `Vendor ${i}`));
    expect(options.productTypes).toEqual(Array.from({ length: 5 }, (_, i) => `Type ${i}`));
    expect(options.tags).toEqual(["50%_off", "Sale", "Sales", "t0", "t1", "t2"]);
    expect(options.collections).toHaveLength(10);
  });

  it("GIVEN URL params THEN they parse leniently and round-trip", () => {
    const q = query({ q: "  shirt ", state: "backorder,bogus,sold_out", sort: "nope", dir: "desc", eta: "later", tag: "Sale" });
    expect(q).toMatchObject({ q: "shirt", state: ["backorder", "sold_out"], sort: "product", dir: "desc", eta: undefined, tag: "Sale" });
    expect(parseVariantListQuery(toVariantListSearchParams(q))).toEqual(q);
  });

  it("GIVEN the page loader's service THEN it returns the page, options and today in the shop's zone", async () => {
    const data = await loadVariantsPage(SHOP, query({ state: "backorder" }), new Date("2026-11-24T12:00:00Z"));
    expect(data.today).toBe("2026-11-24");
    expect(data.timeZone).toBe("UTC");
    expect(data.catalogSize).toBe(TOTAL);
    expect(data.page.total).toBe(expectedFilter({ state: ["backorder"] }).length);
    expect(data.job).toBeNull();
  });
});
