// SQL semantics that differ between SQLite and PostgreSQL, checked on the real PostgreSQL server (the `postgres`
// vitest project gives this file a fresh migrated database): the dialect helpers agree with SQLite on the same
// rows, raw-SQL fragments and Prisma error classes work with the PostgreSQL client, and the concurrency the app
// relies on (rate-limit counter upsert, job claim compare-and-set) holds with real parallel connections.
import { Prisma, type PrismaClient } from "@prisma/client";
import { afterAll, describe, expect, it } from "vitest";
import prisma, { createPrismaClient, databaseProvider } from "#app/db.server";
import { claimDueJobs, enqueueJob } from "#app/models/job.server";
import { incrementRateLimitCounter } from "#app/models/rate-limit.server";
import { sqlDialect } from "#app/models/sql-dialect";
import { DASHBOARD_WEEKS } from "#app/services/dashboard.server";
import { dashboardQueries } from "#app/models/dashboard-metrics.server";
import { recentWeeks } from "#app/domain/dashboard";
import { createTestDatabase } from "../support/database";

const SHOP = "postgres-sql.myshopify.com";
const sqlite: PrismaClient = createPrismaClient(createTestDatabase().url);
afterAll(() => sqlite.$disconnect());

describe("SQL dialect on PostgreSQL and SQLite", () => {
  it("GIVEN the same job row in both databases THEN days, milliseconds and greatest() agree", async () => {
    expect(databaseProvider()).toBe("postgresql");
    expect(databaseProvider("file:./x.sqlite")).toBe("sqlite");
    const runAt = new Date("2026-11-01T10:00:00.000Z");
    const lockedUntil = new Date("2026-11-08T22:00:00.250Z"); // 7.5 days + 250 ms later
    const results = [];
    for (const [db, provider] of [[prisma, "postgresql"], [sqlite, "sqlite"]] as const) {
      const dialect = sqlDialect(provider);
      const job = await db.job.create({ data: { shop: SHOP, type: "dialect", runAt, lockedUntil } });
      const [row] = await db.$queryRaw<{ days: number; ms: unknown; later: number; earlier: number }[]>(Prisma.sql`
        SELECT ${dialect.daysBetween(Prisma.sql`"lockedUntil"`, Prisma.sql`"runAt"`)} AS "days",
               ${dialect.millisecondsBetween(Prisma.sql`"lockedUntil"`, Prisma.sql`"runAt"`)} AS "ms",
               ${dialect.greatest(dialect.daysBetween(Prisma.sql`"lockedUntil"`, Prisma.sql`"runAt"`), Prisma.sql`0`)} AS "later",
               ${dialect.greatest(dialect.daysBetween(Prisma.sql`"runAt"`, Prisma.sql`"lockedUntil"`), Prisma.sql`0`)} AS "earlier"
        FROM "Job" WHERE "id" = ${job.id}`);
      results.push({ provider, days: Number(row.days), ms: Number(row.ms), later: Number(row.later), earlier: Number(row.earlier) });
    }
    const expectedDays = (lockedUntil.getTime() - runAt.getTime()) / 86_400_000;
    for (const result of results) {
      expect(result.days, result.provider).toBeCloseTo(expectedDays, 6);
      expect(result.ms, result.provider).toBe(lockedUntil.getTime() - runAt.getTime());
      expect(result.later, result.provider).toBeCloseTo(expectedDays, 6);
      expect(result.earlier, result.provider).toBe(0);
    }
  });
});

