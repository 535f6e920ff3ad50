// The simulator's mailbox: a real SMTP server started with the simulator, its pages and its JSON.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSmtpTransport, type EmailTransport } from "../../app/email-transport.server";
import { startSimulator, type RunningSimulator } from "../../simulator/server";

let simulator: RunningSimulator;
let transport: EmailTransport;

const send = (to: string, subject: string, messageId: string) =>
  transport.send({
    from: { name: "Shop & Co", address: "alerts@backorders.local" },
    to,
    subject,
    text: "Buy it: https://example.com/cart/1:1",
    html: `<p>Hello <b>there</b> <a href="https://example.com/cart/1:1">Buy now</a></p>`,
    messageId,
    headers: { "List-Unsubscribe": "<https://app.example.com/alerts/unsubscribe/t.s>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" },
  });

beforeAll(async () => {
  simulator = await startSimulator({ port: 0, appUrl: "http://127.0.0.1:3999", apiKey: "k", apiSecret: "s", seed: "empty", smtpPort: 0 });
  transport = createSmtpTransport(simulator.smtpUrl!);
});

afterAll(async () => {
  transport.close();
  await simulator.close();
});

describe("simulator mailbox", () => {
  it("receives the app's SMTP mail, drops a repeated Message-ID and lists newest first", async () => {
    expect(simulator.smtpUrl).toMatch(/^smtp:\/\/127\.0\.0\.1:\d+$/);
    await send("a@example.com", "First <one>", "<m1@backorders.local>");
    await send("b@example.com", "Second", "<m2@backorders.local>");
    await send("b@example.com", "Second", "<m2@backorders.local>"); // a resend after a crash
    const json = await (await fetch(`${simulator.url}/_sim/mailbox`)).json();
    expect(json.duplicatesDropped).toBe(1);
    expect(json.messages.map((m: { subject: string }) => m.subject)).toEqual(["Second", "First <one>"]);
    expect(json.messages[1]).toMatchObject({
      to: "a@example.com",
      messageId: "<m1@backorders.local>",
      headers: { "list-unsubscribe": "<https://app.example.com/alerts/unsubscribe/t.s>", "list-unsubscribe-post": "List-Unsubscribe=One-Click" },
    });
    expect(json.messages[1].text).toContain("Buy it:");
    expect(json.messages[1].html).toContain("<b>there</b>");

    const list = await (await fetch(`${simulator.url}/mailbox`)).text();
    expect(list).toContain("First &lt;one&gt;");
    expect(list.indexOf("Second")).toBeLessThan(list.indexOf("First &lt;one&gt;"));

    const id = json.messages[1].id;
    const view = await (await fetch(`${simulator.url}/mailbox/${id}`)).text();
    expect(view).toMatch(/<iframe data-testid="email-html" sandbox="allow-popups allow-popups-to-escape-sandbox" srcdoc="[^"]*&lt;b&gt;there&lt;\/b&gt;/);
    expect(view).toContain("&lt;base target=&quot;_blank&quot;&gt;");
    expect((await fetch(`${simulator.url}/mailbox/999`)).status).toBe(404);

    expect(await (await fetch(`${simulator.url}/simulator`)).text()).toContain('href="/mailbox"');
  });

  it("is off unless the simulator is started with an SMTP port", async () => {
    const plain = await startSimulator({ port: 0, appUrl: "http://127.0.0.1:3999", apiKey: "k", apiSecret: "s", seed: "empty" });
    try {
      expect(plain.mailbox).toBeUndefined();
      expect((await fetch(`${plain.url}/_sim/mailbox`)).status).toBe(404);
      expect(await (await fetch(`${plain.url}/mailbox`)).text()).toContain("The mailbox is off");
    } finally {
      await plain.close();
    }
  });
});
