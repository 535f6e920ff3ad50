import { describe, expect, it } from "vitest";
import {
  CsvFormatError,
  normalizeVariantId,
  parseCsv,
  parseCsvRecords,
  toBackorderCsv,
  validateBackorderImport,
  type BackorderCsvRow,
  type ResolveVariant,
} from "./backorder-csv";

const NY = "America/New_York";
const NOW = new Date("2026-01-10T04:30:00Z"); // Friday 2026-01-09 23:30 in New York (Saturday in UTC)
const gid = (n: number | string) => `gid://shopify/ProductVariant/${n}`;

/** A resolver over a prefetched catalog, as the service builds it. */
function resolverFor(catalog: Array<[number, string | null]>): ResolveVariant {
  const byId = new Map(catalog.map(([id]) => [gid(id), gid(id)]));
  const bySku = new Map(catalog.filter(([, sku]) => sku !== null).map(([id, sku]) => [sku as string, gid(id)]));
  return (key) => {
    const id = key.variantId !== undefined ? byId.get(key.variantId) : key.sku !== undefined ? bySku.get(key.sku) : undefined;
    return id ? { variantId: id } : null;
  };
}

const catalog: Array<[number, string | null]> = [
  [1001, "TEE-S"],
  [1002, "TEE-M"],
  [1003, "TEE-L"],
  [1004, "MUG"],
  [1005, "CAP,RED"],
  [1006, "HAT"],
  [1007, "BAG"],
  [1008, null],
  [1009, "LONG"],
  [1010, "PEN"],
];

describe("parseCsv", () => {
  it("parses plain LF text with a trailing newline", () => {
    expect(parseCsv("a,b,c\n1,2,3\n")).toEqual({ header: ["a", "b", "c"], rows: [["1", "2", "3"]] });
  });

  it("parses CRLF without a trailing newline, and empty cells", () => {
    expect(parseCsv("a,b,c\r\n1,,3\r\n,,")).toEqual({ header: ["a", "b", "c"], rows: [["1", "", "3"], ["", "", ""]] });
  });

  it("strips a UTF-8 BOM", () => {
    expect(parseCsv("\uFEFFsku,cap\nA,1\n").header).toEqual(["sku", "cap"]);
  });

  it("handles quotes, escaped quotes, commas and newlines inside quotes", () => {
    const text = 'id,message\n1,"Hello, ""world"""\n2,"two\r\nlines"\n3,""\n';
    expect(parseCsv(text).rows).toEqual([
      ["1", 'Hello, "world"'],
      ["2", "two\r\nlines"],
      ["3", ""],
    ]);
  });

  it("keeps a quote inside an unquoted cell literally", () => {
    expect(parseCsv('size\n5" screen\n').rows).toEqual([['5" screen']]);
  });

  it("skips blank lines, accepts a lone CR and a trailing comma", () => {
    expect(parseCsv("a,b\n\n1,2\r3,\n\n")).toEqual({ header: ["a", "b"], rows: [["1", "2"], ["3", ""]] });
  });

  it("returns an empty header for empty text", () => {
    expect(parseCsv("")).toEqual({ header: [], rows: [] });
    expect(parseCsv("\uFEFF")).toEqual({ header: [], rows: [] });
  });

  it("numbers records by the file line they start on", () => {
    const records = parseCsvRecords('h1,h2\n1,"multi\nline\r\nvalue"\n\n2,x\n');
    expect(records.map((r) => r.line)).toEqual([1, 2, 6]);
  });

  it("throws CsvFormatError with the line of an unterminated quote", () => {
    const text = 'a,b\n1,2\n3,"never closed\n4,5\n';
    expect(() => parseCsv(text)).toThrow(CsvFormatError);
    try {
      parseCsv(text);
    } catch (error) {
      expect((error as CsvFormatError).line).toBe(3);
      expect((error as CsvFormatError).message).toBe("Line 3: a quoted field is never closed (its opening quote is on line 3)");
    }
  });

  it("throws CsvFormatError on text after a closing quote", () => {
    expect(() => parseCsv('a,b\n"x"y,2\n')).toThrow('Line 2: unexpected text after a closing quote; quotes inside a quoted field must be doubled ("")');
  });
});

