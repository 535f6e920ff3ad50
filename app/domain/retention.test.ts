import { describe, expect, it } from "vitest";
import { RETENTION, retentionCutoffs } from "./retention";

describe("retention cutoffs", () => {
  const now = new Date("2026-11-24T09:00:00Z");

  it("GIVEN the default policy THEN done jobs and receipts older than 14 days, dead jobs older than 30 days and sales history older than 2 years may go", () => {
    expect(retentionCutoffs(now)).toEqual({
      doneJobsBefore: new Date("2026-11-10T09:00:00Z"),
      deadJobsBefore: new Date("2026-10-25T09:00:00Z"),
      webhookReceiptsBefore: new Date("2026-11-10T09:00:00Z"),
      salesHistoryBefore: "2024-11-24",
    });
  });

  it("GIVEN a policy shorter than Shopify's webhook retries could need THEN it is refused", () => {
    expect(() => retentionCutoffs(now, { ...RETENTION, webhookReceiptDays: 0 })).toThrow(/webhookReceiptDays must be at least 1 day/);
    expect(() => retentionCutoffs(now, { ...RETENTION, doneJobDays: Number.NaN })).toThrow(/doneJobDays/);
    expect(() => retentionCutoffs(now, { ...RETENTION, salesHistoryDays: 0 })).toThrow(/salesHistoryDays/);
  });
});
