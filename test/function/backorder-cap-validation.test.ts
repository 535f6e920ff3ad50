// The checkout validation function's rule, run from the built .wasm under node:wasi with input documents shaped
// like its input query's result.
import { beforeAll, describe, expect, it } from "vitest";
import { cartInput, customProductLine, lineTarget, loadValidationFunction, runValidationFunctionOnText, validationErrors, variantLine } from "./validation-run";

const ETA = "2027-01-12";
const TEN_LEFT_EN = "Only 10 of this item can be ordered right now (backordered units ship by January 12, 2027). Lower the quantity to 10 to check out.";
const LIMIT_REACHED_EN = "This item can no longer be ordered: its backorder limit has been reached.";

beforeAll(() => {
  loadValidationFunction();
});

describe("GIVEN a variant with 10 units left to order", () => {
  const tenLeft = { sellable: "10", eta: ETA };

  it("WHEN the cart asks for fewer THEN checkout passes", () => {
    expect(validationErrors(cartInput([variantLine(1, 9, tenLeft)]))).toEqual([]);
  });

  it("WHEN the cart asks for exactly 10 THEN checkout passes", () => {
    expect(validationErrors(cartInput([variantLine(1, 10, tenLeft)]))).toEqual([]);
  });

  it("WHEN the cart asks for 11 THEN the line gets an error on its quantity saying how many and when", () => {
    expect(validationErrors(cartInput([variantLine(1, 11, tenLeft)]))).toEqual([{ message: TEN_LEFT_EN, target: lineTarget(0) }]);
  });

  it("WHEN the cart asks for 50 THEN the line gets the same error", () => {
    expect(validationErrors(cartInput([variantLine(1, 50, tenLeft)]))).toEqual([{ message: TEN_LEFT_EN, target: lineTarget(0) }]);
  });

  it("WHEN two lines of the variant ask for 6 each THEN both lines get an error asking for a lower total (the sum counts)", () => {
    const errors = validationErrors(cartInput([variantLine(1, 6, tenLeft), variantLine(2, 1), variantLine(1, 6, tenLeft)]));
    const message = "Only 10 of this item can be ordered right now (backordered units ship by January 12, 2027). Lower the total quantity of this item to 10 to check out.";
    expect(errors).toEqual([
      { message, target: lineTarget(0) },
      { message, target: lineTarget(2) },
    ]);
  });

  it("WHEN two lines of the variant ask for 5 each THEN checkout passes", () => {
    expect(validationErrors(cartInput([variantLine(1, 5, tenLeft), variantLine(1, 5, tenLeft)]))).toEqual([]);
  });
});

describe("GIVEN a mixed cart", () => {
  it("WHEN only one capped line is over THEN only that line gets an error; in-stock, unmanaged and custom lines pass", () => {
    const errors = validationErrors(
      cartInput([
        variantLine(1, 3, { sellable: "25" }), // capped, within
        variantLine(2, 40), // unmanaged: no metafields
        variantLine(3, 12, { sellable: "10", eta: ETA }), // over
        customProductLine(99),
        variantLine(4, 2, { sellable: "2" }), // exactly at its figure
      ]),
    );
    expect(errors).toEqual([{ message: TEN_LEFT_EN, target: lineTarget(2) }]);
  });

  it("WHEN a variant has nothing left THEN its line says the backorder limit is reached", () => {
    expect(validationErrors(cartInput([variantLine(1, 1, { sellable: "0", eta: ETA })]))).toEqual([{ message: LIMIT_REACHED_EN, target: lineTarget(0) }]);
  });

  it("WHEN one unit is left and two are asked THEN the message speaks of 1", () => {
    expect(validationErrors(cartInput([variantLine(1, 2, { sellable: "1", eta: "2027-03-05" })]))).toEqual([
      {
        message: "Only 1 of this item can be ordered right now (backordered units ship by March 5, 2027). Lower the quantity to 1 to check out.",
        target: lineTarget(0),
      },
    ]);
  });

  it("WHEN the variant has no ETA THEN the message leaves the shipping date out", () => {
    expect(validationErrors(cartInput([variantLine(1, 8, { sellable: "4" })]))).toEqual([
      { message: "Only 4 of this item can be ordered right now. Lower the quantity to 4 to check out.", target: lineTarget(0) },
    ]);
  });

  it.each(["2027-02-30", "2027-13-01", "12/01/2027", "", "soon"])("WHEN the ETA is %j (not a date) THEN the message leaves the date out", (eta) => {
    expect(validationErrors(cartInput([variantLine(1, 8, { sellable: "4", eta })]))[0].message).toBe(
      "Only 4 of this item can be ordered right now. Lower the quantity to 4 to check out.",
    );
  });
});

