// The dashboard's charts (Polaris Viz), rendered in the browser only.
import { lazy, Suspense, useEffect, useState, type ReactNode } from "react";
import type { BarChartProps, LineChartProps } from "@shopify/polaris-viz";

const CHART_HEIGHT = 240;

// Polaris Viz reads `navigator` and measures its container while rendering, so it cannot render on the server:
// charts load in the browser after hydration, in a box of the same fixed height so nothing shifts.
export const VizBarChart = lazy(async () => {
  const { PolarisVizProvider, BarChart } = await import("@shopify/polaris-viz");
  return { default: (props: BarChartProps) => <PolarisVizProvider><BarChart {...props} /></PolarisVizProvider> };
});
export const VizLineChart = lazy(async () => {
  const { PolarisVizProvider, LineChart } = await import("@shopify/polaris-viz");
  return { default: (props: LineChartProps) => <PolarisVizProvider><LineChart {...props} /></PolarisVizProvider> };
});

function useHydrated(): boolean {
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  return hydrated;
}

export function ChartBox({ label, children }: { label: string; children: ReactNode }) {
  const hydrated = useHydrated();
  const placeholder = <div style={{ height: CHART_HEIGHT }} aria-busy="true" />;
  return (
    <div style={{ height: CHART_HEIGHT }} role="img" aria-label={label} data-chart={label}>
      {hydrated ? <Suspense fallback={placeholder}>{children}</Suspense> : placeholder}
    </div>
  );
}
