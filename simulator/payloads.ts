import type {
  BulkOperationRecord,
  FulfillmentOrderRecord,
  InventoryLevelRecord,
  LineItemRecord,
  OrderFulfillmentRecord,
  OrderRecord,
  OrderRefundRecord,
  ProductRecord,
  ShopData,
  VariantRecord,
} from "./records";

// Webhook payloads in Shopify's REST shape: numeric ids next to `admin_graphql_api_id`, snake_case keys,
// lowercase enums, money as strings and timestamps in the shop's time zone with its UTC offset.

const gid = (type: string, id: number) => `gid://shopify/${type}/${id}`;

const formatters = new Map<string, Intl.DateTimeFormat>();

/** "2026-03-01T09:30:00-05:00": how REST payloads render times (shop time zone, explicit offset). */
export function formatShopTime(ms: number, timeZone: string): string {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
      hourCycle: "h23",
      timeZoneName: "longOffset",
    });
    formatters.set(timeZone, formatter);
  }
  const parts: Record<string, string> = {};
  for (const part of formatter.formatToParts(new Date(ms))) parts[part.type] = part.value;
  const offset = parts.timeZoneName === "GMT" ? "+00:00" : parts.timeZoneName.replace("GMT", "");
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}${offset}`;
}

const shopTime = (data: ShopData, ms: number | null) => (ms === null ? null : formatShopTime(ms, data.shop.ianaTimezone));

const money = (amount: string, currency: string) => ({
  shop_money: { amount, currency_code: currency },
  presentment_money: { amount, currency_code: currency },
});

export function buildVariantPayload(data: ShopData, variant: VariantRecord) {
  const item = data.itemOf(variant);
  const quantity = data.availableTotal(item);
  return {
    admin_graphql_api_id: gid("ProductVariant", variant.id),
    barcode: variant.barcode,
    compare_at_price: variant.compareAtPrice,
    created_at: shopTime(data, variant.createdAt),
    id: variant.id,
    inventory_policy: variant.inventoryPolicy.toLowerCase(),
    position: variant.position,
    price: variant.price,
    product_id: variant.productId,
    sku: variant.sku,
    taxable: variant.taxable,
    title: variant.title,
    updated_at: shopTime(data, variant.updatedAt),
    option1: variant.optionValues[0] ?? null,
    option2: variant.optionValues[1] ?? null,
    option3: variant.optionValues[2] ?? null,
    image_id: null,
    inventory_item_id: item.id,
    inventory_quantity: quantity,
    old_inventory_quantity: quantity,
  };
}

export function buildProductPayload(data: ShopData, product: ProductRecord) {
  const variants = data.variantsOf(product);
  return {
    admin_graphql_api_id: gid("Product", product.id),
    body_html: product.descriptionHtml,
    created_at: shopTime(data, product.createdAt),
    handle: product.handle,
    id: product.id,
    product_type: product.productType,
    published_at: shopTime(data, product.publishedAt),
    template_suffix: null,
    title: product.title,
    updated_at: shopTime(data, product.updatedAt),
    vendor: product.vendor,
    status: product.status.toLowerCase(),
    published_scope: "global",
    tags: product.tags.join(", "),
    variants: variants.map((variant) => buildVariantPayload(data, variant)),
    options: product.options.map((option, index) => ({ name: option.name, product_id: product.id, position: index + 1, values: option.values })),
    images: [],
    image: null,
    media: [],
    variant_gids: variants.map((variant) => ({ admin_graphql_api_id: gid("ProductVariant", variant.id), updated_at: new Date(variant.updatedAt).toISOString() })),
    has_variants_that_requires_components: false,
    category: null,
  };
}

export function buildProductDeletePayload(product: ProductRecord) {
  return { id: product.id };
}

export function buildInventoryLevelPayload(data: ShopData, level: InventoryLevelRecord) {
  return {
    inventory_item_id: level.itemId,
    location_id: level.locationId,
    available: level.available,
    updated_at: shopTime(data, level.updatedAt),
    admin_graphql_api_id: `gid://shopify/InventoryLevel/${level.locationId}?inventory_item_id=${level.itemId}`,
  };
}

