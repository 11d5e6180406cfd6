/** Small HTTP helpers for the narrative suites: JSON calls and waiting for the queue to drain. */
import { expect } from 'vitest';

export interface Json {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: test bodies are read field by field
  body: any;
}

export async function call(base: string, method: string, path: string, body?: unknown): Promise<Json> {
  const response = await fetch(`${base}${path}`, {
    method,
    ...(body !== undefined && {
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    }),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

/** Waits until the maintenance queue has nothing pending or running (bounded). */
export async function drained(base: string, timeoutMs = 60_000): Promise<Json['body']> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const status = (await call(base, 'GET', '/maintenance/queue-status')).body;
    if (status.totals.pending + status.totals.processing === 0) return status;
    if (Date.now() > deadline)
      expect.fail(`the maintenance queue did not drain in ${timeoutMs} ms: ${JSON.stringify(status.totals)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
