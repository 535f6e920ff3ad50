// The shop's effective time zone, the one "today", ETAs, send windows and dashboard dates are read in. Pure.
import { isValidTimeZone } from "./eta";

export const FALLBACK_TIME_ZONE = "UTC";

/**
 * The merchant's override in Settings, else the zone Shopify reports for the shop, else UTC. A stored value that
 * is not a zone this runtime knows (typed before validation existed, or dropped from the tz database) is skipped,
 * so one bad row cannot make date maths throw.
 */
export function effectiveTimeZone(input: { override: string | null | undefined; shopZone: string | null | undefined }): string {
  for (const zone of [input.override, input.shopZone]) if (zone && isValidTimeZone(zone)) return zone;
  return FALLBACK_TIME_ZONE;
}
