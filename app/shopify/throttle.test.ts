import { describe, expect, it } from "vitest";
import { throttleDelayMs } from "./throttle";

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
