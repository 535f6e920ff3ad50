// The slice of `compression` (express's gzip middleware; the package ships no types) that scripts/serve.ts uses.
declare module "compression" {
  import type { IncomingMessage, ServerResponse } from "node:http";
  export default function compression(): (req: IncomingMessage, res: ServerResponse, next: () => void) => void;
}
