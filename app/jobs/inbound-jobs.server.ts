// Background jobs of ETAs that follow inbound shipments (merged into `jobHandlers`):
//   inbound.sync                       every open inventory transfer re-read into the inbound mirror, then every
//                                      owed variant's ETA recomputed (a late shipment's "today" moves on). Requested
//                                      after the catalog import and by each hourly automation reconciliation.
//   inbound.eta                        recompute of inbound ETAs (automatic mode) for some variants or all owed ones,
//                                      requested after owed lines or stock changed and after a settings change.
//   webhook:INVENTORY_TRANSFERS_* / webhook:INVENTORY_SHIPMENTS_*
//                                      the transfer the delivery names re-read and its mirror rows replaced, then the
//                                      ETAs of the variants whose inbound units changed.
// And `withInboundEtaRecompute`: wraps the order and inventory webhook handlers so that a change of owed lines or
// stock requests a recompute (one coalesced job; nothing when the shop's mode is not automatic).
import { recomputeInboundEtas, requestInboundEtaRecompute, requestInboundSync } from "../services/inbound-eta.server";
import { refreshInboundTransfer, syncInboundShipments, transferIdOfWebhook } from "../services/inbound-shipments.server";
import { AdminGraphqlError } from "../shopify/graphql-errors";
import { defineJobHandlers, type JobHandlers, type TypedJob } from "./define-job-handlers";
import { gatewayForShop, isInstalled } from "./job-context.server";
import { INBOUND_ETA_JOB, INBOUND_SYNC_JOB, WEBHOOK_TOPICS, webhookJobType, type WebhookJobType } from "./job-types";

/**
 * A shop installed before the app asked for read_inventory_transfers / read_inventory_shipments has not granted
 * them yet (Shopify asks the merchant on the next admin visit): its reads are denied, and retrying cannot help
 * until then — the hourly sync tries again.
 */
function isAccessDenied(error: unknown): boolean {
  return error instanceof AdminGraphqlError && error.errors.some((e) => e.extensions?.code === "ACCESS_DENIED");
}

async function unlessAccessDenied(work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (error) {
    if (!isAccessDenied(error)) throw error;
  }
}

const INBOUND_TOPICS = WEBHOOK_TOPICS.filter((topic) => topic.startsWith("INVENTORY_TRANSFERS_") || topic.startsWith("INVENTORY_SHIPMENTS_"));

async function onInboundWebhook(job: TypedJob<WebhookJobType>, now: Date): Promise<void> {
  if (!(await isInstalled(job.shop))) return;
  const topic = job.type.slice("webhook:".length);
  const transferId = await transferIdOfWebhook(job.shop, topic, job.payload.body);
  // A shipment the mirror has never seen, in a delivery without its transfer: only a full read finds it.
  if (!transferId) return requestInboundSync(job.shop, now);
  const gateway = () => gatewayForShop(job.shop);
  await unlessAccessDenied(async () => {
    const { variantIds } = await refreshInboundTransfer({ shop: job.shop, transferId, gateway, now });
    if (variantIds.length) await recomputeInboundEtas({ shop: job.shop, variantIds, gateway, now });
  });
}

export const inboundJobHandlers = defineJobHandlers({
  [INBOUND_SYNC_JOB]: async (job, now) => {
    if (!(await isInstalled(job.shop))) return;
    const gateway = () => gatewayForShop(job.shop);
    await unlessAccessDenied(() => syncInboundShipments({ shop: job.shop, gateway, now }).then(() => undefined));
    await recomputeInboundEtas({ shop: job.shop, variantIds: null, gateway, now });
  },

  [INBOUND_ETA_JOB]: async (job, now) => {
    await recomputeInboundEtas({ shop: job.shop, variantIds: job.payload.variantIds, gateway: () => gatewayForShop(job.shop), now });
  },

  ...Object.fromEntries(INBOUND_TOPICS.map((topic) => [webhookJobType(topic), onInboundWebhook])),
});

/** The handlers of `types`, each followed by a request to recompute inbound ETAs (owed lines or stock may have moved). */
export function withInboundEtaRecompute(handlers: JobHandlers, types: readonly string[]): JobHandlers {
  const wrapped: JobHandlers = { ...handlers };
  for (const type of types) {
    const handler = handlers[type];
    if (!handler) throw new Error(`No handler for ${type} to follow with inbound ETAs`);
    wrapped[type] = async (job, now) => {
      const outcome = await handler(job, now);
      await requestInboundEtaRecompute(job.shop, now);
      return outcome;
    };
  }
  return wrapped;
}