describe("normalizeVariantId", () => {
  it.each([
    { value: "123", expected: gid(123) },
    { value: " 123 ", expected: gid(123) },
    { value: gid(456), expected: gid(456) },
    { value: "gid://shopify/Product/456", expected: null },
    { value: "12a", expected: null },
    { value: "-1", expected: null },
  ])("$value → $expected", ({ value, expected }) => {
    expect(normalizeVariantId(value)).toBe(expected);
  });
});

describe("validateBackorderImport", () => {
  const validate = (text: string) =>
    validateBackorderImport({ text, now: NOW, timeZone: NY, resolveVariant: resolverFor(catalog) });

  it("accepts the good rows and reports each bad row with its line in one file", () => {
    // GIVEN a file mixing valid and invalid rows (header mixed case, columns out of order)
    const longMessage = "x".repeat(501);
    const text = [
      "SKU,Variant_ID,Enabled,ETA,Lead_Time_Days,Cap,Message", // 1
      'TEE-S,,yes,2026-02-01,,10,"Ships in February, promise"', // 2 ok
      ",1002,false,,,,", // 3 ok
      `,${gid(1003)},1,2026-01-09,0,none,`, // 4 duplicate of line 11 (today's ETA itself is fine)
      "NOPE,,true,,,,", // 5 unknown SKU
      "MUG,,true,2026-01-08,,,", // 6 ETA in the past
      '"CAP,RED",,TRUE,,5,,"Line one', // 7 ok (quoted sku with comma, multi-line message)
      'line two"', // 8 (continuation of 7)
      "HAT,,maybe,2026-02-30,-1,-5,", // 9 four bad cells
      ",abc,true,,,,", // 10 malformed variant id
      ",1003,true,,,,", // 11 duplicate of line 4
      ",9999,true,,,,", // 12 unknown variant id
      "TEE-M,1001,true,,,,", // 13 SKU belongs to another variant
      "BAG,,,,,,", // 14 nothing to change: skipped
      "", // 15 blank
      ",,true,,,,", // 16 no variant
      ",1008,no,none,none,none,none", // 17 ok: clears everything
      `LONG,,,,,,${longMessage}`, // 18 message too long
      ",1010,true,,,,,extra", // 19 more cells than the header
    ].join("\n");

    // WHEN it is validated
    const result = validate(text);

    // THEN the valid rows carry only what changes
    expect(result.rows).toEqual([
      { line: 2, variantId: gid(1001), changes: { enabled: true, etaDate: "2026-02-01", cap: 10, message: "Ships in February, promise" } },
      { line: 3, variantId: gid(1002), changes: { enabled: false } },
      { line: 7, variantId: gid(1005), changes: { enabled: true, leadTimeDays: 5, message: "Line one\nline two" } },
      { line: 17, variantId: gid(1008), changes: { enabled: false, etaDate: null, leadTimeDays: null, cap: null, message: null } },
    ]);
    // AND each problem is reported on its line and column
    expect(result.errors.map((e) => [e.line, e.column ?? null])).toEqual([
      [4, null],
      [5, "sku"],
      [6, "eta"],
      [9, "enabled"],
      [9, "eta"],
      [9, "lead_time_days"],
      [9, "cap"],
      [10, "variant_id"],
      [11, null],
      [12, "variant_id"],
      [13, "sku"],
      [16, null],
      [18, "message"],
      [19, null],
    ]);
    const messageOn = (line: number, column?: string) =>
      result.errors.find((e) => e.line === line && e.column === column)?.message;
    expect(messageOn(4)).toBe(`Variant ${gid(1003)} appears more than once in the file (lines 4, 11); keep one row per variant.`);
    expect(messageOn(5, "sku")).toBe('Unknown SKU "NOPE".');
    expect(messageOn(6, "eta")).toBe(
      'eta 2026-01-08 is in the past (today is 2026-01-09 in America/New_York); set a new date, "none", or leave the cell empty to keep the current ETA.',
    );
    expect(messageOn(9, "enabled")).toBe('enabled must be true/false, yes/no or 1/0, got "maybe".');
    expect(messageOn(9, "eta")).toBe('eta must be a date as YYYY-MM-DD (e.g. 2026-03-31), got "2026-02-30".');
    expect(messageOn(9, "lead_time_days")).toBe('lead_time_days must be a whole number from 0 to 3650, got "-1".');
    expect(messageOn(9, "cap")).toBe('cap must be a whole number ≥ 0, or "none" to remove the cap; got "-5".');
    expect(messageOn(10, "variant_id")).toBe('variant_id must be a number or gid://shopify/ProductVariant/<number>, got "abc".');
    expect(messageOn(12, "variant_id")).toBe("No variant 9999 in this shop.");
    expect(messageOn(13, "sku")).toBe('SKU "TEE-M" doesn\'t belong to variant 1001.');
    expect(messageOn(16)).toBe("The row needs a variant_id or sku.");
    expect(messageOn(18, "message")).toBe("message is 501 characters long; the limit is 500.");
    expect(messageOn(19)).toBe("The row has 8 cells but the header has 7; quote cells that contain commas.");
  });

  it("judges 'past' by today in the shop's time zone, not UTC", () => {
    // It is already 2026-01-10 in UTC but still 2026-01-09 in New York.
    expect(validate("sku,eta\nTEE-S,2026-01-09\n").errors).toEqual([]);
    const utc = validateBackorderImport({ text: "sku,eta\nTEE-S,2026-01-09\n", now: NOW, timeZone: "UTC", resolveVariant: resolverFor(catalog) });
    expect(utc.errors.map((e) => e.column)).toEqual(["eta"]);
  });

  it("rejects unknown columns on the header, listing the allowed ones", () => {
    expect(validate("variant_id,colour,eta\n1001,red,2026-02-01\n")).toEqual({
      rows: [],
      errors: [
        {
          line: 1,
          column: "colour",
          message:
            'Unknown column "colour". Allowed columns: variant_id, sku, enabled, eta, lead_time_days, cap, message (product_title and variant_title are ignored).',
        },
      ],
    });
  });

  it.each([
    { name: "no identifier column", text: "enabled,eta\ntrue,2026-02-01\n", message: "The header needs a variant_id or sku column." },
    { name: "a duplicated column", text: "sku,SKU,eta\nA,A,2026-02-01\n", message: 'Column "SKU" appears more than once.' },
    { name: "nothing to change", text: "sku,product_title\nTEE-S,Tee\n", message: "The header has no column to change: add one of enabled, eta, lead_time_days, cap, message." },
    { name: "an empty file", text: "", message: "The file is empty." },
  ])("reports $name on line 1", ({ text, message }) => {
    const result = validate(text);
    expect(result.rows).toEqual([]);
    expect(result.errors.map((e) => [e.line, e.message])).toEqual([[1, message]]);
  });

  it("reports malformed CSV as an error on its line instead of throwing", () => {
    expect(validate('sku,message\nTEE-S,ok\nMUG,"oops\n')).toEqual({
      rows: [],
      errors: [{ line: 3, message: "The file isn't valid CSV: a quoted field is never closed (its opening quote is on line 3)." }],
    });
  });

  it("ignores unnamed empty columns but not values under them", () => {
    const result = validate("sku,cap,\nTEE-S,3,\nMUG,4,oops\n");
    expect(result.rows).toEqual([{ line: 2, variantId: gid(1001), changes: { cap: 3 } }]);
    expect(result.errors).toEqual([{ line: 3, message: "Column 3 has a value but no name in the header." }]);
  });

  it("accepts a header-only file as nothing to do", () => {
    expect(validate("sku,cap\n")).toEqual({ rows: [], errors: [] });
  });

  it("validates a 10,000-row file well under a second", () => {
    // GIVEN 10,000 variants and a file touching each of them (every 100th row has a bad cap)
    const big: Array<[number, string | null]> = Array.from({ length: 10_000 }, (_, i) => [100_000 + i, `SKU-${i}`]);
    const lines = ["sku,enabled,eta,lead_time_days,cap,message"];
    for (let i = 0; i < 10_000; i++) {
      const cap = i % 100 === 0 ? "-1" : String(i % 50);
      lines.push(`SKU-${i},true,2026-03-${String((i % 28) + 1).padStart(2, "0")},${i % 30},${cap},"Back soon, item ${i}"`);
    }
    const text = lines.join("\r\n");
    const resolveVariant = resolverFor(big);

    // WHEN it is parsed and validated
    const started = performance.now();
    const result = validateBackorderImport({ text, now: NOW, timeZone: NY, resolveVariant });
    const elapsed = performance.now() - started;
    console.log(`10,000-row backorder CSV parsed and validated in ${elapsed.toFixed(1)} ms`);

    // THEN all good rows come back, the bad ones are reported, and it was fast
    expect(result.rows).toHaveLength(9_900);
    expect(result.errors).toHaveLength(100);
    expect(result.errors[1]).toMatchObject({ line: 102, column: "cap" });
    expect(result.rows[0]).toEqual({
      line: 3,
      variantId: gid(100_001),
      changes: { enabled: true, etaDate: "2026-03-02", leadTimeDays: 1, cap: 1, message: "Back soon, item 1" },
    });
    expect(elapsed).toBeLessThan(1_000);
  });
});

