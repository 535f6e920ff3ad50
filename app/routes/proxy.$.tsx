// Any app proxy path other than /proxy/notify: a JSON 404 the storefront script can read, never cached, instead
// of the admin app's HTML error page.
import { proxyError, proxyJson } from "../services/storefront-proxy.server";

const notFound = () => proxyJson(proxyError(404, "INVALID_REQUEST", "There is nothing at this address. Reload the page and try again."));

export const loader = notFound;
export const action = notFound;
