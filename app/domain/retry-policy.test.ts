import { describe, expect, it } from "vitest";
import { decideRetry } from "./retry-policy";

const noJitter = () => 0.5; // factor 1.0

describe("decideRetry", () => {
  it.each([
    [1, 5_000],
    [2, 10_000],
    [3, 20_000],
    [4, 40_000],
  ])("GIVEN attempt %i failed THEN waits %i ms before the next one", (attemptsMade, delayMs) => {
    expect(decideRetry({ attemptsMade, maxAttempts: 8, random: noJitter })).toEqual({ kind: "retry", delayMs });
  });

  it("GIVEN many failures THEN the delay is capped", () => {
    expect(decideRetry({ attemptsMade: 30, maxAttempts: 40, random: () => 0.999 })).toEqual({ kind: "retry", delayMs: 3_600_000 });
  });

  it("GIVEN the last allowed attempt failed THEN gives up", () => {
    expect(decideRetry({ attemptsMade: 8, maxAttempts: 8 })).toEqual({ kind: "give_up" });
  });

  it("GIVEN jitter THEN the delay stays within ±20 % of the exponential step", () => {
    const low = decideRetry({ attemptsMade: 2, maxAttempts: 8, random: () => 0 });
    const high = decideRetry({ attemptsMade: 2, maxAttempts: 8, random: () => 0.99999 });
    expect(low).toEqual({ kind: "retry", delayMs: 8_000 });
    expect(high.kind === "retry" && high.delayMs).toBe(12_000);
  });
});
