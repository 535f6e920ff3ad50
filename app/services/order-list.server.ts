// /app/orders — the backordered order lines behind the dashboard's numbers, filtered the way each number links
// (`?aging=8-14`, `?overdue=1`, `?variant=<id>`, `?status=fulfilled`, `?status=captured&days=30`).
import { z } from "zod";
import { todayIn } from "../domain/eta";
import { AGING_BUCKET_KEYS, agingRange, daysWaiting, DAY_MS, type AgingBucketKey } from "../domain/dashboard";
import { getShopSettings } from "./shop-settings.server";
import { listOrderListLines, summarizeOrderListLines, type OrderListFilter } from "../models/order-list.server";
import { variantLabels } from "./dashboard.server";

export const ORDER_LIST_PAGE_SIZE = 50;
export const ORDER_LIST_STATUSES = ["open", "fulfilled", "captured"] as const;
export type OrderListStatus = (typeof ORDER_LIST_STATUSES)[number];

const positiveInt = (max: number) => z.coerce.number().int().min(1).max(max).optional().catch(undefined);

// Lenient like the variants page: a stale or hand-edited URL falls back to the defaults instead of erroring.
export const orderListQuerySchema = z.object({
  status: z.enum(ORDER_LIST_STATUSES).catch("open"),
  aging: z.enum(AGING_BUCKET_KEYS as [AgingBucketKey, ...AgingBucketKey[]]).optional().catch(undefined),
  overdue: z
    .string()
    .optional()
    .catch(undefined)
    .transform((v) => v === "1" || v === "true"),
  variant: z
    .string()
    .optional()
    .catch(undefined)
    .transform((v) => {
      const id = v?.trim() ?? "";
      if (/^\d+$/.test(id)) return `gid://shopify/ProductVariant/${id}`;
      return /^gid:\/\/shopify\/ProductVariant\/\d+$/.test(id) ? id : undefined;
    }),
  days: positiveInt(365),
  page: positiveInt(10_000).transform((v) => v ?? 1),
});
export type OrderListQuery = z.output<typeof orderListQuerySchema>;

export function parseOrderListQuery(params: URLSearchParams): OrderListQuery {
  const raw: Record<string, string> = {};
  for (const key of Object.keys(orderListQuerySchema.shape)) {
    const value = params.get(key);
    if (value !== null) raw[key] = value;
  }
  return orderListQuerySchema.parse(raw);
}

export type OrderListRow = {
  id: string;
  orderId: string;
  orderName: string;
  orderedAt: string;
  daysWaiting: number;
  variantId: string;
  productTitle: string;
  variantTitle: string;
  quantityBackordered: number;
  owedUnits: number;
  unitPrice: string | null;
  etaCurrent: string | null;
  overdue: boolean;
  status: string;
  holdStatus: string;
  resolvedAt: string | null;
};

export type OrderList = {
  query: OrderListQuery;
  rows: OrderListRow[];
  total: number;
  orders: number;
  units: number;
  page: number;
  pageCount: number;
  timeZone: string;
  variantLabel: string | null;
};

/** The lines a query shows: the aging bucket and the `days` window both bound orderedAt (the later start wins). */
export function orderListFilter(query: OrderListQuery, now: Date, today: string): OrderListFilter {
  let orderedAfter: Date | null = null;
  let orderedNotAfter: Date | null = null;
  if (query.aging) {
    const range = agingRange(query.aging, now);
    orderedAfter = range.after;
    orderedNotAfter = range.notAfter;
  }
  if (query.days) {
    const since = new Date(now.getTime() - query.days * DAY_MS);
    if (!orderedAfter || orderedAfter < since) orderedAfter = since;
  }
  return {
    status: query.status,
    orderedAfter,
    orderedNotAfter,
    etaBefore: query.overdue ? today : null,
    variantId: query.variant ?? null,
  };
}

export async function listBackorderLines(shop: string, query: OrderListQuery, now: Date): Promise<OrderList> {
  const settings = await getShopSettings(shop);
  const today = todayIn(settings.timeZone, now);
  const filter = orderListFilter(query, now, today);
  const newestFirst = query.status === "fulfilled";
  const summary = await summarizeOrderListLines(shop, filter);
  const total = summary.lines;
  const pageCount = Math.max(1, Math.ceil(total / ORDER_LIST_PAGE_SIZE));
  const page = Math.min(query.page, pageCount);
  const lines = await listOrderListLines(shop, filter, {
    order: newestFirst ? "newestResolved" : "oldestOrdered",
    skip: (page - 1) * ORDER_LIST_PAGE_SIZE,
    take: ORDER_LIST_PAGE_SIZE,
  });
  const labels = await variantLabels(shop, [...new Set([...lines.map((l) => l.variantId), ...(query.variant ? [query.variant] : [])])]);
  const rows = lines.map((line): OrderListRow => {
    const label = labels.get(line.variantId);
    const owedUnits = Math.max(0, line.quantityBackordered - line.quantityResolved);
    return {
      id: line.id,
      orderId: line.orderId,
      orderName: line.orderName ?? `Order ${line.orderId.split("/").pop()}`,
      orderedAt: line.orderedAt.toISOString(),
      daysWaiting: daysWaiting(line.orderedAt, line.resolvedAt ?? now),
      variantId: line.variantId,
      productTitle: label?.productTitle ?? line.productTitle ?? "Deleted product",
      variantTitle: label?.variantTitle ?? line.variantTitle ?? "",
      quantityBackordered: line.quantityBackordered,
      owedUnits: line.status === "open" ? owedUnits : 0,
      unitPrice: line.unitPrice,
      etaCurrent: line.etaCurrent,
      overdue: line.status === "open" && owedUnits > 0 && !!line.etaCurrent && line.etaCurrent < today,
      status: line.status,
      holdStatus: line.holdStatus,
      resolvedAt: line.resolvedAt?.toISOString() ?? null,
    };
  });
  const variantLabel = query.variant ? labels.get(query.variant) : null;
  const sumBackordered = summary.unitsBackordered;
  return {
    query,
    rows,
    total,
    orders: summary.orders,
    units: query.status === "open" ? sumBackordered - summary.unitsResolved : sumBackordered,
    page,
    pageCount,
    timeZone: settings.timeZone,
    variantLabel: variantLabel ? [variantLabel.productTitle, variantLabel.variantTitle].filter(Boolean).join(" – ") : null,
  };
}
