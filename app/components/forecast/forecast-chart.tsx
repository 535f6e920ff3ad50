// A variant's demand chart: daily units sold (bars), days it was out of stock (grey), the forecast mean (dashed)
// with its 80% band, the predicted stock-out interval (red) and inbound arrivals (markers). Plain SVG rendered on
// the server: it paints with the page (no client-only chart library, no layout shift) and needs no JavaScript.
import type { ForecastChartData } from "../../services/forecast-chart.server";
import { formatShortDate } from "./forecast-format";

const WIDTH = 900;
const HEIGHT = 280;
const PAD = { top: 16, right: 16, bottom: 40, left: 44 };
const PLOT_W = WIDTH - PAD.left - PAD.right;
const PLOT_H = HEIGHT - PAD.top - PAD.bottom;

const COLORS = {
  sold: "#5c6ac4",
  stockedOut: "#e3e3e3",
  band: "rgba(44, 110, 203, 0.18)",
  mean: "#2c6ecb",
  stockOut: "rgba(216, 44, 13, 0.14)",
  stockOutLine: "#d82c0d",
  arrival: "#008060",
  grid: "#ebebeb",
  axis: "#6d7175",
};

/** A round step for about `count` ticks up to `max` (1, 2, 5 × 10ⁿ). */
function tickStep(max: number, count = 4): number {
  const raw = Math.max(max, 1) / count;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) ?? raw;
  return step < 1 ? 1 : step;
}