describe("the PostgreSQL client with the app's Prisma namespace", () => {
  it("GIVEN a tagged $queryRaw with a nested Prisma.sql fragment THEN the fragment is SQL, not a parameter", async () => {
    await prisma.job.create({ data: { shop: SHOP, type: "fragment" } });
    const where = Prisma.sql`WHERE "shop" = ${SHOP} AND "type" = ${"fragment"}`;
    const [{ jobs }] = await prisma.$queryRaw<{ jobs: bigint }[]>`SELECT COUNT(*) AS "jobs" FROM "Job" ${where}`;
    expect(Number(jobs)).toBe(1);
  });

  it("GIVEN a unique violation THEN it is a Prisma.PrismaClientKnownRequestError P2002 (what the app's race handling checks)", async () => {
    await prisma.job.create({ data: { shop: SHOP, type: "unique", idempotencyKey: "once" } });
    const error = await prisma.job.create({ data: { shop: SHOP, type: "unique", idempotencyKey: "once" } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Prisma.PrismaClientKnownRequestError);
    expect((error as Prisma.PrismaClientKnownRequestError).code).toBe("P2002");
  });
});

describe("concurrency on PostgreSQL", () => {
  it("GIVEN 20 parallel hits on a new rate-limit window THEN every hit is counted once (1…20, no lost update)", async () => {
    const windowStart = new Date("2026-11-24T10:00:00.000Z");
    const counts = await Promise.all(
      Array.from({ length: 20 }, () => incrementRateLimitCounter({ shop: SHOP, key: "signup:ip:test", windowStart })),
    );
    expect(counts.sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    const row = await prisma.rateLimitCounter.findUniqueOrThrow({ where: { key_windowStart: { key: "signup:ip:test", windowStart } } });
    expect(row.count).toBe(20);
  });

  it("GIVEN 40 due jobs and 4 workers claiming at once THEN each job is claimed by exactly one worker", async () => {
    const now = new Date();
    for (let i = 0; i < 40; i++) await enqueueJob(prisma, { shop: SHOP, type: "claim-race", payload: { i }, runAt: new Date(now.getTime() - 1000) });
    const claims = await Promise.all(
      ["w1", "w2", "w3", "w4"].map((workerId) => claimDueJobs({ workerId, now, limit: 100, leaseMs: 60_000 })),
    );
    const claimed = claims.flat().filter((job) => job.type === "claim-race").map((job) => job.id);
    expect(claimed.length).toBe(40);
    expect(new Set(claimed).size).toBe(40);
    const running = await prisma.job.groupBy({ by: ["lockedBy"], where: { shop: SHOP, type: "claim-race" }, _count: { _all: true } });
    expect(running.reduce((sum, row) => sum + row._count._all, 0)).toBe(40);
  });
});

describe("dashboard statements on PostgreSQL", () => {
  it("GIVEN 6,000 ledger lines, few open THEN the open-line statements read the (shop, status, orderedAt) index, not the table", async () => {
    const shop = "dashboard-plans.myshopify.com";
    const now = new Date("2026-11-24T12:00:00.000Z");
    await prisma.backorderLine.createMany({
      data: Array.from({ length: 6_000 }, (_, i) => ({
        shop,
        orderId: `gid://shopify/Order/${i}`,
        lineItemId: `gid://shopify/LineItem/${i}`,
        variantId: `gid://shopify/ProductVariant/${i % 50}`,
        quantityOrdered: 2,
        quantityBackordered: 1,
        status: i % 50 === 0 ? "open" : "fulfilled",
        orderedAt: new Date(now.getTime() - (i % 400) * 3_600_000 * 24),
        resolvedAt: new Date(now.getTime() - (i % 300) * 3_600_000),
      })),
    });
    await prisma.$executeRaw`ANALYZE "BackorderLine"`;
    const queries = dashboardQueries({ shop, now, today: "2026-11-24", weeks: recentWeeks(now, "UTC", DASHBOARD_WEEKS) });
    for (const name of ["openGroups", "openOrders"] as const) {
      const rows = await prisma.$queryRawUnsafe<{ "QUERY PLAN": string }[]>(`EXPLAIN ${queries[name].text}`, ...queries[name].values);
      const plan = rows.map((row) => row["QUERY PLAN"]).join("\n");
      expect(plan, name).toMatch(/(Index|Index Only|Bitmap Index) Scan (using|on) "BackorderLine_shop_status_orderedAt_idx"/);
      expect(plan, name).toMatch(/Index Cond: \(\(shop = .*\) AND \(status = 'open'::text\)/);
      expect(plan, name).not.toMatch(/Seq Scan on "BackorderLine"/);
    }
  });
});
