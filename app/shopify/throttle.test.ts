import { describe, expect, it } from "vitest";
import { createAdminGateway, type AdminGraphql } from "./admin-gateway.server";
import {
  estimateAvailable,
  observeThrottleStatus,
  paceDelayMs,
  throttleDelayMs,
  throttlePacerForShop,
  ThrottlePacer,
  UNKNOWN_OPERATION_COST,
  type BucketEstimate,
} from "./throttle";

const cost = (requested: number, available: number, restoreRate: number) => ({
  requestedQueryCost: requested,
  actualQueryCost: null,
  throttleStatus: { maximumAvailable: 1000, currentlyAvailable: available, restoreRate },
});

describe("throttleDelayMs", () => {
  it.each([
    { requested: 752, available: 0, restore: 50, expected: 16_000 }, // ceil(15.04) s
    { requested: 100, available: 20, restore: 100, expected: 1_000 }, // ceil(0.8) = 1 s
    { requested: 1000, available: 0, restore: 1000, expected: 1_000 },
    { requested: 10, available: 500, restore: 50, expected: 1_000 }, // enough already: the floor
    { requested: 5000, available: 0, restore: 50, expected: 60_000 }, // capped
  ])("waits ceil(deficit/restoreRate) s: $requested vs $available at $restore/s", ({ requested, available, restore, expected }) => {
    expect(throttleDelayMs(cost(requested, available, restore), { attempt: 1, random: () => 0 })).toBe(expected);
  });

  it("adds bounded jitter", () => {
    const delay = throttleDelayMs(cost(752, 0, 50), { attempt: 1, random: () => 0.999 });
    expect(delay).toBeGreaterThan(16_000);
    expect(delay).toBeLessThan(16_250);
  });

  it("falls back to exponential back-off without cost information", () => {
    expect(throttleDelayMs(null, { attempt: 1, random: () => 0 })).toBe(1_000);
    expect(throttleDelayMs(null, { attempt: 3, random: () => 0 })).toBe(4_000);
  });
});

const bucket = (available: number, atMs = 0, restoreRate = 100, maximumAvailable = 2000): BucketEstimate => ({ available, atMs, restoreRate, maximumAvailable });
const status = (currentlyAvailable: number, restoreRate = 100, maximumAvailable = 2000) => ({ currentlyAvailable, restoreRate, maximumAvailable });
const answer = (requested: number, available: number) => ({ requestedQueryCost: requested, actualQueryCost: requested, throttleStatus: status(available) });

describe("estimateAvailable", () => {
  it("restores at restoreRate per second from the time of the report, up to the maximum", () => {
    expect(estimateAvailable(bucket(100, 1_000), 1_000)).toBe(100);
    expect(estimateAvailable(bucket(100, 1_000), 1_500)).toBe(150);
    expect(estimateAvailable(bucket(100, 1_000), 60_000)).toBe(2000);
    expect(estimateAvailable(bucket(100, 1_000), 500)).toBe(100); // a clock going backwards restores nothing
  });
});

describe("paceDelayMs", () => {
  it.each([
    { name: "unknown bucket: go", b: null, cost: 10, reserved: 0, now: 0, expected: 0 },
    { name: "fits now", b: bucket(10), cost: 10, reserved: 0, now: 0, expected: 0 },
    { name: "1 point short at 100/s: 10 ms", b: bucket(9), cost: 10, reserved: 0, now: 0, expected: 10 },
    { name: "in-flight points count", b: bucket(50), cost: 10, reserved: 45, now: 0, expected: 50 },
    { name: "time already passed counts", b: bucket(0), cost: 10, reserved: 0, now: 60, expected: 40 },
    { name: "a cost above the bucket waits for a full bucket only", b: bucket(1990), cost: 5000, reserved: 0, now: 0, expected: 100 },
    { name: "rounds up to whole ms", b: bucket(0, 0, 3), cost: 1, reserved: 0, now: 0, expected: 334 },
    { name: "no restore rate: cannot plan, go", b: bucket(0, 0, 0), cost: 10, reserved: 0, now: 0, expected: 0 },
  ])("$name", ({ b, cost, reserved, now, expected }) => {
    expect(paceDelayMs({ bucket: b, cost, reserved, nowMs: now })).toBe(expected);
  });
});

