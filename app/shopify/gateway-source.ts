// A Shopify gateway handed to a service either ready-made or as a factory, so callers that may not need Shopify at
// all (nothing changed) never open an Admin API session.

export type GatewaySource<G> = G | (() => Promise<G>);

/** Memoises a gateway given directly or as a factory (resolved only when Shopify must be called). */
export function lazyGateway<G extends object>(source: GatewaySource<G>): () => Promise<G> {
  let resolved: Promise<G> | null = null;
  return () => (resolved ??= typeof source === "function" ? (source as () => Promise<G>)() : Promise.resolve(source));
}
