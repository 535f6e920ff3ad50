// Instants on the CSV page. Deterministic on server and client (no locale / time zone differences between SSR and
// hydration).

/** "2026-11-24T15:00:00.000Z" → "2026-11-24 15:00 UTC". */
export function formatTime(iso: string): string {
  return `${iso.slice(0, 16).replace("T", " ")} UTC`;
}
