// Every other address under /alerts/ (a link with its token cut off, `/alerts/…/.`, a made-up path): the shopper pages'
// own 404, never cached or indexed, instead of the admin app's error page.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { shopperPageNotFound } from "../services/shopper-page.server";

export const loader = ({ request }: LoaderFunctionArgs) => shopperPageNotFound(request);
export const action = ({ request }: ActionFunctionArgs) => shopperPageNotFound(request);
