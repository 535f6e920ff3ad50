import { Links, Meta, Outlet, Scripts, ScrollRestoration } from "@remix-run/react";

export default function App() {
  return (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width,initial-scale=1" />
        <link rel="preconnect" href="https://cdn.shopify.com/" />
        {/* No first paint before the page's markup is all parsed (Chromium): a large table painted while its HTML
            still streams in widens its columns row by row, which is layout shift (CLS). */}
        <link rel="expect" href="#page-markup-end" {...{ blocking: "render" }} />
        <Meta />
        <Links />
      </head>
      <body>
        <Outlet />
        <div id="page-markup-end" hidden />
        <ScrollRestoration />
        <Scripts />
      </body>
    </html>
  );
}