export function ForecastChart({ chart }: { chart: ForecastChartData }) {
  const days = [...chart.history.map((d) => d.day), ...chart.forecast.map((d) => d.day)];
  if (days.length === 0) return null;
  const index = new Map(days.map((day, i) => [day, i]));
  const slot = PLOT_W / days.length;
  const x = (i: number) => PAD.left + i * slot;
  const centre = (i: number) => x(i) + slot / 2;

  const peak = Math.max(1, ...chart.history.map((d) => d.units), ...chart.forecast.map((d) => d.upper));
  const step = tickStep(peak);
  const top = Math.ceil((peak * 1.05) / step) * step;
  const y = (units: number) => PAD.top + PLOT_H - (Math.max(0, units) / top) * PLOT_H;
  const ticks: number[] = [];
  for (let t = 0; t <= top + 1e-9; t += step) ticks.push(t);

  const firstForecast = chart.history.length;
  const bandPoints = [
    ...chart.forecast.map((d, j) => `${centre(firstForecast + j).toFixed(1)},${y(d.upper).toFixed(1)}`),
    ...chart.forecast.map((d, j) => `${centre(firstForecast + j).toFixed(1)},${y(d.lower).toFixed(1)}`).reverse(),
  ].join(" ");
  const meanPoints = chart.forecast.map((d, j) => `${centre(firstForecast + j).toFixed(1)},${y(d.mean).toFixed(1)}`).join(" ");

  // Out-of-stock history days merged into runs, so a long stock-out is one grey block.
  const outRuns: Array<[number, number]> = [];
  chart.history.forEach((d, i) => {
    if (!d.stockedOut) return;
    const last = outRuns[outRuns.length - 1];
    if (last && last[1] === i - 1) last[1] = i;
    else outRuns.push([i, i]);
  });

  const stockOut = chart.stockOut;
  const stockOutFrom = stockOut ? index.get(stockOut.earliest) : undefined;
  const stockOutTo = stockOut ? (index.get(stockOut.latest ?? "") ?? days.length - 1) : undefined;
  const likelyAt = stockOut?.likely ? index.get(stockOut.likely) : undefined;
  const todayAt = index.get(chart.today) ?? firstForecast;

  // A date label about every two weeks, always on the first day.
  const labelEvery = Math.max(1, Math.round(days.length / 8));
  const label = [
    `Daily units sold over the last ${chart.history.length} days and the forecast for the next ${chart.forecast.length} days`,
    stockOut ? `, stock-out predicted ${formatShortDate(stockOut.earliest)} to ${stockOut.latest ? formatShortDate(stockOut.latest) : "later"}` : "",
    chart.arrivals.length ? `, ${chart.arrivals.length} inbound arrival${chart.arrivals.length === 1 ? "" : "s"}` : "",
  ].join("");

  return (
    <figure style={{ margin: 0 }}>
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        width="100%"
        role="img"
        aria-label={label}
        data-chart="forecast"
        style={{ display: "block", maxHeight: HEIGHT + 40 }}
      >
        <title>{label}</title>
        {ticks.map((t) => (
          <g key={`tick-${t}`}>
            <line x1={PAD.left} x2={WIDTH - PAD.right} y1={y(t)} y2={y(t)} stroke={COLORS.grid} />
            <text x={PAD.left - 6} y={y(t) + 4} textAnchor="end" fontSize="11" fill={COLORS.axis}>
              {t.toLocaleString("en-US")}
            </text>
          </g>
        ))}
        {outRuns.map(([from, to]) => (
          <rect key={`out-${from}`} data-series="stocked-out" x={x(from)} width={(to - from + 1) * slot} y={PAD.top} height={PLOT_H} fill={COLORS.stockedOut} />
        ))}
        {stockOutFrom !== undefined && stockOutTo !== undefined && (
          <rect
            data-series="stock-out-interval"
            x={x(stockOutFrom)}
            width={(stockOutTo - stockOutFrom + 1) * slot}
            y={PAD.top}
            height={PLOT_H}
            fill={COLORS.stockOut}
          />
        )}
        {likelyAt !== undefined && (
          <line data-series="likely-stock-out" x1={centre(likelyAt)} x2={centre(likelyAt)} y1={PAD.top} y2={PAD.top + PLOT_H} stroke={COLORS.stockOutLine} strokeDasharray="3 3" />
        )}
        {chart.history.map((d, i) =>
          d.units > 0 ? (
            <rect
              key={d.day}
              data-series="sold"
              x={x(i) + slot * 0.15}
              width={Math.max(1, slot * 0.7)}
              y={y(d.units)}
              height={Math.max(0, PAD.top + PLOT_H - y(d.units))}
              fill={COLORS.sold}
            >
              <title>{`${formatShortDate(d.day)}: ${d.units.toLocaleString("en-US")} sold`}</title>
            </rect>
          ) : null,
        )}
        {chart.forecast.length > 0 && (
          <>
            <polygon data-series="band" points={bandPoints} fill={COLORS.band} />
            <polyline data-series="mean" points={meanPoints} fill="none" stroke={COLORS.mean} strokeWidth="2" strokeDasharray="6 4" />
          </>
        )}
        <line x1={centre(todayAt) - slot / 2} x2={centre(todayAt) - slot / 2} y1={PAD.top} y2={PAD.top + PLOT_H} stroke={COLORS.axis} />
        <text x={centre(todayAt) - slot / 2 + 4} y={PAD.top + 10} fontSize="11" fill={COLORS.axis}>
          Today
        </text>
        {chart.arrivals.map((arrival) => {
          const at = index.get(arrival.day);
          if (at === undefined) return null;
          const cx = centre(at);
          const base = PAD.top + PLOT_H;
          return (
            <g key={`${arrival.day}-${arrival.label}`} data-series="arrival">
              <line x1={cx} x2={cx} y1={PAD.top + 14} y2={base} stroke={COLORS.arrival} strokeDasharray="2 2" />
              <polygon points={`${cx - 6},${base} ${cx + 6},${base} ${cx},${base - 10}`} fill={COLORS.arrival} />
              <text x={cx + 5} y={PAD.top + 24} fontSize="11" fill={COLORS.arrival}>
                +{arrival.units.toLocaleString("en-US")}
              </text>
              <title>{`${arrival.label}: ${arrival.units.toLocaleString("en-US")} units expected ${formatShortDate(arrival.day)}`}</title>
            </g>
          );
        })}
        <line x1={PAD.left} x2={WIDTH - PAD.right} y1={PAD.top + PLOT_H} y2={PAD.top + PLOT_H} stroke={COLORS.axis} />
        {days.map((day, i) =>
          i % labelEvery === 0 ? (
            <text key={`label-${day}`} x={centre(i)} y={HEIGHT - PAD.bottom + 16} textAnchor="middle" fontSize="11" fill={COLORS.axis}>
              {formatShortDate(day)}
            </text>
          ) : null,
        )}
        <text x={PAD.left} y={HEIGHT - 6} fontSize="11" fill={COLORS.axis}>
          Units per day
        </text>
      </svg>
      <figcaption>
        <ChartLegend />
      </figcaption>
    </figure>
  );
}

function Swatch({ color, dashed }: { color: string; dashed?: boolean }) {
  return (
    <svg width="18" height="10" aria-hidden="true" style={{ verticalAlign: "middle", marginInlineEnd: 4 }}>
      {dashed ? <line x1="0" x2="18" y1="5" y2="5" stroke={color} strokeWidth="2" strokeDasharray="4 3" /> : <rect width="18" height="10" fill={color} />}
    </svg>
  );
}

function ChartLegend() {
  const items: Array<[string, string, boolean?]> = [
    ["Units sold", COLORS.sold],
    ["Out of stock (not counted as demand)", COLORS.stockedOut],
    ["Forecast (mean)", COLORS.mean, true],
    ["80% band", COLORS.band],
    ["Predicted stock-out (80% interval)", COLORS.stockOut],
    ["Inbound arrival", COLORS.arrival],
  ];
  return (
    <ul style={{ display: "flex", flexWrap: "wrap", gap: "4px 16px", listStyle: "none", margin: "8px 0 0", padding: 0, fontSize: 12, color: COLORS.axis }}>
      {items.map(([name, color, dashed]) => (
        <li key={name}>
          <Swatch color={color} dashed={dashed} />
          {name}
        </li>
      ))}
    </ul>
  );
}
