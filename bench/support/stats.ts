/** The value at quantile q (0–1) of ascending samples, nearest-rank (p95 of 50 runs is the 48th smallest). */
export function quantileOf(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.max(1, Math.ceil(q * sorted.length));
  return sorted[Math.min(sorted.length, rank) - 1];
}
