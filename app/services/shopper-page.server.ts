// The small public pages shoppers reach from an email link (confirm a signup, unsubscribe, ask to cancel a
// backordered item): one HTML shell and one way to answer. The token is in the URL, so the answer is never
// cached, indexed or sent on as a Referer.
import { emailStrings, resolveEmailLocale as emailLocaleOf } from "#app/domain/email-locales";
import { escapeHtml } from "#app/domain/email-templates";

const PAGE_STYLE = `body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;background:#f6f6f7;color:#202223}
main{max-width:28rem;margin:12vh auto;padding:2rem;background:#fff;border-radius:12px;box-shadow:0 1px 3px rgba(0,0,0,.12)}
h1{font-size:1.4rem;margin:0 0 .75rem}
label{display:block;font-weight:600;margin:12px 0 4px}
textarea{width:100%;box-sizing:border-box;font:inherit;padding:8px;border:1px solid #8c9196;border-radius:6px}
.note{font-size:14px;color:#6d7175}
button{font:inherit;font-weight:600;margin-top:1rem;padding:.7rem 1.6rem;border:0;border-radius:8px;background:#202223;color:#fff;cursor:pointer}
button:focus-visible{outline:3px solid #2c6ecb;outline-offset:2px}`;

/** A complete page; `bodyHtml` is already escaped HTML. `state` is exposed as data-state for tests and styling. */
export function shopperPageHtml(input: { lang: string; title: string; bodyHtml: string; state?: string }): string {
  const state = input.state ? ` data-state="${escapeHtml(input.state)}"` : "";
  return `<!doctype html>
<html lang="${escapeHtml(input.lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(input.title)}</title>
<style>${PAGE_STYLE}</style>
</head>
<body>
<main${state}>
<h1>${escapeHtml(input.title)}</h1>
${input.bodyHtml}
</main>
</body>
</html>
`;
}

export const SHOPPER_PAGE_HEADERS = {
  "Cache-Control": "no-store",
  "X-Robots-Tag": "noindex",
  "Referrer-Policy": "no-referrer",
  "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
};

/** The page as HTML, or `{ ok, state }` JSON for clients that ask for it (Accept: application/json). */
export function shopperPageResponse(request: Request, page: { status: number; html: string; state: string; ok: boolean }): Response {
  if ((request.headers.get("Accept") ?? "").includes("application/json")) {
    return Response.json({ ok: page.ok, state: page.state }, { status: page.status, headers: SHOPPER_PAGE_HEADERS });
  }
  return new Response(page.html, { status: page.status, headers: { ...SHOPPER_PAGE_HEADERS, "Content-Type": "text/html; charset=utf-8" } });
}

/**
 * Any other address under a shopper-page prefix (no token, `/orders/cancel-request/.`, a made-up path): a 404
 * with the same private headers as the real pages, in the shopper's language, instead of the admin's error page.
 */
export function shopperPageNotFound(request: Request): Response {
  const locale = request.headers.get("Accept-Language")?.split(",")[0] ?? null;
  const strings = emailStrings(locale);
  const html = shopperPageHtml({
    lang: emailLocaleOf(locale),
    title: strings.unknownLinkTitle,
    bodyHtml: `<p>${escapeHtml(strings.unknownLinkBody)}</p>`,
    state: "not-found",
  });
  return shopperPageResponse(request, { status: 404, html, state: "not-found", ok: false });
}
