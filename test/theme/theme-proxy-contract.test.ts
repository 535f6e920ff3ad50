import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { NOTIFY_ERROR_CODES, NOTIFY_FIELDS, NOTIFY_HONEYPOT_FIELD } from "../../app/schemas/notify-request";

// The theme extension cannot import app code (it ships to Shopify on its own), so this test is what keeps the
// notify-me form and the app proxy endpoint speaking the same field names.
const block = readFileSync(path.resolve(import.meta.dirname, "../../extensions/backorders-theme/blocks/notify-me.liquid"), "utf8");
const script = readFileSync(path.resolve(import.meta.dirname, "../../extensions/backorders-theme/assets/notify-me.js"), "utf8");

describe("notify-me form ↔ app proxy contract", () => {
  it("GIVEN the endpoint's field names THEN the form posts every one of them, honeypot included", () => {
    for (const field of [...Object.values(NOTIFY_FIELDS), NOTIFY_HONEYPOT_FIELD]) {
      expect(block, `notify-me.liquid has no input named ${field}`).toMatch(new RegExp(`name="${field}"`));
    }
  });

  it("GIVEN the form THEN it posts to the app proxy path and sends a millisecond render time", () => {
    expect(block).toContain('action="/apps/backorders/notify"');
    expect(block).toMatch(/name="rendered_at" value="\{\{ 'now' \| date: '%s' \| times: 1000 \}\}"/);
  });

  it("GIVEN the endpoint's error codes THEN every code the script translates exists, the actionable ones included", () => {
    const mapped = [...script.matchAll(/^\s+([A-Z_]+): this\.dataset\.(msg[A-Za-z]+),$/gm)];
    const codes = mapped.map((match) => match[1]);
    expect(codes).toEqual(expect.arrayContaining(["INVALID_EMAIL", "CONSENT_REQUIRED", "RATE_LIMITED", "VARIANT_AVAILABLE"]));
    for (const code of codes) expect(NOTIFY_ERROR_CODES).toContain(code);
    // …and each has its translated message on the block (data-msg-* attribute).
    for (const [, , datasetKey] of mapped) {
      const attribute = `data-${datasetKey.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
      expect(block).toContain(`${attribute}="`);
    }
  });
});
