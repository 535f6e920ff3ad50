import { describe, expect, it } from "vitest";
import { effectiveTimeZone } from "./shop-time-zone";

describe("effectiveTimeZone", () => {
  it("GIVEN an override in Settings THEN it wins over the shop's own zone", () => {
    expect(effectiveTimeZone({ override: "Pacific/Auckland", shopZone: "America/New_York" })).toBe("Pacific/Auckland");
  });

  it("GIVEN no override THEN the shop's zone, and without one UTC", () => {
    expect(effectiveTimeZone({ override: null, shopZone: "America/New_York" })).toBe("America/New_York");
    expect(effectiveTimeZone({ override: "", shopZone: undefined })).toBe("UTC");
  });

  it("GIVEN a stored value that is not a zone THEN it is skipped, never thrown on later", () => {
    expect(effectiveTimeZone({ override: "Mars/Olympus_Mons", shopZone: "Europe/Berlin" })).toBe("Europe/Berlin");
    expect(effectiveTimeZone({ override: "Mars/Olympus_Mons", shopZone: "Not/AZone" })).toBe("UTC");
  });
});