describe("GIVEN data the function cannot trust (a validator must never block a store's checkout because of our data)", () => {
  it("WHEN variants have no metafields THEN any quantity passes", () => {
    expect(validationErrors(cartInput([variantLine(1, 500), variantLine(2, 1)]))).toEqual([]);
  });

  it("WHEN the merchandise is not a ProductVariant THEN it passes", () => {
    expect(validationErrors(cartInput([customProductLine(1000)]))).toEqual([]);
  });

  it.each(["abc", "-3", "1.5", "", " 10", "1e3", '{"sellable":0}', "[0]", "null", "99999999999999999999"])(
    "WHEN backorder_sellable is %j THEN the line passes",
    (sellable) => {
      expect(validationErrors(cartInput([variantLine(1, 500, { sellable, eta: ETA })]))).toEqual([]);
    },
  );

  it("WHEN the metafields have the wrong shapes THEN the lines pass", () => {
    const garbled = [
      { quantity: 50, merchandise: { __typename: "ProductVariant", id: "gid://shopify/ProductVariant/1", sellable: { value: 0 }, eta: null } },
      { quantity: 50, merchandise: { __typename: "ProductVariant", id: "gid://shopify/ProductVariant/2", sellable: "0", eta: { value: ETA } } },
      { quantity: 50, merchandise: { __typename: "ProductVariant", id: "gid://shopify/ProductVariant/3", sellable: [{ value: "0" }] } },
      { quantity: 50, merchandise: { __typename: "ProductVariant", sellable: { value: "0" } } }, // no id
      { quantity: "50", merchandise: { __typename: "ProductVariant", id: "gid://shopify/ProductVariant/4", sellable: { value: "0" } } },
      { quantity: 50, merchandise: null },
      null,
      "line",
    ];
    expect(validationErrors(cartInput(garbled))).toEqual([]);
  });

  it("WHEN a garbled line sits next to an over-cap line THEN only the over-cap line errors, at its own index", () => {
    const input = cartInput([null, { quantity: 50, merchandise: { __typename: "ProductVariant", sellable: { value: "0" } } }, variantLine(1, 11, { sellable: "10", eta: ETA })]);
    expect(validationErrors(input)).toEqual([{ message: TEN_LEFT_EN, target: lineTarget(2) }]);
  });

  it("WHEN the document carries non-ASCII text and full-width digits THEN it is read, and only a real integer counts", () => {
    const input = cartInput([
      { quantity: 5, merchandise: { __typename: "CustomProduct", note: "Größe XL 🚀 — ünïcödé" } },
      variantLine(1, 50, { sellable: "１０" }), // full-width digits are not an integer: passes
      variantLine(2, 50, { sellable: "10", eta: ETA }),
    ]);
    expect(validationErrors(input)).toEqual([{ message: TEN_LEFT_EN, target: lineTarget(2) }]);
  });

  it("WHEN the cart is empty THEN there are no errors", () => {
    expect(validationErrors(cartInput([]))).toEqual([]);
  });

  it.each([
    ["no cart", { localization: { language: { isoCode: "EN" } } }],
    ["lines not a list", { cart: { lines: { quantity: 50 } } }],
    ["a bare number", 42],
    ["a string", "cart"],
  ])("WHEN the input has %s THEN there are no errors", (_, input) => {
    expect(validationErrors(input)).toEqual([]);
  });

  it.each([
    ["a truncated document", '{"cart":{"lines":[{"quantity":50,"merchandise":{"__typename":"ProductVariant","id":"v1","sellable":{"value":"0"}'],
    ["trailing garbage", `${JSON.stringify(cartInput([variantLine(1, 50, { sellable: "0" })]))} x`],
    ["a bad escape", '{"cart":{"lines":[{"quantity":50,"merchandise":{"__typename":"Product\\qVariant"}}]}}'],
    ["nesting far too deep", "[".repeat(5000) + "]".repeat(5000)],
    ["empty stdin", ""],
  ])("WHEN stdin is %s THEN the output is still a valid result with no errors, not a trap", (_, inputText) => {
    const outcome = runValidationFunctionOnText(inputText);
    expect(outcome).toMatchObject({ ok: true, output: { operations: [{ validationAdd: { errors: [] } }] } });
  });

  it("WHEN stdin is the same document, well-formed THEN it is read (the cases above fail on their syntax alone)", () => {
    const outcome = runValidationFunctionOnText(JSON.stringify(cartInput([variantLine(1, 50, { sellable: "0" })])));
    expect(outcome).toMatchObject({ ok: true, output: { operations: [{ validationAdd: { errors: [{ message: LIMIT_REACHED_EN, target: lineTarget(0) }] } }] } });
  });

  it("WHEN strings carry JSON escapes THEN they are decoded before comparing", () => {
    const text = JSON.stringify(cartInput([variantLine(1, 50, { sellable: "0" })])).replace('"ProductVariant"', '"\\u0050roductVariant"');
    expect(runValidationFunctionOnText(text)).toMatchObject({ ok: true, output: { operations: [{ validationAdd: { errors: [{ target: lineTarget(0) }] } }] } });
  });
});

