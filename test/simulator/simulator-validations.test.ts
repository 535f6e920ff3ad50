// The simulator as the Shopify platform for the app's cart and checkout validation function (issue 16): the
// function extension counts as deployed (shopifyFunctions), validationCreate/Update/Delete and the validations
// queries behave like the Admin API (userErrors, write_validations), and checkout runs every enabled validation's
// module on an input built by executing the extension's input query: its errors refuse the order before anything
// changes; a failing module blocks only with blockOnFailure. Uninstalling the app removes its validations.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildFunctionInput, loadFunctionSchema } from "../../simulator/functions/function-input";
import { parseValidationOutput } from "../../simulator/functions/function-output";
import { createAdminGraphqlExecutor } from "../../simulator/graphql/execute";
import { startSimulator, type RunningSimulator } from "../../simulator/server";
import { CheckoutError, SimulatorStore, type SimEvent } from "../../simulator/store";
import { APP_CONFIG } from "../support/simulator-app";

const SHOP = "validations-sim.myshopify.com";
const HANDLE = "backorder-cap-validation";
const EXTENSION_DIR = path.resolve(import.meta.dirname, "../../extensions", HANDLE);
const NOW = new Date("2026-11-02T15:00:00Z");

type GraphqlBody = { data?: Record<string, any>; errors?: Array<{ message: string; extensions?: { code?: string } }> };

const CREATE = `mutation Create($validation: ValidationCreateInput!) {
  validationCreate(validation: $validation) {
    validation { id title enabled blockOnFailure shopifyFunction { id handle apiType } }
    userErrors { field message code }
  }
}`;

/** A shop with one capped backordered variant (2 in stock, 3 more allowed: sellable 5) and one the app doesn't manage. */
function setUp(opts: { extensionsDir?: string; scopes?: string[] | null } = {}) {
  const store = new SimulatorStore({ now: () => NOW, productUpdateOnInventoryChange: false, ...(opts.extensionsDir ? { extensionsDir: opts.extensionsDir } : {}) });
  store.createShop(SHOP, { seed: "empty", scopes: opts.scopes === undefined ? null : opts.scopes });
  const location = store.snapshot(SHOP).locations[0].id;
  const product = store.createProduct(SHOP, {
    title: "Kettle",
    variants: [
      { title: "Steel", sku: "K-1", price: "40.00", inventoryPolicy: "CONTINUE", available: { [location]: 2 } },
      { title: "Copper", sku: "K-2", price: "55.00", inventoryPolicy: "DENY", available: { [location]: 9 } },
    ],
  }) as { variants: Array<{ admin_graphql_api_id: string }> };
  const [capped, unmanaged] = product.variants.map((v) => v.admin_graphql_api_id);
  const data = store.getShopData(SHOP);
  const publish = (variantId: string, key: string, type: string, value: string) =>
    store.upsertMetafield(data, { ownerGid: variantId, ownerType: "PRODUCTVARIANT", namespace: store.appNamespace(), key, type, value });
  publish(capped, "backorder_sellable", "number_integer", "5");
  publish(capped, "backorder_eta", "date", "2026-12-01");
  const execute = createAdminGraphqlExecutor(store);
  const gql = async (query: string, variables?: Record<string, unknown>) => (await execute(SHOP, { query, variables })).body as GraphqlBody;
  const events: SimEvent[] = [];
  store.onEvent((event) => events.push(event));
  const stock = () => store.snapshot(SHOP).variants.map((v) => ({ id: v.id, available: v.available }));
  const create = async (validation: Record<string, unknown>) => (await gql(CREATE, { validation })).data!.validationCreate;
  return { store, data, gql, create, events, stock, capped, unmanaged, publish };
}

/** A WASI-shaped module whose target export traps at once (`unreachable`): a function that fails at run time. */
function trappingModule(exportName: string): Buffer {
  const name = Buffer.from(exportName);
  const exportsBody = Buffer.concat([Buffer.from([0x02, 0x06]), Buffer.from("memory"), Buffer.from([0x02, 0x00, name.length]), name, Buffer.from([0x00, 0x00])]);
  return Buffer.concat([
    Buffer.from([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]),
    Buffer.from([0x01, 0x04, 0x01, 0x60, 0x00, 0x00]), // type: () -> ()
    Buffer.from([0x03, 0x02, 0x01, 0x00]), // one function of that type
    Buffer.from([0x05, 0x03, 0x01, 0x00, 0x01]), // one page of memory
    Buffer.from([0x07, exportsBody.length]),
    exportsBody,
    Buffer.from([0x0a, 0x05, 0x01, 0x03, 0x00, 0x00, 0x0b]), // body: unreachable
  ]);
}

