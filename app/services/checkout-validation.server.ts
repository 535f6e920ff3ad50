// The checkout validation: Settings → "Enforce caps at checkout" registers the app's Cart and Checkout Validation
// Function (extensions/backorder-cap-validation) with Shopify, so every checkout (express wallets, Storefront API
// carts, any theme) is refused when a line would take a variant past what `$app.backorder_sellable` allows.
//
// syncCheckoutValidation makes Shopify match the switch and is safe to run any number of times:
//   - it always reads the shop's validations first and recognises ours by its function's handle, so a stale stored
//     id (validation deleted in Shopify, reinstall) or a run that died after creating never leads to a second one;
//   - when two runs raced and both created, each keeps the same one (the lowest id) and deletes the rest;
//   - `blockOnFailure: false`: if the function ever fails at run time, Shopify lets the checkout through — a bug
//     or bad data of ours must never stop a store from selling (the after-the-fact DENY switch still holds caps);
//   - the outcome (active / inactive / failed with a message the merchant can act on) is stored on the Shop row for
//     the Settings page.
// It runs as the `checkout.validation.sync` job on install, on reauthorisation (a newly approved permission) and
// hourly after that (repairing a validation deleted in Shopify), and directly from a Settings save that flips the
// switch. On uninstall Shopify deletes the app's validations itself,
// and deleteAllForShop removes the stored state with the rest of the shop.

import { AdminGraphqlError, AdminMissingDataError, AdminUserError } from "#app/shopify/graphql-errors";
import type { AdminGateway, CheckoutValidation } from "#app/shopify/admin-gateway.server";
import { lazyGateway, type GatewaySource } from "#app/shopify/gateway-source";
import {
  loadCheckoutValidationState,
  recordCheckoutValidationState,
  type CheckoutValidationState,
  type CheckoutValidationStatus,
} from "#app/models/shop.server";
import { getShopSettings } from "#app/models/shop-settings.server";
import { requestRun } from "../jobs/enqueue.server";
import { CHECKOUT_VALIDATION_SYNC_JOB } from "../jobs/job-types";

export { CHECKOUT_VALIDATION_SYNC_JOB, type CheckoutValidationState, type CheckoutValidationStatus };

/** The function extension's handle (extensions/backorder-cap-validation/shopify.extension.toml). */
export const CHECKOUT_VALIDATION_FUNCTION_HANDLE = "backorder-cap-validation";
/** The name merchants see in Shopify admin → Settings → Checkout → Checkout rules. */
export const CHECKOUT_VALIDATION_TITLE = "Backorder cap";

export const MISSING_PERMISSION_MESSAGE =
  "Backorders needs a new permission to run its check in checkout (manage checkout validations). Open the app to approve it, or reinstall the app.";

export type CheckoutValidationGateway = Pick<AdminGateway, "listCheckoutValidations" | "createCheckoutValidation" | "deleteCheckoutValidation">;

export type CheckoutValidationSyncResult = CheckoutValidationState & {
  /** What this run changed in Shopify. */
  created: boolean;
  deleted: number;
  /** A failure a later run may not repeat (network, throttling, 5xx): the job retries it. */
  retryable: boolean;
};

const numericId = (gid: string) => {
  const match = /(\d+)$/.exec(gid);
  return match ? BigInt(match[1]) : BigInt(0);
};

/** The one of ours to keep: the oldest (lowest id), so racing runs agree on it. */
function pickKept(ours: readonly CheckoutValidation[]): CheckoutValidation | null {
  return [...ours].sort((a, b) => (numericId(a.id) < numericId(b.id) ? -1 : numericId(a.id) > numericId(b.id) ? 1 : 0))[0] ?? null;
}

function isAccessDenied(error: unknown): boolean {
  return error instanceof AdminGraphqlError && error.errors.some((e) => e.extensions?.code === "ACCESS_DENIED");
}

/** The merchant-facing message of a failed sync, and whether retrying later can help. */
function describeFailure(error: unknown): { message: string; retryable: boolean } {
  if (isAccessDenied(error)) return { message: MISSING_PERMISSION_MESSAGE, retryable: false };
  if (error instanceof AdminUserError) {
    return { message: `Shopify refused to turn on the check: ${error.userErrors.map((e) => e.message).join("; ")}`, retryable: false };
  }
  if (error instanceof AdminGraphqlError || error instanceof AdminMissingDataError) {
    return { message: `Shopify answered with an error: ${error.message}`, retryable: false };
  }
  return { message: `Could not reach Shopify: ${error instanceof Error ? error.message : String(error)}. Retrying.`, retryable: true };
}