describe("GIVEN the buyer's language", () => {
  const overCap = (isoCode: string, eta: string | undefined = ETA) => validationErrors(cartInput([variantLine(1, 50, { sellable: "10", eta }), variantLine(2, 3, { sellable: "0" })], isoCode));

  it("WHEN it is German THEN the messages are German with a German date", () => {
    expect(overCap("DE").map((error) => error.message)).toEqual([
      "Von diesem Artikel können derzeit nur 10 Stück bestellt werden (nachbestellte Einheiten werden bis zum 12. Januar 2027 versandt). Bitte reduziere die Menge auf 10, um zur Kasse zu gehen.",
      "Dieser Artikel kann nicht mehr bestellt werden: Das Limit für Nachbestellungen ist erreicht.",
    ]);
  });

  it("WHEN it is French THEN the messages are French with a French date", () => {
    expect(overCap("FR").map((error) => error.message)).toEqual([
      "Seuls 10 exemplaires de cet article peuvent être commandés pour le moment (les unités en réapprovisionnement seront expédiées d’ici le 12 janvier 2027). Réduisez la quantité à 10 pour passer commande.",
      "Cet article ne peut plus être commandé\u00a0: sa limite de commandes en réapprovisionnement est atteinte.",
    ]);
  });

  it("WHEN it is Spanish THEN the messages are Spanish with a Spanish date", () => {
    expect(overCap("ES").map((error) => error.message)).toEqual([
      "Por ahora solo se pueden pedir 10 unidades de este artículo (las unidades bajo pedido se enviarán a más tardar el 12 de enero de 2027). Reduce la cantidad a 10 para finalizar la compra.",
      "Este artículo ya no se puede pedir: se alcanzó su límite de pedidos pendientes.",
    ]);
  });

  it("WHEN it is English THEN the messages are English", () => {
    expect(overCap("EN").map((error) => error.message)).toEqual([TEN_LEFT_EN, LIMIT_REACHED_EN]);
  });

  it.each([
    ["EN_GB", "en"],
    ["DE_CH", "de"],
    ["FR_CA", "fr"],
    ["ES_MX", "es"],
    ["PT_BR", "en"],
    ["JA", "en"],
    ["", "en"],
  ])("WHEN the code is %j THEN the language is %s (region ignored; unsupported → English)", (isoCode, language) => {
    const expected = { en: TEN_LEFT_EN, de: overCap("DE")[0].message, fr: overCap("FR")[0].message, es: overCap("ES")[0].message }[language];
    expect(overCap(isoCode)[0].message).toBe(expected);
  });

  it("WHEN localization is missing THEN the messages are English", () => {
    expect(validationErrors({ cart: { lines: [variantLine(1, 50, { sellable: "10", eta: ETA })] } })[0].message).toBe(TEN_LEFT_EN);
  });

  it.each([
    ["DE", "Von diesem Artikel kann derzeit nur 1 Stück bestellt werden. Bitte reduziere die Menge auf 1, um zur Kasse zu gehen."],
    ["FR", "Un seul exemplaire de cet article peut être commandé pour le moment. Réduisez la quantité à 1 pour passer commande."],
    ["ES", "Por ahora solo se puede pedir 1 unidad de este artículo. Reduce la cantidad a 1 para finalizar la compra."],
  ])("WHEN it is %s, one unit is left and there is no ETA THEN the singular wording has no date", (isoCode, message) => {
    expect(validationErrors(cartInput([variantLine(1, 3, { sellable: "1" })], isoCode))[0].message).toBe(message);
  });

  it.each([
    ["DE", "Bitte reduziere die Gesamtmenge dieses Artikels auf 4, um zur Kasse zu gehen."],
    ["FR", "Réduisez la quantité totale de cet article à 4 pour passer commande."],
    ["ES", "Reduce la cantidad total de este artículo a 4 para finalizar la compra."],
  ])("WHEN it is %s and the variant is on two lines THEN the message asks for a lower total", (isoCode, ending) => {
    const errors = validationErrors(cartInput([variantLine(1, 3, { sellable: "4" }), variantLine(1, 3, { sellable: "4" })], isoCode));
    expect(errors.map((error) => error.message.endsWith(ending))).toEqual([true, true]);
  });

  it("WHEN the ETA is the first of a month in French THEN the day reads 1er", () => {
    expect(validationErrors(cartInput([variantLine(1, 3, { sellable: "2", eta: "2027-05-01" })], "FR"))[0].message).toContain("d’ici le 1er mai 2027");
  });
});