describe("toBackorderCsv", () => {
  const rows: BackorderCsvRow[] = [
    { variantId: gid(1001), sku: "TEE-S", productTitle: "Tee", variantTitle: "S", enabled: true, etaDate: "2026-02-01", leadTimeDays: null, cap: 10, message: "Ships soon" },
    { variantId: gid(1005), sku: "CAP,RED", productTitle: 'The "Cap"', variantTitle: "Red", enabled: false, etaDate: null, leadTimeDays: 7, cap: null, message: 'Line one\nline "two", with comma' },
    { variantId: gid(1008), sku: null, enabled: true, etaDate: null, leadTimeDays: 0, cap: 0, message: null },
    { variantId: gid(1009), sku: "LONG", productTitle: " padded ", enabled: true, etaDate: null, leadTimeDays: null, cap: 3, message: "Émile’s café ☕ — =SUM(A1)" },
  ];

  it("writes the header first and quotes only when needed", () => {
    const csv = toBackorderCsv(rows);
    const lines = csv.split("\r\n");
    expect(lines[0]).toBe("variant_id,sku,product_title,variant_title,enabled,eta,lead_time_days,cap,message");
    expect(lines[1]).toBe(`${gid(1001)},TEE-S,Tee,S,true,2026-02-01,,10,Ships soon`);
    expect(lines[2]).toBe(`${gid(1005)},"CAP,RED","The ""Cap""",Red,false,,7,none,"Line one\nline ""two"", with comma"`);
    expect(lines[4]).toBe(`${gid(1009)},LONG," padded ",,true,,,3,Émile’s café ☕ — =SUM(A1)`);
    expect(csv.endsWith("\r\n")).toBe(true);
    expect(toBackorderCsv([], { bom: true })).toBe("\uFEFFvariant_id,sku,product_title,variant_title,enabled,eta,lead_time_days,cap,message\r\n");
  });

  it("round-trips: export → parse gives the same cells, and → import gives the same settings", () => {
    // GIVEN an export
    const csv = toBackorderCsv(rows, { bom: true });

    // WHEN it is parsed back
    const parsed = parseCsv(csv);

    // THEN every cell is what was written
    expect(parsed.rows).toEqual([
      [gid(1001), "TEE-S", "Tee", "S", "true", "2026-02-01", "", "10", "Ships soon"],
      [gid(1005), "CAP,RED", 'The "Cap"', "Red", "false", "", "7", "none", 'Line one\nline "two", with comma'],
      [gid(1008), "", "", "", "true", "", "0", "0", ""],
      [gid(1009), "LONG", " padded ", "", "true", "", "", "3", "Émile’s café ☕ — =SUM(A1)"],
    ]);

    // AND importing it unchanged yields the exported settings (empty cells = no change)
    const result = validateBackorderImport({ text: csv, now: NOW, timeZone: NY, resolveVariant: resolverFor(catalog) });
    expect(result.errors).toEqual([]);
    expect(result.rows.map((r) => [r.variantId, r.changes])).toEqual([
      [gid(1001), { enabled: true, etaDate: "2026-02-01", cap: 10, message: "Ships soon" }],
      [gid(1005), { enabled: false, leadTimeDays: 7, cap: null, message: 'Line one\nline "two", with comma' }],
      [gid(1008), { enabled: true, leadTimeDays: 0, cap: 0 }],
      [gid(1009), { enabled: true, cap: 3, message: "Émile’s café ☕ — =SUM(A1)" }],
    ]);
  });
});