describe("observeThrottleStatus", () => {
  it("takes the first report as it is, re-based to its arrival time", () => {
    expect(observeThrottleStatus(null, status(1234), 5_000)).toEqual(bucket(1234, 5_000));
  });
  it("takes a lower report (spent meanwhile) and never lets an older, higher one raise the estimate", () => {
    const after = observeThrottleStatus(bucket(500, 0), status(300), 1_000); // estimate was 600
    expect(after.available).toBe(300);
    // A late answer from before the 300 report claims 900: the estimate only restores (10 ms → +1).
    expect(observeThrottleStatus(after, status(900), 1_010).available).toBe(301);
  });
});

describe("ThrottlePacer", () => {
  it("reserves the cost of requests in flight and releases it when their answer settles", () => {
    const pacer = new ThrottlePacer();
    const first = pacer.admit("Op", 0);
    expect(first.ticket).not.toBeNull();
    pacer.settle(first.ticket!, answer(10, 25), 0); // now known: 25 left, Op costs 10
    const a = pacer.admit("Op", 0);
    const b = pacer.admit("Op", 0);
    expect([a.waitMs, b.waitMs]).toEqual([0, 0]);
    const c = pacer.admit("Op", 0); // 25 − 20 in flight = 5 < 10
    expect(c).toEqual({ ticket: null, waitMs: 50 });
    pacer.settle(a.ticket!, answer(10, 15), 0);
    pacer.settle(b.ticket!, answer(10, 5), 0);
    expect(pacer.snapshot(0)).toEqual({ available: 5, reserved: 0 });
    expect(pacer.admit("Op", 0)).toEqual({ ticket: null, waitMs: 50 });
    expect(pacer.admit("Op", 50).ticket).not.toBeNull();
  });

  it("learns the largest requested cost per operation and assumes UNKNOWN_OPERATION_COST before", () => {
    const pacer = new ThrottlePacer();
    expect(pacer.costOf("Big")).toBe(UNKNOWN_OPERATION_COST);
    const t = pacer.admit("Big", 0).ticket!;
    pacer.settle(t, answer(352, 2000 - 352), 0);
    expect(pacer.costOf("Big")).toBe(352);
    const t2 = pacer.admit("Big", 0).ticket!;
    pacer.settle(t2, answer(200, 2000 - 352 - 200), 0);
    expect(pacer.costOf("Big")).toBe(352);
  });

  it("an answer without cost (transport error) only releases the reservation", () => {
    const pacer = new ThrottlePacer();
    pacer.settle(pacer.admit("Op", 0).ticket!, answer(10, 100), 0);
    const t = pacer.admit("Op", 0).ticket!;
    expect(pacer.snapshot(0).reserved).toBe(10);
    pacer.settle(t, null, 0);
    pacer.settle(t, null, 0); // settling twice releases once
    expect(pacer.snapshot(0)).toEqual({ available: 100, reserved: 0 });
  });

  it("one pacer per shop, shared", () => {
    expect(throttlePacerForShop("a.myshopify.com")).toBe(throttlePacerForShop("a.myshopify.com"));
    expect(throttlePacerForShop("a.myshopify.com")).not.toBe(throttlePacerForShop("b.myshopify.com"));
  });

  it("GIVEN a simulated 2000-point bucket at 100/s and 4 concurrent senders WHEN 2,000 mutations of 10 go out THEN none is refused and the run takes the refill time", async () => {
    // A model of Shopify's bucket, on a simulated clock that each wait advances.
    let now = 0;
    let level = 2000;
    let at = 0;
    let refused = 0;
    const serve = (cost: number) => {
      level = Math.min(2000, level + ((now - at) / 1000) * 100);
      at = now;
      if (level < cost) {
        refused++;
        return { requestedQueryCost: cost, actualQueryCost: null, throttleStatus: status(Math.floor(level)) };
      }
      level -= cost;
      return { requestedQueryCost: cost, actualQueryCost: cost, throttleStatus: status(Math.floor(level)) };
    };
    const pacer = new ThrottlePacer();
    let next = 0;
    const sender = async () => {
      while (next < 2000) {
        next++;
        let decision = pacer.admit("Write", now);
        while (!decision.ticket) {
          now += decision.waitMs;
          await Promise.resolve();
          decision = pacer.admit("Write", now);
        }
        await Promise.resolve(); // in flight: the others may admit meanwhile
        const cost = serve(10);
        now += 2; // transit
        pacer.settle(decision.ticket, cost, now);
      }
    };
    await Promise.all([sender(), sender(), sender(), sender()]);
    expect(refused).toBe(0);
    // 20,000 points: 2,000 from the full bucket, 18,000 at 100/s = 180 s; pacing must not be much slower.
    expect(now).toBeGreaterThanOrEqual(179_000);
    expect(now).toBeLessThan(200_000);
  });
});

