import { describe, expect, it } from "vitest";
import {
  canonicalMailbox,
  RATE_LIMIT_RETENTION_MS,
  SIGNUP_RATE_LIMITS,
  combineRateLimitDecisions,
  decideRateLimit,
  describeRetryAfter,
  windowStartFor,
} from "./rate-limit";

const rule = { limit: 3, windowMs: 10 * 60_000 };
const at = (iso: string) => new Date(iso);

describe("windowStartFor", () => {
  it("GIVEN any instant THEN the window is aligned to the epoch, so two processes pick the same row", () => {
    expect(windowStartFor(at("2026-11-24T10:07:31.250Z"), rule.windowMs)).toEqual(at("2026-11-24T10:00:00.000Z"));
    expect(windowStartFor(at("2026-11-24T10:10:00.000Z"), rule.windowMs)).toEqual(at("2026-11-24T10:10:00.000Z"));
    expect(windowStartFor(at("2026-11-24T10:59:59.999Z"), 60 * 60_000)).toEqual(at("2026-11-24T10:00:00.000Z"));
  });
});

describe("decideRateLimit", () => {
  const windowStart = at("2026-11-24T10:00:00.000Z");

  it("GIVEN counts up to the limit THEN allowed", () => {
    for (const count of [1, 2, 3]) expect(decideRateLimit({ rule, count, windowStart, now: at("2026-11-24T10:05:00Z") })).toEqual({ allowed: true });
  });

  it("GIVEN one over the limit THEN blocked until the window ends (whole seconds, rounded up)", () => {
    expect(decideRateLimit({ rule, count: 4, windowStart, now: at("2026-11-24T10:05:00.000Z") })).toEqual({ allowed: false, retryAfterSeconds: 300 });
    expect(decideRateLimit({ rule, count: 4, windowStart, now: at("2026-11-24T10:05:00.400Z") })).toEqual({ allowed: false, retryAfterSeconds: 300 });
    expect(decideRateLimit({ rule, count: 50, windowStart, now: at("2026-11-24T10:09:59.999Z") })).toEqual({ allowed: false, retryAfterSeconds: 1 });
  });

  it("GIVEN a blocked request at the very end of the window THEN Retry-After is still at least 1", () => {
    expect(decideRateLimit({ rule, count: 4, windowStart, now: at("2026-11-24T10:10:00.000Z") })).toEqual({ allowed: false, retryAfterSeconds: 1 });
  });
});

describe("combineRateLimitDecisions", () => {
  it("GIVEN all allowed THEN allowed; GIVEN some blocked THEN the longest wait", () => {
    expect(combineRateLimitDecisions([{ allowed: true }, { allowed: true }])).toEqual({ allowed: true });
    expect(combineRateLimitDecisions([])).toEqual({ allowed: true });
    expect(
      combineRateLimitDecisions([{ allowed: false, retryAfterSeconds: 30 }, { allowed: true }, { allowed: false, retryAfterSeconds: 1800 }]),
    ).toEqual({ allowed: false, retryAfterSeconds: 1800 });
  });
});

describe("signup limits", () => {
  it("are the documented ones, and counters are kept as long as the longest window", () => {
    expect(SIGNUP_RATE_LIMITS).toEqual({
      ip: { limit: 10, windowMs: 600_000 },
      unknownAddress: { limit: 3_000, windowMs: 60_000 },
      email: { limit: 5, windowMs: 3_600_000 },
      shop: { limit: 10_000, windowMs: 60_000 },
    });
    expect(RATE_LIMIT_RETENTION_MS).toBe(3_600_000);
  });
});

describe("describeRetryAfter", () => {
  it("words the wait for the shopper", () => {
    expect(describeRetryAfter(1)).toBe("1 second");
    expect(describeRetryAfter(45)).toBe("45 seconds");
    expect(describeRetryAfter(60)).toBe("1 minute");
    expect(describeRetryAfter(61)).toBe("2 minutes");
    expect(describeRetryAfter(3600)).toBe("60 minutes");
  });
});

describe("canonicalMailbox: one bucket per inbox", () => {
  it.each([
    ["Jane.Doe@Example.com", "jane.doe@example.com"],
    ["jane+launch@example.com", "jane@example.com"],
    ["j.a.n.e+1@gmail.com", "jane@gmail.com"],
    ["JANE@googlemail.com", "jane@gmail.com"],
    ["first.last@outlook.com", "first.last@outlook.com"], // dots matter outside Gmail
    ["+tag@example.com", "+tag@example.com"], // nothing before the tag: kept as is
  ])("%s → %s", (input, expected) => {
    expect(canonicalMailbox(input)).toBe(expected);
  });
});