/** Registers or removes the app's checkout validation so Shopify matches the shop's setting; stores the outcome. */
export async function syncCheckoutValidation(input: {
  shop: string;
  gateway: GatewaySource<CheckoutValidationGateway>;
  now: Date;
}): Promise<CheckoutValidationSyncResult> {
  const { shop, now } = input;
  const gateway = lazyGateway(input.gateway);
  const [{ enforceCapsAtCheckout: wanted }, before] = await Promise.all([getShopSettings(shop), loadCheckoutValidationState(shop)]);
  let created = false;
  let deleted = 0;
  const finish = async (state: Omit<CheckoutValidationState, "syncedAt">, retryable = false): Promise<CheckoutValidationSyncResult> => {
    await recordCheckoutValidationState(shop, { ...state, syncedAt: now });
    return { ...state, syncedAt: now, created, deleted, retryable };
  };

  try {
    const api = await gateway();
    const ours = (await api.listCheckoutValidations()).filter((v) => v.functionHandle === CHECKOUT_VALIDATION_FUNCTION_HANDLE);
    if (!wanted) {
      for (const validation of ours) if ((await api.deleteCheckoutValidation(validation.id)).deleted) deleted++;
      return await finish({ validationId: null, status: "inactive", error: null });
    }

    let kept = pickKept(ours);
    if (!kept) {
      await api.createCheckoutValidation({ functionHandle: CHECKOUT_VALIDATION_FUNCTION_HANDLE, title: CHECKOUT_VALIDATION_TITLE, enable: true, blockOnFailure: false });
      created = true;
      // Read back rather than trust our own answer: a run racing this one may have created one too.
      const after = (await api.listCheckoutValidations()).filter((v) => v.functionHandle === CHECKOUT_VALIDATION_FUNCTION_HANDLE);
      kept = pickKept(after);
      if (!kept) throw new AdminMissingDataError("BackordersCheckoutValidations", "the validation just created");
      ours.splice(0, ours.length, ...after);
    }
    for (const extra of ours) if (extra.id !== kept.id && (await api.deleteCheckoutValidation(extra.id)).deleted) deleted++;
    return await finish(
      kept.enabled
        ? { validationId: kept.id, status: "active", error: null }
        : {
            validationId: kept.id,
            status: "inactive",
            error: "The check is registered but turned off in Shopify (Settings → Checkout → Checkout rules). Turn it on there.",
          },
    );
  } catch (error) {
    if (error instanceof Response) throw error; // re-authentication (401) is the session machinery's
    // Switched off and never registered: without the permission there is nothing of ours in Shopify to remove.
    if (!wanted && isAccessDenied(error) && before.validationId === null) return finish({ validationId: null, status: "inactive", error: null });
    const failure = describeFailure(error);
    return finish({ validationId: before.validationId, status: "failed", error: failure.message }, failure.retryable);
  }
}

/** Queues a sync (requests coalesce with one still queued). */
export async function requestCheckoutValidationSync(shop: string, now: Date): Promise<void> {
  await requestRun({ shop, type: CHECKOUT_VALIDATION_SYNC_JOB, payload: {}, runAt: now });
}

/**
 * After an install or reauthorisation: queues a sync when Shopify may not match the setting yet (never synced, last
 * run failed — e.g. the permission was missing and may now be granted — or switched off with ours still stored).
 * A no-op otherwise, so calling it on every authentication costs one read.
 */
export async function ensureCheckoutValidationSync(shop: string, now: Date): Promise<void> {
  const [{ enforceCapsAtCheckout: wanted }, state] = await Promise.all([getShopSettings(shop), loadCheckoutValidationState(shop)]);
  const inStep = wanted ? state.status === "active" : state.status === "inactive" && state.validationId === null;
  if (!inStep) await requestCheckoutValidationSync(shop, now);
}

/** The Settings page's status line. */
export async function getCheckoutValidationStatus(shop: string): Promise<CheckoutValidationState> {
  return loadCheckoutValidationState(shop);
}
