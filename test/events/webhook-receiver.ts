/** A real HTTP server on 127.0.0.1 that receives webhook deliveries and answers as a test tells it. */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'vitest';

export interface Received {
  headers: IncomingHttpHeaders;
  body: string;
  // biome-ignore lint/suspicious/noExplicitAny: test bodies are read field by field
  event: any;
}

export class WebhookReceiver {
  readonly received: Received[] = [];
  /** The status to answer each delivery with (default 200). */
  answer: (received: Received) => number = () => 200;
  private server: Server | undefined;
  port = 0;

  async start(port = 0): Promise<this> {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const received = { headers: request.headers, body, event: JSON.parse(body) };
        this.received.push(received);
        const status = this.answer(received);
        response.writeHead(status, { 'content-type': 'text/plain' });
        response.end(status < 300 ? 'ok' : `refused with ${status}`);
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(port, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}/hook`;
  }

  events(type?: string): Received[] {
    return this.received.filter((received) => type === undefined || received.event.type === type);
  }

  /** Waits (bounded) until `done` holds. */
  async until(done: (receiver: WebhookReceiver) => boolean, what: string, timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!done(this)) {
      if (Date.now() > deadline)
        expect.fail(
          `timed out waiting for ${what}; received ${JSON.stringify(this.received.map((r) => r.event.type))}`,
        );
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => {
      if (!this.server) return resolve();
      this.server.closeAllConnections();
      this.server.close(() => resolve());
    });
  }
}
