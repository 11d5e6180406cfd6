/**
 * Every failed call is reported once as `llm.error`, the event the call log is written from: a call
 * refused before monitoring admits it (its model does not route, its provider is not configured, the
 * security middleware refuses it) by the gateway's entry, with no attempt and its request; a call
 * monitoring admitted by monitoring alone, never by both. The real gateway, on the offline provider.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger, loadConfig } from '../../src/config/index.js';
import {
  createGateway,
  type Gateway,
  type GatewayEventName,
  type GatewayEvents,
  newCallState,
} from '../../src/gateway/index.js';

type Seen = { name: GatewayEventName; payload: GatewayEvents['llm.error'] | GatewayEvents['llm.request'] };

describe('calls refused before monitoring', () => {
  let gateway: Gateway;
  const seen: Seen[] = [];

  beforeAll(async () => {
    const { settings, secrets } = loadConfig({
      env: {},
      overrides: {
        'gateway.security.max_messages': 2,
        // One token a day: the first call spends it, the next is refused by monitoring itself.
        'gateway.usage.budgets': { tiny: { period: 'day', unit: 'tokens', limit: 1 } },
      },
    });
    gateway = await createGateway({ settings, secrets, logger: createLogger('silent') });
    for (const name of ['llm.request', 'llm.error'] as const)
      gateway.bus.on(name, (payload) => seen.push({ name, payload }));
  });
  afterAll(async () => gateway?.close());

  /** The events of one call, by its id. */
  const eventsOf = (id: string | undefined) => seen.filter((event) => event.payload.id === id);

  async function refused(request: Parameters<Gateway['complete']>[0], code: string) {
    const state = newCallState();
    await expect(gateway.complete({ ...request, state })).rejects.toMatchObject({ code });
    expect(state.callId).toEqual(expect.any(String));
    const events = eventsOf(state.callId);
    expect(events.map((event) => event.name)).toEqual(['llm.error']);
    return events[0]?.payload as GatewayEvents['llm.error'];
  }

  it('reports an unknown model once, with its request and the caller’s meta', async () => {
    const messages = [{ role: 'user' as const, content: 'Who rang the bell?' }];
    const error = await refused(
      { model: 'no-such-model', messages, meta: { call_type: 'conversation', conversation_id: 'c-1' } },
      'model_not_found',
    );
    expect(error).toMatchObject({
      kind: 'chat',
      model: 'no-such-model',
      provider: 'no-such-model',
      role: undefined,
      code: 'model_not_found',
      attempts: 0,
      meta: { call_type: 'conversation', conversation_id: 'c-1' },
      call: { kind: 'chat', model: 'no-such-model', messages },
    });
    expect(error.message).toMatch(/no-such-model/);
  });

  it('reports a provider without its key once, under the provider the model routes to', async () => {
    const error = await refused(
      { model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'Anyone?' }], apiKeyId: 'key-1' },
      'provider_not_configured',
    );
    expect(error).toMatchObject({ provider: 'openai', apiKeyId: 'key-1', attempts: 0 });
  });

  it('reports a call the security middleware refuses once, with its request', async () => {
    const messages = ['one', 'two', 'three'].map((content) => ({ role: 'user' as const, content }));
    const error = await refused({ model: 'offline', messages }, 'prompt_too_large');
    expect(error).toMatchObject({ provider: 'offline', attempts: 0, call: { messages } });
  });

  it('leaves a failure monitoring admitted to monitoring: one event, not two', async () => {
    const ask = () => {
      const state = newCallState();
      return {
        state,
        done: gateway.complete({ model: 'offline', messages: [{ role: 'user', content: 'Hello' }], state }),
      };
    };
    const first = ask();
    await first.done;
    const second = ask();
    await expect(second.done).rejects.toMatchObject({ code: 'budget_exceeded' });
    // Admitted (llm.request), then refused by the budget: one llm.error.
    expect(eventsOf(second.state.callId).map((event) => event.name)).toEqual(['llm.request', 'llm.error']);
  });
});
