// A TCP proxy for fault-injection tests: listens on a free loopback port and forwards every connection to a
// target (PostgreSQL at 127.0.0.1:5432 by default). `cut(ms)` simulates a network outage: every open connection
// is destroyed at once and new ones are refused (accepted, then reset) until the outage is over.
import net from "node:net";

export type TcpProxy = {
  port: number;
  /** The target URL rewritten to go through the proxy (same user, database and query). */
  rewrite(url: string): string;
  /** Destroys every open connection and refuses new ones for `ms`; resolves when the outage is over. */
  cut(ms: number): Promise<void>;
  /** Connections accepted so far, and connections refused during outages. */
  stats(): { accepted: number; refused: number; open: number };
  close(): Promise<void>;
};

export async function startTcpProxy(target: { host?: string; port?: number } = {}): Promise<TcpProxy> {
  const targetHost = target.host ?? "127.0.0.1";
  const targetPort = target.port ?? 5432;
  const open = new Set<net.Socket>();
  let outageUntil = 0;
  let accepted = 0;
  let refused = 0;

  const server = net.createServer((client) => {
    if (Date.now() < outageUntil) {
      refused += 1;
      client.resetAndDestroy();
      return;
    }
    accepted += 1;
    const upstream = net.connect({ host: targetHost, port: targetPort });
    open.add(client);
    open.add(upstream);
    const drop = () => {
      open.delete(client);
      open.delete(upstream);
      client.destroy();
      upstream.destroy();
    };
    client.on("error", drop);
    upstream.on("error", drop);
    client.on("close", drop);
    upstream.on("close", drop);
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const port = (server.address() as net.AddressInfo).port;

  return {
    port,
    rewrite(url) {
      const next = new URL(url);
      next.hostname = "127.0.0.1";
      next.port = String(port);
      return next.toString();
    },
    async cut(ms) {
      outageUntil = Date.now() + ms;
      // A reset rather than a FIN: what a dropped network path or a killed server looks like to the client.
      for (const socket of [...open]) socket.resetAndDestroy();
      open.clear();
      await new Promise((resolve) => setTimeout(resolve, ms));
    },
    stats: () => ({ accepted, refused, open: open.size / 2 }),
    async close() {
      for (const socket of open) socket.destroy();
      open.clear();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
