// A DataTable cell whose text wraps: DataTable cells never wrap, and long problem messages and change lists must.
import type { ReactNode } from "react";

export function WrapCell({ children }: { children: ReactNode }) {
  return <div style={{ whiteSpace: "normal", minWidth: "18rem" }}>{children}</div>;
}