function buildLineItemPayload(data: ShopData, order: OrderRecord, lineItem: LineItemRecord) {
  const variant = lineItem.variantId === null ? undefined : data.variants.get(lineItem.variantId);
  const tracked = variant ? data.itemOf(variant).tracked : false;
  const remaining = fulfillableQuantity(data, lineItem);
  return {
    id: lineItem.id,
    admin_graphql_api_id: gid("LineItem", lineItem.id),
    current_quantity: lineItem.quantity,
    fulfillable_quantity: remaining,
    fulfillment_service: "manual",
    fulfillment_status: lineFulfillmentStatus(order, lineItem),
    gift_card: false,
    grams: 0,
    name: lineItem.variantTitle ? `${lineItem.title} - ${lineItem.variantTitle}` : lineItem.title,
    price: lineItem.price,
    price_set: money(lineItem.price, order.currencyCode),
    product_exists: lineItem.productId !== null && data.products.has(lineItem.productId),
    product_id: lineItem.productId,
    properties: lineItem.customAttributes.map((attribute) => ({ name: attribute.key, value: attribute.value })),
    quantity: lineItem.originalQuantity ?? lineItem.quantity,
    requires_shipping: lineItem.requiresShipping,
    sku: lineItem.sku,
    taxable: lineItem.taxable,
    title: lineItem.title,
    total_discount: "0.00",
    total_discount_set: money("0.00", order.currencyCode),
    variant_id: lineItem.variantId,
    variant_inventory_management: tracked ? "shopify" : null,
    variant_title: lineItem.variantTitle,
    vendor: lineItem.vendor,
    tax_lines: [],
    duties: [],
    discount_allocations: [],
  };
}

function fulfilledUnits(order: OrderRecord, lineItemId: number): number {
  let units = 0;
  for (const fulfillment of order.fulfillmentLog ?? []) for (const line of fulfillment.lineItems) if (line.lineItemId === lineItemId) units += line.quantity;
  return units;
}

/** REST line fulfillment_status: null (nothing shipped), "partial" or "fulfilled". */
function lineFulfillmentStatus(order: OrderRecord, lineItem: LineItemRecord): string | null {
  const fulfilled = fulfilledUnits(order, lineItem.id);
  if (fulfilled === 0) return null;
  return fulfilled >= lineItem.quantity ? "fulfilled" : "partial";
}

function orderFulfillmentStatus(data: ShopData, order: OrderRecord): string | null {
  const statuses = order.lineItemIds.map((id) => lineFulfillmentStatus(order, data.lineItems.get(id)!));
  if (statuses.every((status) => status === null)) return null;
  return statuses.every((status) => status === "fulfilled") ? "fulfilled" : "partial";
}

function buildFulfillmentBody(data: ShopData, order: OrderRecord, fulfillment: OrderFulfillmentRecord) {
  return {
    id: fulfillment.id,
    admin_graphql_api_id: gid("Fulfillment", fulfillment.id),
    order_id: order.id,
    location_id: fulfillment.locationId,
    name: `${order.name}.${(order.fulfillmentLog ?? []).indexOf(fulfillment) + 1}`,
    status: "success",
    service: "manual",
    shipment_status: null,
    tracking_company: null,
    tracking_number: null,
    tracking_numbers: [],
    tracking_url: null,
    tracking_urls: [],
    created_at: shopTime(data, fulfillment.createdAt),
    updated_at: shopTime(data, fulfillment.createdAt),
    line_items: fulfillment.lineItems.map((line) => ({ ...buildLineItemPayload(data, order, data.lineItems.get(line.lineItemId)!), quantity: line.quantity })),
  };
}

/** fulfillments/create: the fulfillment with its line items (quantity = units in this fulfillment). */
export function buildFulfillmentPayload(data: ShopData, order: OrderRecord, fulfillment: OrderFulfillmentRecord) {
  return buildFulfillmentBody(data, order, fulfillment);
}

