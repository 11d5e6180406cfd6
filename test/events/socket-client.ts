/** A real `ws` client for /ws/llm/events that keeps every message and waits for the ones a test expects. */
import { expect } from 'vitest';
import WebSocket from 'ws';

// biome-ignore lint/suspicious/noExplicitAny: test messages are read field by field
export type Message = any;

export class EventSocket {
  readonly messages: Message[] = [];
  closed: { code: number; reason: string } | undefined;
  private waiters: Array<() => void> = [];

  constructor(readonly socket: WebSocket) {
    socket.on('message', (raw) => {
      this.messages.push(JSON.parse(raw.toString()));
      this.notify();
    });
    socket.on('close', (code, reason) => {
      this.closed = { code, reason: reason.toString() };
      this.notify();
    });
  }

  static async open(url: string, headers: Record<string, string> = {}): Promise<EventSocket> {
    const socket = new WebSocket(url, { headers });
    const client = new EventSocket(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    return client;
  }

  get events(): Message[] {
    return this.messages.filter((message) => message.type === 'event').map((message) => message.event);
  }

  /** Waits (bounded) until `done` holds over the messages received so far. */
  async until(done: (client: EventSocket) => boolean, what: string, timeoutMs = 20_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!done(this)) {
      if (Date.now() > deadline)
        expect.fail(`timed out waiting for ${what}; got ${JSON.stringify(this.messages).slice(0, 2_000)}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 100);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  close(): void {
    this.socket.close();
  }

  private notify(): void {
    const waiters = this.waiters.splice(0);
    for (const wake of waiters) wake();
  }
}
