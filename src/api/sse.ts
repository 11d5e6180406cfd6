/** Server-sent events on a raw Node response, with backpressure: a slow client never grows memory. */
import type { ServerResponse } from 'node:http';

export class SseWriter {
  private readonly raw: ServerResponse;

  constructor(raw: ServerResponse, headers: Record<string, string> = {}) {
    this.raw = raw;
    raw.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      // No `connection` header: Node answers the client's own (`Connection: close` from node-fetch v2
      // must close the socket after the stream, or the client's next request on it is misread).
      'x-accel-buffering': 'no',
      ...headers,
    });
    raw.flushHeaders();
  }

  get closed(): boolean {
    return this.raw.destroyed || this.raw.writableEnded;
  }

  /** Writes one `data:` event; resolves when the socket can take more. */
  async data(payload: string, event?: string): Promise<void> {
    if (this.closed) return;
    const frame = event ? `event: ${event}\ndata: ${payload}\n\n` : `data: ${payload}\n\n`;
    if (this.raw.write(frame)) return;
    await new Promise<void>((resolve) => {
      const done = () => {
        this.raw.off('drain', done);
        this.raw.off('close', done);
        resolve();
      };
      this.raw.once('drain', done);
      this.raw.once('close', done);
    });
  }

  end(): void {
    if (!this.closed) this.raw.end();
  }
}