/** An extensions folder with function extensions of our own making (no build command: the module is what is there). */
function extensionsFolder(extensions: Array<{ handle: string; target: string; wasm?: Buffer }>): string {
  const dir = mkdtempSync(path.join(tmpdir(), "sim-functions-"));
  for (const extension of extensions) {
    const folder = path.join(dir, extension.handle);
    mkdirSync(path.join(folder, "src"), { recursive: true });
    mkdirSync(path.join(folder, "dist"), { recursive: true });
    writeFileSync(path.join(folder, "src/run.graphql"), "query Input { cart { lines { quantity } } }\n");
    writeFileSync(
      path.join(folder, "shopify.extension.toml"),
      `api_version = "2026-10"\n\n[[extensions]]\nname = "${extension.handle}"\nhandle = "${extension.handle}"\ntype = "function"\n\n  [[extensions.targeting]]\n  target = "${extension.target}"\n  input_query = "src/run.graphql"\n  export = "run"\n\n  [extensions.build]\n  path = "dist/function.wasm"\n`,
    );
    if (extension.wasm) writeFileSync(path.join(folder, "dist/function.wasm"), extension.wasm);
  }
  return dir;
}

describe("the validation Admin API", () => {
  it("GIVEN the app's function extension THEN shopifyFunctions lists it as a cart_checkout_validation with a stable id", async () => {
    const { gql } = setUp();
    const body = await gql(`{ shopifyFunctions(first: 10, apiType: "cart_checkout_validation") { nodes { id handle title apiType apiVersion inputQuery app { handle } } } }`);
    const nodes = body.data!.shopifyFunctions.nodes as Array<Record<string, unknown>>;
    expect(nodes).toEqual([
      expect.objectContaining({ handle: HANDLE, apiType: "cart_checkout_validation", apiVersion: "2026-10", inputQuery: readFileSync(path.join(EXTENSION_DIR, "src/cart_validations_generate_run.graphql"), "utf8") }),
    ]);
    expect(nodes[0].id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect((await setUp().gql(`{ shopifyFunctions(first: 10) { nodes { id } } }`)).data!.shopifyFunctions.nodes).toEqual([{ id: nodes[0].id }]);
    expect((await gql(`{ shopifyFunctions(first: 10, apiType: "discount") { nodes { id } } }`)).data!.shopifyFunctions.nodes).toEqual([]);
  });

  it("GIVEN validationCreate by function handle THEN validations, validation(id) and node(id) return it; validationUpdate and validationDelete change it", async () => {
    const { gql, create } = setUp();
    const created = await create({ functionHandle: HANDLE, title: "Backorder caps", enable: true, blockOnFailure: false });
    expect(created.userErrors).toEqual([]);
    expect(created.validation).toMatchObject({ title: "Backorder caps", enabled: true, blockOnFailure: false, shopifyFunction: { handle: HANDLE, apiType: "cart_checkout_validation" } });
    const id = created.validation.id as string;
    expect(id).toMatch(/^gid:\/\/shopify\/Validation\/\d+$/);

    const listed = await gql(`{ validations(first: 25) { nodes { id title enabled blockOnFailure shopifyFunction { handle } } } }`);
    expect(listed.data!.validations.nodes).toEqual([{ id, title: "Backorder caps", enabled: true, blockOnFailure: false, shopifyFunction: { handle: HANDLE } }]);
    expect((await gql(`query($id: ID!) { validation(id: $id) { id enabled } node(id: $id) { id } }`, { id })).data).toEqual({ validation: { id, enabled: true }, node: { id } });

    // ValidationUpdateInput's defaults are false: an update that leaves out `enable` disables the validation.
    const updated = await gql(`mutation($id: ID!) { validationUpdate(id: $id, validation: { blockOnFailure: true }) { validation { enabled blockOnFailure title } userErrors { code } } }`, { id });
    expect(updated.data!.validationUpdate).toEqual({ validation: { enabled: false, blockOnFailure: true, title: "Backorder caps" }, userErrors: [] });

    const deleted = await gql(`mutation($id: ID!) { validationDelete(id: $id) { deletedId userErrors { field message code } } }`, { id });
    expect(deleted.data!.validationDelete).toEqual({ deletedId: id, userErrors: [] });
    expect((await gql(`{ validations(first: 25) { nodes { id } } }`)).data!.validations.nodes).toEqual([]);
    const again = await gql(`mutation($id: ID!) { validationDelete(id: $id) { deletedId userErrors { field code } } }`, { id });
    expect(again.data!.validationDelete).toEqual({ deletedId: null, userErrors: [{ field: ["id"], code: "NOT_FOUND" }] });
  });

  it("GIVEN a bad function reference THEN validationCreate answers userErrors and creates nothing", async () => {
    const dir = extensionsFolder([{ handle: "line-merger", target: "cart.transform.run" }]);
    try {
      const { gql, create } = setUp({ extensionsDir: dir });
      const codes = async (validation: Record<string, unknown>) => {
        const result = await create(validation);
        expect(result.validation).toBeNull();
        return result.userErrors.map((e: { field: string[]; code: string }) => [e.field, e.code]);
      };
      expect(await codes({ enable: true })).toEqual([[["validation"], "MISSING_FUNCTION_IDENTIFIER"]]);
      expect(await codes({ functionHandle: "line-merger", functionId: "x", enable: true })).toEqual([[["validation"], "MULTIPLE_FUNCTION_IDENTIFIERS"]]);
      expect(await codes({ functionHandle: "nope", enable: true })).toEqual([[["validation", "functionHandle"], "FUNCTION_NOT_FOUND"]]);
      expect(await codes({ functionId: "00000000-0000-0000-0000-000000000000" })).toEqual([[["validation", "functionId"], "FUNCTION_NOT_FOUND"]]);
      expect(await codes({ functionHandle: "line-merger", enable: true })).toEqual([[["validation", "functionHandle"], "FUNCTION_DOES_NOT_IMPLEMENT"]]);
      expect((await gql(`{ validations(first: 25) { nodes { id } } }`)).data!.validations.nodes).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("GIVEN 25 active validations THEN a 26th cannot be activated (MAX_VALIDATIONS_ACTIVATED) but can be created disabled", async () => {
    const { create } = setUp();
    for (let i = 0; i < 25; i += 1) expect((await create({ functionHandle: HANDLE, enable: true })).userErrors).toEqual([]);
    const refused = await create({ functionHandle: HANDLE, enable: true });
    expect(refused).toMatchObject({ validation: null, userErrors: [{ field: ["validation", "enable"], code: "MAX_VALIDATIONS_ACTIVATED" }] });
    expect((await create({ functionId: (await create({ functionHandle: HANDLE })).validation.shopifyFunction.id })).validation).toMatchObject({ enabled: false });
  });

  it("GIVEN a token without write_validations THEN validationCreate is ACCESS_DENIED; without read_validations so is validations", async () => {
    const readOnly = setUp({ scopes: ["read_products", "read_validations"] });
    const denied = await readOnly.gql(CREATE, { validation: { functionHandle: HANDLE, enable: true } });
    expect(denied.errors?.[0]).toMatchObject({ message: "Access denied for validationCreate field. Required access: `write_validations` access scope.", extensions: { code: "ACCESS_DENIED" } });
    expect(readOnly.data.validations.size).toBe(0);
    expect((await readOnly.gql(`{ validations(first: 5) { nodes { id } } }`)).data!.validations.nodes).toEqual([]);

    const none = setUp({ scopes: ["read_products"] });
    expect((await none.gql(`{ validations(first: 5) { nodes { id } } }`)).errors?.[0].extensions?.code).toBe("ACCESS_DENIED");
    // Shopify lists the querying app's functions without a scope.
    expect((await none.gql(`{ shopifyFunctions(first: 5) { nodes { handle } } }`)).data!.shopifyFunctions.nodes).toEqual([{ handle: HANDLE }]);

    const writer = setUp({ scopes: ["write_validations"] });
    expect((await writer.create({ functionHandle: HANDLE, enable: true })).userErrors).toEqual([]);
  });
});

describe("checkout runs the enabled validations", () => {
  it("GIVEN the cap validation WHEN a cart asks for more than is sellable THEN checkout is refused with the function's message per line and nothing changes", async () => {
    const { store, data, create, events, stock, capped, unmanaged } = setUp();
    await create({ functionHandle: HANDLE, enable: true });
    const before = stock();
    const attempt = () => store.checkout(SHOP, { lines: [{ variantId: unmanaged, quantity: 1 }, { variantId: capped, quantity: 6 }], email: "a@example.com" });
    let refusal: CheckoutError | null = null;
    try {
      attempt();
    } catch (error) {
      refusal = error as CheckoutError;
    }
    expect(refusal).toBeInstanceOf(CheckoutError);
    expect(refusal!.code).toBe("VALIDATION_FAILED");
    expect(refusal!.errors).toEqual([{ message: expect.stringMatching(/\b5\b/), target: "$.cart.lines[1].quantity", lineIndex: 1 }]);
    expect(refusal!.message).toBe(refusal!.errors[0].message);
    expect(data.orders.size).toBe(0);
    expect(stock()).toEqual(before);
    expect(events).toEqual([]);
    expect(store.functionRuns(SHOP)).toEqual([expect.objectContaining({ functionHandle: HANDLE, ok: true, errorCount: 1, blocked: true, failure: null, at: NOW.getTime() })]);
  });

  it("GIVEN the cap validation THEN a cart within the sellable figure checks out, and the message follows the checkout's language", async () => {
    const { store, data, create, capped } = setUp();
    await create({ functionHandle: HANDLE, enable: true });
    const messageIn = (customerLocale?: string) => {
      try {
        store.checkout(SHOP, { lines: [{ variantId: capped, quantity: 9 }], ...(customerLocale ? { customerLocale } : {}) });
      } catch (error) {
        return (error as CheckoutError).errors[0].message;
      }
      throw new Error("checkout went through");
    };
    const english = messageIn();
    expect(messageIn("de")).not.toBe(english);
    expect(messageIn("de-AT")).toBe(messageIn("de"));
    expect(messageIn("xx")).toBe(english);

    store.checkout(SHOP, { lines: [{ variantId: capped, quantity: 5 }] });
    expect(data.orders.size).toBe(1);
  });

  it("GIVEN the validation disabled or deleted THEN the same cart checks out", async () => {
    const { store, data, gql, create, capped } = setUp();
    const { id } = (await create({ functionHandle: HANDLE, enable: true })).validation;
    const cart = { lines: [{ variantId: capped, quantity: 50 }] };
    expect(() => store.checkout(SHOP, cart)).toThrow(CheckoutError);

    await gql(`mutation($id: ID!) { validationUpdate(id: $id, validation: { enable: false }) { userErrors { code } } }`, { id });
    store.checkout(SHOP, cart);
    expect(data.orders.size).toBe(1);

    await gql(`mutation($id: ID!) { validationUpdate(id: $id, validation: { enable: true }) { userErrors { code } } }`, { id });
    expect(() => store.checkout(SHOP, cart)).toThrow(CheckoutError);
    await gql(`mutation($id: ID!) { validationDelete(id: $id) { deletedId } }`, { id });
    store.checkout(SHOP, cart);
    expect(data.orders.size).toBe(2);
  });

  it("GIVEN a function that traps THEN checkout proceeds with blockOnFailure false and is refused with a generic message with blockOnFailure true", async () => {
    const dir = extensionsFolder([
      { handle: "trapping", target: "cart.validations.generate.run", wasm: trappingModule("run") },
      { handle: "never-built", target: "cart.validations.generate.run" },
    ]);
    try {
      const { store, data, gql, create, capped } = setUp({ extensionsDir: dir });
      const trapping = (await create({ functionHandle: "trapping", enable: true, blockOnFailure: false })).validation;
      await create({ functionHandle: "never-built", enable: true, blockOnFailure: false });
      store.checkout(SHOP, { lines: [{ variantId: capped, quantity: 1 }] });
      expect(data.orders.size).toBe(1);
      const runs = store.functionRuns(SHOP);
      expect(runs).toEqual([
        expect.objectContaining({ validationId: trapping.id, functionHandle: "trapping", ok: false, blocked: false, failure: expect.stringMatching(/trapped/) }),
        expect.objectContaining({ functionHandle: "never-built", ok: false, blocked: false, failure: expect.stringMatching(/no module/) }),
      ]);
      // The Admin API shows the failures in the validation's error history, as Shopify does.
      expect((await gql(`query($id: ID!) { validation(id: $id) { errorHistory { firstOccurredAt } } }`, { id: trapping.id })).data!.validation.errorHistory).toEqual({ firstOccurredAt: "2026-11-02T15:00:00Z" });

      await gql(`mutation($id: ID!) { validationUpdate(id: $id, validation: { enable: true, blockOnFailure: true }) { userErrors { code } } }`, { id: trapping.id });
      expect(() => store.checkout(SHOP, { lines: [{ variantId: capped, quantity: 1 }] })).toThrow(
        expect.objectContaining({ code: "VALIDATION_UNAVAILABLE", errors: [{ message: expect.any(String), target: "$.cart", lineIndex: null }] }),
      );
      expect(data.orders.size).toBe(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("GIVEN validations on the shop WHEN the app is uninstalled THEN they are removed and checkout no longer runs them", async () => {
    const { store, data, create, capped } = setUp();
    await create({ functionHandle: HANDLE, enable: true });
    store.uninstall(SHOP);
    expect(store.listValidations(SHOP)).toEqual([]);
    expect(store.snapshot(SHOP).validations).toEqual([]);
    store.checkout(SHOP, { lines: [{ variantId: capped, quantity: 50 }] });
    expect(data.orders.size).toBe(1);
  });
});

describe("the function input and output", () => {
  it("GIVEN a 2-line cart THEN executing the input query gives exactly its fields, aliases and __typename", () => {
    const { store, data, capped, unmanaged } = setUp();
    const query = `query Input {
      localization { language { isoCode } }
      cart { lines { quantity merchandise { __typename ... on ProductVariant { id
        sellable: metafield(namespace: "$app", key: "backorder_sellable") { value }
        eta: metafield(key: "backorder_eta") { value type }
      } } } }
    }`;
    const line = (variantId: string, quantity: number) => {
      const variant = store.requireVariant(data, variantId);
      return { variant, product: data.productOf(variant), quantity, properties: {} };
    };
    const built = buildFunctionInput({
      data,
      appNamespace: store.appNamespace(),
      schema: loadFunctionSchema(EXTENSION_DIR),
      query,
      cart: { lines: [line(capped, 6), line(unmanaged, 1)], email: null, customerLocale: "pt-BR" },
    });
    expect(built).toEqual({
      ok: true,
      input: {
        localization: { language: { isoCode: "PT_BR" } },
        cart: {
          lines: [
            { quantity: 6, merchandise: { __typename: "ProductVariant", id: capped, sellable: { value: "5" }, eta: { value: "2026-12-01", type: "date" } } },
            { quantity: 1, merchandise: { __typename: "ProductVariant", id: unmanaged, sellable: null, eta: null } },
          ],
        },
      },
    });
    // The extension's own input query is valid against its schema and is answered the same way.
    const extensionQuery = readFileSync(path.join(EXTENSION_DIR, "src/cart_validations_generate_run.graphql"), "utf8");
    expect(buildFunctionInput({ data, appNamespace: store.appNamespace(), schema: loadFunctionSchema(EXTENSION_DIR), query: extensionQuery, cart: { lines: [line(capped, 6)], email: null, customerLocale: "de" } })).toMatchObject({
      ok: true,
      input: { localization: { language: { isoCode: "DE" } }, cart: { lines: [{ quantity: 6, merchandise: { __typename: "ProductVariant", id: capped } }] } },
    });
    // Without the extension's schema.graphql, the simulator's subset accepts the same query.
    expect(buildFunctionInput({ data, appNamespace: store.appNamespace(), schema: loadFunctionSchema(null), query, cart: { lines: [line(capped, 6)], email: null, customerLocale: null } })).toMatchObject({
      ok: true,
      input: { localization: { language: { isoCode: "EN" } } },
    });
    // A field the function API doesn't have is refused, as `shopify app deploy` would.
    expect(buildFunctionInput({ data, appNamespace: store.appNamespace(), schema: loadFunctionSchema(EXTENSION_DIR), query: "{ cart { inventory } }", cart: { lines: [], email: null, customerLocale: null } })).toMatchObject({
      ok: false,
      error: expect.stringMatching(/Cannot query field "inventory" on type "Cart"/),
    });
  });

  it("GIVEN function output THEN it is checked against the target's result type", () => {
    const schema = loadFunctionSchema(EXTENSION_DIR);
    const target = "cart.validations.generate.run";
    const errors = [{ message: "Only 5 left", target: "$.cart.lines[1].quantity" }];
    expect(parseValidationOutput(schema, target, { operations: [{ validationAdd: { errors } }] })).toEqual({ ok: true, errors });
    expect(parseValidationOutput(schema, target, { operations: [] })).toEqual({ ok: true, errors: [] });
    expect(parseValidationOutput(schema, target, { operations: [{ validationAdd: { errors: [{ message: "no target" }] } }] })).toMatchObject({ ok: false });
    expect(parseValidationOutput(schema, target, { errors })).toMatchObject({ ok: false });
    expect(parseValidationOutput(schema, target, "not an object")).toMatchObject({ ok: false });
  });
});

describe("over HTTP: the /checkout command and the storefront preview", () => {
  let sim: RunningSimulator;
  let capped = "";
  const base = () => `${sim.url}/storefront/${SHOP.replace(".myshopify.com", "")}`;

  beforeAll(async () => {
    sim = await startSimulator({ port: 0, host: "127.0.0.1", appUrl: "http://127.0.0.1:9", apiKey: "k", apiSecret: "s", appConfigPath: APP_CONFIG, seed: "empty", shops: [SHOP], webhookRetry: { attempts: 1, baseDelayMs: 1 } });
    const location = sim.store.snapshot(SHOP).locations[0].id;
    const product = sim.store.createProduct(SHOP, { title: "Kettle", variants: [{ title: "Steel", price: "40.00", inventoryPolicy: "CONTINUE", available: { [location]: 0 } }] }) as { variants: Array<{ admin_graphql_api_id: string }> };
    capped = product.variants[0].admin_graphql_api_id;
    const data = sim.store.getShopData(SHOP);
    sim.store.upsertMetafield(data, { ownerGid: capped, ownerType: "PRODUCTVARIANT", namespace: sim.store.appNamespace(), key: "backorder_sellable", type: "number_integer", value: "3" });
    const execute = createAdminGraphqlExecutor(sim.store);
    await execute(SHOP, { query: CREATE, variables: { validation: { functionHandle: HANDLE, enable: true } } });
  });
  afterAll(async () => {
    await sim?.close();
  });

  it("GIVEN a refusal THEN /checkout answers 422 { error: { code, message, errors } } and /function-runs shows the run", async () => {
    const post = await fetch(`${sim.url}/_sim/${SHOP}/checkout`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ lines: [{ variantId: capped, quantity: 4 }] }) });
    expect(post.status).toBe(422);
    const body = (await post.json()) as { error: { code: string; message: string; errors: Array<Record<string, unknown>> } };
    expect(body.error).toEqual({ code: "VALIDATION_FAILED", message: body.error.errors[0].message, errors: [{ message: expect.stringMatching(/\b3\b/), target: "$.cart.lines[0].quantity", lineIndex: 0 }] });
    const runs = (await (await fetch(`${sim.url}/_sim/${SHOP}/function-runs`)).json()) as { runs: Array<Record<string, unknown>> };
    expect(runs.runs.at(-1)).toMatchObject({ functionHandle: HANDLE, ok: true, errorCount: 1, blocked: true });
  });

  it("GIVEN a refused storefront checkout THEN the cart page shows the message at its line, and a lower quantity checks out", async () => {
    const variantId = capped.split("/").pop()!;
    const add = await fetch(`${base()}/cart/add`, { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: new URLSearchParams({ id: variantId, quantity: "5" }), redirect: "manual" });
    const cookie = add.headers.get("set-cookie")!.split(";")[0];
    const post = (form: Record<string, string>) =>
      fetch(`${base()}/checkout`, { method: "POST", headers: { Cookie: cookie, "Content-Type": "application/x-www-form-urlencoded" }, body: new URLSearchParams(form) });

    const refused = await post({ "updates[]": "5", email: "s@example.com", locale: "en" });
    expect(refused.status).toBe(422);
    const html = await refused.text();
    expect(html).toMatch(/<form [^>]*data-checkout-error="VALIDATION_FAILED"/);
    expect(html).toMatch(/<tr data-cart-line data-variant-id="\d+" data-line-index="0">[\s\S]*<p class="error" role="alert" data-validation-error="0">[^<]*\b3\b[^<]*<\/p>/);
    expect(html).toMatch(/name="updates\[\]" value="5"/);
    expect(html).toMatch(/name="email" autocomplete="email" value="s@example.com"/);

    const ordered = await post({ "updates[]": "3", email: "s@example.com", locale: "en" });
    expect(ordered.status).toBe(200);
    expect(await ordered.text()).toMatch(/<h1>Thank you!<\/h1>/);
    expect(sim.store.getShopData(SHOP).orders.size).toBe(1);
    expect([...sim.store.getShopData(SHOP).lineItems.values()].map((line) => line.quantity)).toEqual([3]);
  });
});
