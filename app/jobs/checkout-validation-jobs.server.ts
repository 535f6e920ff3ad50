// Background job of the checkout validation (merged into `jobHandlers`; app/services/checkout-validation.server.ts):
//   checkout.validation.sync  register or remove the cart and checkout validation to match Settings →
//                             "Enforce caps at checkout"; queued on install, reauthorisation and a switch change,
//                             then hourly (one job per shop: a request makes the queued one due now), which
//                             repairs a validation deleted or changed in Shopify and refreshes the status shown.
import { syncCheckoutValidation } from "../services/checkout-validation.server";
import { defineJobHandlers } from "./define-job-handlers";
import { gatewayForShop, isInstalled } from "./job-context.server";
import { CHECKOUT_VALIDATION_SYNC_JOB } from "./job-types";

const RECHECK_MS = 60 * 60_000;

export const checkoutValidationJobHandlers = defineJobHandlers({
  [CHECKOUT_VALIDATION_SYNC_JOB]: async (job, now) => {
    if (!(await isInstalled(job.shop))) return; // Shopify removed the app's validations with the installation
    const result = await syncCheckoutValidation({ shop: job.shop, gateway: () => gatewayForShop(job.shop), now });
    // The outcome is stored either way; a transient failure is also retried by the queue's backoff.
    if (result.retryable) throw new Error(`checkout validation sync failed: ${result.error}`);
    return { rescheduleAt: new Date(now.getTime() + RECHECK_MS) };
  },
});
