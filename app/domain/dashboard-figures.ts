// What the dashboard's figures count: the windows they cover and which ledger lines are sales. Shared by the
// service that builds the figures, the SQL that computes them (app/models/dashboard-metrics.server.ts) and the
// orders list each figure links to (app/models/order-list.server.ts), so a number and its list always agree.

export const CONVERSION_WINDOW_DAYS = 30;
/** An alert converted when the notified shopper ordered within this many days after it. */
export const CONVERSION_ATTRIBUTION_DAYS = 7;
export const REVENUE_WINDOW_DAYS = 30;
export const TOP_VARIANTS = 5;

/** Ledger statuses whose units were (or will be) sold: cancelled, refunded and removed lines are not revenue. */
export const CAPTURED_STATUSES = ["open", "fulfilled"] as const;