describe("the gateway paces itself", () => {
  /** Shopify's bucket for one shop (2000 points, 100/s), on a clock that moves only when the gateway sleeps. */
  function bucketShopify() {
    const state = { now: 0, level: 2000, at: 0, throttled: 0, served: 0, lowest: 2000 };
    const graphql: AdminGraphql = async () => {
      state.level = Math.min(2000, state.level + ((state.now - state.at) / 1000) * 100);
      state.at = state.now;
      const cost = 10;
      let body: unknown;
      if (state.level < cost) {
        state.throttled++;
        body = { errors: [{ message: "Throttled", extensions: { code: "THROTTLED" } }] };
      } else {
        state.level -= cost;
        state.lowest = Math.min(state.lowest, state.level);
        state.served++;
        body = { data: { tagsAdd: { node: { id: "gid://shopify/Order/1" }, userErrors: [] } } };
      }
      const extensions = { cost: { requestedQueryCost: cost, actualQueryCost: cost, throttleStatus: { maximumAvailable: 2000, currentlyAvailable: Math.floor(state.level), restoreRate: 100 } } };
      return new Response(JSON.stringify({ ...(body as object), extensions }));
    };
    const clock = { now: () => state.now, sleep: async (ms: number) => void (state.now += ms) };
    return { state, graphql, clock };
  }

  it("GIVEN one gateway per job run for the same shop WHEN 600 mutations go out through 3 of them THEN the shared pacer keeps every one inside the bucket", async () => {
    const shopify = bucketShopify();
    const shop = "paced-runs.myshopify.com";
    for (let run = 0; run < 3; run++) {
      const gateway = createAdminGateway(shopify.graphql, { shop, ...shopify.clock });
      await Promise.all(Array.from({ length: 4 }, async (_, worker) => {
        for (let i = worker; i < 200; i += 4) await gateway.addTags("gid://shopify/Order/1", ["backorder"]);
      }));
    }
    expect(shopify.state).toMatchObject({ throttled: 0, served: 600 });
    expect(shopify.state.lowest).toBeGreaterThanOrEqual(0);
    expect(shopify.state.lowest).toBeLessThan(20); // it did use the whole bucket
    expect(shopify.state.now).toBeGreaterThanOrEqual(40_000); // 6000 points − 2000 in the bucket = 40 s at 100/s
    expect(shopify.state.now).toBeLessThan(45_000);
  });

  it("GIVEN no pacing information WHEN the shop is new THEN the first request goes at once", async () => {
    const shopify = bucketShopify();
    const gateway = createAdminGateway(shopify.graphql, { shop: "fresh.myshopify.com", ...shopify.clock });
    await gateway.addTags("gid://shopify/Order/1", ["x"]);
    expect(shopify.state).toMatchObject({ now: 0, served: 1 });
  });
});
