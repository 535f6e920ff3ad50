// Downloads a file from one of the app's resource routes. Uses fetch() (App Bridge adds the session token to
// same-origin requests in the embedded admin) and saves the blob under the server's file name.
import { useCallback, useState } from "react";

export async function downloadFile(href: string, fallbackName: string): Promise<void> {
  const response = await fetch(href);
  if (!response.ok) throw new Error(`The download failed (HTTP ${response.status}). Reload the page and try again.`);
  const blob = await response.blob();
  const name = /filename="([^"]+)"/.exec(response.headers.get("content-disposition") ?? "")?.[1] ?? fallbackName;
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
}

/** `start(key, href)` downloads; `pending` is the key of the running download, `error` the last failure. */
export function useFileDownload(fallbackName: string) {
  const [pending, setPending] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const start = useCallback(
    async (key: string, href: string) => {
      setPending(key);
      setError(null);
      try {
        await downloadFile(href, fallbackName);
      } catch (e) {
        setError(e instanceof Error ? e.message : String(e));
      } finally {
        setPending(null);
      }
    },
    [fallbackName],
  );
  return { pending, error, start, clearError: () => setError(null) };
}
