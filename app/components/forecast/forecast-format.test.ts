// How the Forecast pages state intervals and figures, and what the server-rendered chart draws for known data.
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { formatDaysOfCover, formatMoney, formatRate, formatStockOutInterval } from "./forecast-format";
import { ForecastChart } from "./forecast-chart";
import type { ForecastChartData } from "../../services/forecast-chart.server";

describe("stock-out interval", () => {
  it("GIVEN an 80% interval THEN it reads as a range with the likely day, never one false-precise date", () => {
    expect(formatStockOutInterval({ earliest: "2026-12-12", likely: "2026-12-15", latest: "2026-12-20" })).toBe("Dec 12 – Dec 20 (likely Dec 15)");
    expect(formatStockOutInterval({ earliest: "2026-12-12", likely: "2026-12-30", latest: null })).toBe("Dec 12 or later (likely Dec 30)");
    expect(formatStockOutInterval({ earliest: "2026-12-12", likely: null, latest: null })).toBe("Dec 12 or later");
    expect(formatStockOutInterval({ earliest: null, likely: null, latest: null })).toBeNull();
  });

  it("GIVEN nothing left for new orders today THEN it says now rather than a date", () => {
    const today = "2026-12-07";
    expect(formatStockOutInterval({ earliest: today, likely: today, latest: today }, today)).toBe("Now (no stock left for new orders)");
    expect(formatStockOutInterval({ earliest: today, likely: "2026-12-09", latest: "2026-12-11" }, today)).toBe("Dec 7 – Dec 11 (likely Dec 9)");
  });

  it("GIVEN figures THEN days of cover, rates and money read as a merchant says them", () => {
    expect(formatDaysOfCover(null)).toBe("More than a year");
    expect(formatDaysOfCover(0)).toBe("Out of stock");
    expect(formatDaysOfCover(2.46)).toBe("2.5 days");
    expect(formatDaysOfCover(12.6)).toBe("13 days");
    expect(formatRate(0.3)).toBe("2.1 per week");
    expect(formatRate(2.34)).toBe("2.3 per day");
    expect(formatMoney(123456, "EUR")).toBe("€1,234.56");
    expect(formatMoney(null, "EUR")).toBe("—");
  });
});

describe("forecast chart (server-rendered SVG)", () => {
  const chart: ForecastChartData = {
    today: "2026-12-07",
    history: [
      { day: "2026-12-04", units: 3, stockedOut: false },
      { day: "2026-12-05", units: 0, stockedOut: true },
      { day: "2026-12-06", units: 0, stockedOut: true },
    ],
    forecast: [
      { day: "2026-12-07", mean: 2, lower: 0.5, upper: 3.5 },
      { day: "2026-12-08", mean: 2, lower: 0.4, upper: 3.8 },
      { day: "2026-12-09", mean: 2, lower: 0.3, upper: 4 },
    ],
    stockOut: { earliest: "2026-12-08", likely: "2026-12-09", latest: "2026-12-09" },
    arrivals: [{ day: "2026-12-09", units: 24, label: "Shipment #S1" }],
  };

  it("GIVEN history, forecast, a stock-out interval and an arrival THEN each is drawn once, out-of-stock days as one block", () => {
    const html = renderToStaticMarkup(createElement(ForecastChart, { chart }));
    const count = (series: string) => html.split(`data-series="${series}"`).length - 1;
    expect(count("sold")).toBe(1); // only the day with sales has a bar
    expect(count("stocked-out")).toBe(1); // two consecutive days, one block
    expect(count("band")).toBe(1);
    expect(count("mean")).toBe(1);
    expect(count("stock-out-interval")).toBe(1);
    expect(count("likely-stock-out")).toBe(1);
    expect(count("arrival")).toBe(1);
    expect(html).toContain("+24");
    expect(html).toContain('aria-label="Daily units sold over the last 3 days and the forecast for the next 3 days, stock-out predicted Dec 8 to Dec 9, 1 inbound arrival"');
  });

  it("GIVEN no stock-out and no arrivals THEN neither is drawn", () => {
    const html = renderToStaticMarkup(createElement(ForecastChart, { chart: { ...chart, stockOut: null, arrivals: [] } }));
    expect(html).not.toContain('data-series="stock-out-interval"');
    expect(html).not.toContain('data-series="arrival"');
  });
});
