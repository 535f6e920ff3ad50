/** Escapes text for HTML element content and double-quoted attributes. */
export function escapeHtml(value: unknown): string {
  return String(value)
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

/** JSON for an inline <script>: `<` is escaped so a value can never close the script element. */
export function inlineJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, "\\u003c");
}

export const BASE_STYLE = `
  * { box-sizing: border-box; }
  body { margin: 0; font: 14px/1.4 system-ui, -apple-system, "Segoe UI", sans-serif; color: #303030; background: #f1f1f1; }
  a { color: #005bd3; }
  .topbar { height: 48px; background: #1a1a1a; color: #e3e3e3; display: flex; align-items: center; gap: 12px; padding: 0 16px; }
  .topbar .brand { font-weight: 700; color: #fff; }
  .topbar .shop { margin-left: auto; background: #303030; padding: 4px 10px; border-radius: 8px; }
  .topbar .badge { background: #ffb800; color: #1a1a1a; font-size: 12px; padding: 2px 8px; border-radius: 8px; }
  table { border-collapse: collapse; width: 100%; background: #fff; }
  th, td { text-align: left; padding: 6px 10px; border-bottom: 1px solid #e3e3e3; vertical-align: top; }
  code { font-size: 12px; }
`;