function buildRefundBody(data: ShopData, order: OrderRecord, refund: OrderRefundRecord) {
  return {
    id: refund.id,
    admin_graphql_api_id: gid("Refund", refund.id),
    order_id: order.id,
    created_at: shopTime(data, refund.createdAt),
    processed_at: shopTime(data, refund.createdAt),
    note: refund.note,
    restock: refund.lineItems.some((line) => line.restockType !== "no_restock"),
    user_id: null,
    refund_line_items: refund.lineItems.map((line) => {
      const lineItem = data.lineItems.get(line.lineItemId)!;
      const subtotal = ((Math.round(Number(lineItem.price) * 100) * line.quantity) / 100).toFixed(2);
      return {
        id: line.id,
        line_item_id: line.lineItemId,
        location_id: line.locationId,
        quantity: line.quantity,
        restock_type: line.restockType,
        subtotal,
        subtotal_set: money(subtotal, order.currencyCode),
        total_tax: "0.00",
        line_item: buildLineItemPayload(data, order, lineItem),
      };
    }),
    transactions: [],
    order_adjustments: [],
  };
}

/** refunds/create: the refund with its refund_line_items (restock_type cancel | return | no_restock). */
export function buildRefundPayload(data: ShopData, order: OrderRecord, refund: OrderRefundRecord) {
  return buildRefundBody(data, order, refund);
}

/** Units of a line still waiting in open (or held) fulfillment orders. */
export function fulfillableQuantity(data: ShopData, lineItem: LineItemRecord): number {
  const order = data.orders.get(lineItem.orderId);
  if (!order) return lineItem.quantity;
  let remaining = 0;
  for (const foId of order.fulfillmentOrderIds) {
    const fulfillmentOrder = data.fulfillmentOrders.get(foId);
    if (!fulfillmentOrder || fulfillmentOrder.status === "CLOSED" || fulfillmentOrder.status === "CANCELLED") continue;
    for (const foLine of data.fulfillmentOrderLineItemsOf(fulfillmentOrder)) {
      if (foLine.lineItemId === lineItem.id) remaining += foLine.remainingQuantity;
    }
  }
  return remaining;
}

export function orderSubtotal(data: ShopData, order: OrderRecord): string {
  let cents = 0;
  for (const id of order.lineItemIds) {
    const lineItem = data.lineItems.get(id)!;
    cents += Math.round(Number(lineItem.price) * 100) * lineItem.quantity;
  }
  return (cents / 100).toFixed(2);
}

export function buildOrderPayload(data: ShopData, order: OrderRecord) {
  const total = orderSubtotal(data, order);
  const currency = order.currencyCode;
  return {
    id: order.id,
    admin_graphql_api_id: gid("Order", order.id),
    app_id: null,
    browser_ip: null,
    buyer_accepts_marketing: false,
    cancel_reason: order.cancelReason ?? null,
    cancelled_at: shopTime(data, order.cancelledAt),
    closed_at: shopTime(data, order.closedAt),
    confirmed: true,
    contact_email: order.email,
    created_at: shopTime(data, order.createdAt),
    currency,
    customer_locale: order.customerLocale ?? null,
    current_subtotal_price: total,
    current_total_price: total,
    current_total_tax: "0.00",
    email: order.email,
    financial_status: order.financialStatus.toLowerCase(),
    fulfillment_status: orderFulfillmentStatus(data, order),
    name: order.name,
    note: order.note,
    note_attributes: order.customAttributes.map((attribute) => ({ name: attribute.key, value: attribute.value })),
    number: order.number - 1000,
    order_number: order.number,
    presentment_currency: currency,
    processed_at: shopTime(data, order.processedAt),
    source_name: "web",
    subtotal_price: total,
    subtotal_price_set: money(total, currency),
    tags: order.tags.join(", "),
    test: false,
    total_discounts: "0.00",
    total_line_items_price: total,
    total_price: total,
    total_price_set: money(total, currency),
    total_tax: "0.00",
    updated_at: shopTime(data, order.updatedAt),
    customer: order.email ? { id: null, email: order.email, first_name: null, last_name: null, locale: order.customerLocale ?? null } : null,
    line_items: order.lineItemIds.map((id) => buildLineItemPayload(data, order, data.lineItems.get(id)!)),
    fulfillments: (order.fulfillmentLog ?? []).map((fulfillment) => buildFulfillmentBody(data, order, fulfillment)),
    refunds: (order.refundLog ?? []).map((refund) => buildRefundBody(data, order, refund)),
    shipping_lines: [],
  };
}

