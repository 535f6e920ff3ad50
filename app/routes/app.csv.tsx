// /app/csv — export backorder settings as CSV, import a CSV: upload → preview with per-row problems (nothing applied)
// → "Apply N valid rows" (background job) → progress → summary. `?import=<id>` shows one import; the variants page's
// filter params (q, state, vendor, type, collection, tag, eta, ids) select what "Export filtered variants" exports.
// The page itself is app/components/csv/csv-page.tsx.
import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs } from "@remix-run/node";
import {
  data,
  MaxPartSizeExceededError,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
} from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { boundary } from "@shopify/shopify-app-remix/server";
import { authenticate } from "../shopify.server";
import { actorOfAdmin } from "../shopify/admin-actor";
import { CSV_MAX_BYTES } from "../domain/backorder-csv";
import { CSV_TOO_LARGE_MESSAGE, type CsvImportIssue } from "../domain/csv-import";
import { loadCsvPage } from "../services/backorder-csv-page.server";
import { previewCsvUpload } from "../services/backorder-csv-preview.server";
import { confirmCsvImport, discardCsvImport } from "../services/backorder-csv-import.server";
import { CsvPage } from "../components/csv/csv-page";
import type { CsvActionFailure } from "../components/csv/upload-failure-banner";
import { systemClock } from "../clock.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  return loadCsvPage(session.shop, new URL(request.url).searchParams, systemClock());
};

const fail = (status: number, error: string, errors: CsvImportIssue[] = []) => data<CsvActionFailure>({ ok: false, error, errors }, { status });

/** The uploaded file of a multipart post, or the failure to answer. */
async function readUploadedFile(request: Request): Promise<{ ok: true; file: File } | { ok: false; response: ReturnType<typeof fail> }> {
  // Refuse an oversized upload before reading it (64 KB of slack for the multipart envelope).
  if (Number(request.headers.get("content-length") ?? 0) > CSV_MAX_BYTES + 64 * 1024) {
    return { ok: false, response: fail(413, CSV_TOO_LARGE_MESSAGE) };
  }
  let form: FormData;
  try {
    form = await unstable_parseMultipartFormData(request, unstable_createMemoryUploadHandler({ maxPartSize: CSV_MAX_BYTES }));
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError) return { ok: false, response: fail(413, CSV_TOO_LARGE_MESSAGE) };
    return { ok: false, response: fail(422, "The upload couldn't be read; choose the file again and retry.") };
  }
  const file = form.get("file");
  if (!(file instanceof File) || (file.size === 0 && !file.name)) return { ok: false, response: fail(422, "Choose a CSV file to upload.") };
  return { ok: true, file };
}

export const action = async ({ request }: ActionFunctionArgs) => {
  const context = await authenticate.admin(request);
  const { session, redirect } = context;
  const shop = session.shop;

  if ((request.headers.get("content-type") ?? "").includes("multipart/form-data")) {
    const upload = await readUploadedFile(request);
    if (!upload.ok) return upload.response;
    const result = await previewCsvUpload({
      shop,
      fileName: upload.file.name,
      bytes: new Uint8Array(await upload.file.arrayBuffer()),
      now: systemClock(),
      createdBy: actorOfAdmin(context),
    });
    if (!result.ok) return fail(result.status, result.error, result.errors);
    return redirect(`/app/csv?import=${encodeURIComponent(result.import.id)}`);
  }

  const form = await request.formData();
  const intent = String(form.get("intent") ?? "");
  const importId = String(form.get("importId") ?? "");
  if (!importId) return fail(422, "Missing import id.");
  if (intent === "confirm") {
    const result = await confirmCsvImport(shop, importId, actorOfAdmin(context), systemClock());
    if (!result.ok) return fail(result.status, result.error);
    return redirect(`/app/csv?import=${encodeURIComponent(importId)}`);
  }
  if (intent === "discard") {
    const result = await discardCsvImport(shop, importId, systemClock());
    if (!result.ok) return fail(result.status, result.error);
    return redirect("/app/csv");
  }
  return fail(400, `Unknown action "${intent}".`);
};

export default function CsvRoute() {
  const pageData = useLoaderData<typeof loader>();
  // The action either redirects (success) or answers a CsvActionFailure with a 4xx status.
  const failure = useActionData<typeof action>() as CsvActionFailure | undefined;
  return <CsvPage data={pageData} failure={failure} />;
}

export const headers: HeadersFunction = (headersArgs) => boundary.headers(headersArgs);
