// Rate-limit counters are shared by every app instance through the database: on PostgreSQL, many concurrent hits
// of one key (as several instances would send) each get a distinct count, none is lost, none fails.
import { describe, expect, it } from "vitest";
import prisma from "#app/db.server";
import { incrementRateLimitCounter } from "#app/models/rate-limit.server";

describe("rate-limit counters across instances (PostgreSQL)", () => {
  it("GIVEN 60 concurrent hits on one key and window, half inside transactions THEN the counts are exactly 1…60", async () => {
    const shop = "limits.myshopify.com";
    const windowStart = new Date("2026-11-24T05:00:00Z");
    const hit = (i: number) =>
      i % 2 === 0
        ? incrementRateLimitCounter({ shop, key: "signup:ip:203.0.113.7", windowStart })
        : prisma.$transaction((tx) => incrementRateLimitCounter({ shop, key: "signup:ip:203.0.113.7", windowStart }, tx));
    const counts = await Promise.all(Array.from({ length: 60 }, (_, i) => hit(i)));
    expect([...counts].sort((a, b) => a - b)).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
    const row = await prisma.rateLimitCounter.findFirstOrThrow({ where: { shop } });
    expect(row.count).toBe(60);
  });
});