export function buildFulfillmentOrderPayload(data: ShopData, fulfillmentOrder: FulfillmentOrderRecord) {
  return {
    id: gid("FulfillmentOrder", fulfillmentOrder.id),
    status: fulfillmentOrder.status.toLowerCase(),
    fulfillment_holds: fulfillmentOrder.holds.map((hold) => ({ id: gid("FulfillmentHold", hold.id), reason: hold.reason.toLowerCase(), reason_notes: hold.reasonNotes, handle: hold.handle })),
    line_items: data.fulfillmentOrderLineItemsOf(fulfillmentOrder).map((line) => ({ id: gid("FulfillmentOrderLineItem", line.id), quantity: line.remainingQuantity })),
  };
}

export function buildBulkOperationFinishPayload(data: ShopData | undefined, operation: BulkOperationRecord) {
  const time = (ms: number | null) => (ms === null ? null : data ? shopTime(data, ms) : new Date(ms).toISOString());
  return {
    admin_graphql_api_id: gid("BulkOperation", operation.id),
    completed_at: time(operation.completedAt),
    created_at: time(operation.createdAt),
    error_code: operation.errorCode ? operation.errorCode.toLowerCase() : null,
    status: operation.status.toLowerCase(),
    type: operation.type.toLowerCase(),
  };
}

export function buildShopPayload(data: ShopData) {
  const shop = data.shop;
  let primaryLocationId: number | null = null;
  for (const location of data.locations.values()) {
    if (location.isActive) {
      primaryLocationId = location.id;
      break;
    }
  }
  return {
    id: shop.id,
    name: shop.name,
    email: shop.email,
    domain: shop.myshopifyDomain,
    province: "New York",
    country: "US",
    address1: "1 Simulator Way",
    zip: "10001",
    city: "New York",
    source: null,
    phone: "",
    latitude: null,
    longitude: null,
    primary_locale: "en",
    address2: null,
    created_at: shopTime(data, shop.createdAt),
    updated_at: shopTime(data, shop.updatedAt),
    country_code: "US",
    country_name: "United States",
    currency: shop.currencyCode,
    customer_email: shop.email,
    timezone: `(GMT${formatShopTime(shop.createdAt, shop.ianaTimezone).slice(-6)}) ${shop.ianaTimezone}`,
    iana_timezone: shop.ianaTimezone,
    shop_owner: "Simulator Owner",
    money_format: "${{amount}}",
    money_with_currency_format: `\${{amount}} ${shop.currencyCode}`,
    weight_unit: "kg",
    province_code: "NY",
    taxes_included: false,
    auto_configure_tax_inclusivity: null,
    tax_shipping: null,
    county_taxes: true,
    plan_display_name: shop.planName,
    plan_name: "partner_test",
    has_discounts: false,
    has_gift_cards: false,
    myshopify_domain: shop.myshopifyDomain,
    google_apps_domain: null,
    google_apps_login_enabled: null,
    money_in_emails_format: "${{amount}}",
    money_with_currency_in_emails_format: `\${{amount}} ${shop.currencyCode}`,
    eligible_for_payments: true,
    requires_extra_payments_agreement: false,
    password_enabled: true,
    has_storefront: true,
    finances: true,
    primary_location_id: primaryLocationId,
    checkout_api_supported: false,
    multi_location_enabled: true,
    setup_required: false,
    pre_launch_enabled: false,
    enabled_presentment_currencies: [shop.currencyCode],
    marketing_sms_consent_enabled_at_checkout: false,
    transactional_sms_disabled: false,
  };
}
