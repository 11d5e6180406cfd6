import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { isProviderError } from '../../src/providers/errors.js';
import { OfflineProvider } from '../../src/providers/offline/index.js';
import type { ChatMessage, ChatOptions, JsonSchema, StreamEvent } from '../../src/vocabulary/index.js';

const scene: ChatMessage[] = [
  {
    role: 'system',
    content: 'You are the narrator. The innkeeper Mira Thornwood keeps the Gilded Stag in Eldhollow.',
  },
  { role: 'user', content: 'I ask Mira about the rumours of the drowned bell.' },
];

const npcSchema: JsonSchema = {
  type: 'object',
  properties: {
    name: { type: 'string' },
    mood: { type: 'string', enum: ['calm', 'wary'] },
    age: { type: 'integer', minimum: 18 },
    location: { type: 'string' },
  },
  required: ['name', 'mood', 'age'],
  additionalProperties: false,
};

async function collect(stream: AsyncIterable<StreamEvent>): Promise<StreamEvent[]> {
  const events: StreamEvent[] = [];
  for await (const event of stream) events.push(event);
  return events;
}

function streamedText(events: readonly StreamEvent[]): string {
  return events.map((event) => (event.type === 'delta' ? event.text : '')).join('');
}

async function expectAborted(promise: Promise<unknown>): Promise<void> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(isProviderError(error) && error.code === 'aborted').toBe(true);
}

describe('OfflineProvider', () => {
  const provider = new OfflineProvider({ name: 'offline' });

  it('describes itself', () => {
    expect(provider.kind).toBe('offline');
    expect(provider.name).toBe('offline');
    expect(new OfflineProvider().name).toBe('offline');
    expect(new OfflineProvider({ name: 'local' }).name).toBe('local');
    expect(provider.defaultModel).toBe('loremaster-offline-1');
    expect(provider.defaultEmbeddingModel).toBe('loremaster-embed-offline-1');
    expect(provider.models).toEqual(['loremaster-offline-1', 'loremaster-embed-offline-1']);
  });

  it('chats from the prompt, with usage, model and provider', async () => {
    const result = await provider.chat(scene);
    expect(result.text).toMatch(/Mira/);
    expect(result.text).toMatch(/drowned bell/);
    expect(result.finishReason).toBe('stop');
    expect(result.model).toBe('loremaster-offline-1');
    expect(result.provider).toBe('offline');
    expect(result.usage.inputTokens).toBeGreaterThan(20);
    expect(result.usage.outputTokens).toBeGreaterThan(5);
    expect(result.usage.totalTokens).toBe(result.usage.inputTokens + result.usage.outputTokens);
    expect(result.latencyMs).toBeGreaterThanOrEqual(0);
    expect((await provider.chat(scene, { model: 'custom' })).model).toBe('custom');
  });

  it('is deterministic, and the input (seed, temperature, system, prompt) changes the answer', async () => {
    const text = (await provider.chat(scene)).text;
    expect((await provider.chat(scene)).text).toBe(text);
    // Naming the default model gives the same text as leaving it out.
    expect((await provider.chat(scene, { model: 'loremaster-offline-1' })).text).toBe(text);
    const variants: ChatOptions[] = [
      { seed: 1 },
      { temperature: 0.2 },
      { system: 'Captain Voss is watching.' },
    ];
    const texts = await Promise.all(
      variants.map(async (options) => (await provider.chat(scene, options)).text),
    );
    texts.push((await provider.chat([{ role: 'user', content: 'I climb the watchtower of Karsk.' }])).text);
    expect(new Set([text, ...texts]).size).toBe(5);
  });

  it('gives the same answers in another process', async () => {
    const options: ChatOptions = { temperature: 0.8, seed: 3 };
    const here = {
      text: (await provider.chat(scene, options)).text,
      json: (await provider.chat(scene, { jsonSchema: npcSchema })).text,
      embedding: (await provider.embed(['The drowned bell'])).embeddings[0],
    };
    const root = fileURLToPath(new URL('../..', import.meta.url));
    const script = `
      const { OfflineProvider } = await import(${JSON.stringify(new URL('../../src/providers/offline/index.ts', import.meta.url).href)});
      const provider = new OfflineProvider({ name: 'offline' });
      const scene = ${JSON.stringify(scene)};
      const text = (await provider.chat(scene, ${JSON.stringify(options)})).text;
      const json = (await provider.chat(scene, { jsonSchema: ${JSON.stringify(npcSchema)} })).text;
      const embedding = (await provider.embed(['The drowned bell'])).embeddings[0];
      process.stdout.write(JSON.stringify({ text, json, embedding }));
    `;
    const output = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(JSON.parse(output)).toEqual(here);
  });

  it('streams the same text as chat in word-sized deltas, then done with usage', async () => {
    const chat = await provider.chat(scene);
    const events = await collect(provider.stream(scene));
    const deltas = events.filter((event) => event.type === 'delta');
    expect(deltas.length).toBeGreaterThan(5);
    for (const delta of deltas) expect(delta.text.trim()).not.toMatch(/\s/);
    expect(streamedText(events)).toBe(chat.text);
    const done = events.at(-1);
    expect(done?.type).toBe('done');
    if (done?.type !== 'done') return;
    expect(done.usage).toEqual(chat.usage);
    expect(done.finishReason).toBe('stop');
    expect(done.model).toBe('loremaster-offline-1');
    expect(done.provider).toBe('offline');
    expect(done.firstTokenMs).not.toBeNull();
    expect(done.latencyMs).toBeGreaterThanOrEqual(done.firstTokenMs ?? 0);
  });

  it('honours maxTokens with finishReason length, in chat and stream', async () => {
    const result = await provider.chat(scene, { maxTokens: 5 });
    expect(result.finishReason).toBe('length');
    expect(result.usage.outputTokens).toBeLessThanOrEqual(5);
    expect(result.usage.outputTokens).toBeGreaterThan(0);
    const full = await provider.chat(scene);
    expect(full.text.startsWith(result.text)).toBe(true);
    const events = await collect(provider.stream(scene, { maxTokens: 5 }));
    expect(streamedText(events)).toBe(result.text);
    expect(events.at(-1)).toMatchObject({ type: 'done', finishReason: 'length' });
  });

  it('cuts at stop sequences', async () => {
    const full = (await provider.chat(scene)).text;
    const stop = full.slice(full.indexOf(' ', 10), full.indexOf(' ', 10) + 4);
    const result = await provider.chat(scene, { stop: [stop] });
    expect(result.text).toBe(full.slice(0, full.indexOf(stop)));
    expect(result.finishReason).toBe('stop');
  });

  it('answers JSON valid against a schema, and a JSON object without one', async () => {
    const ajv = new Ajv({ strict: false, validateFormats: false });
    const result = await provider.chat(scene, { jsonSchema: npcSchema, maxTokens: 3 });
    const value = JSON.parse(result.text);
    expect(ajv.validate(npcSchema, value)).toBe(true);
    expect(value.name).toMatch(/Mira Thornwood|Aldric Vane/);
    // A cut JSON document is useless, so JSON is never cut.
    expect(result.finishReason).toBe('stop');

    const streamed = streamedText(await collect(provider.stream(scene, { jsonSchema: npcSchema })));
    expect(streamed).toBe((await provider.chat(scene, { jsonSchema: npcSchema })).text);

    const free = JSON.parse((await provider.chat(scene, { json: true })).text);
    expect(free.narration).toMatch(/Mira/);
    expect(free.entities).toEqual(expect.arrayContaining([{ name: 'Mira Thornwood', type: 'character' }]));
  });

  it('refuses an already aborted request and stops a stream aborted mid-way', async () => {
    const aborted = AbortSignal.abort();
    await expectAborted(provider.chat(scene, { signal: aborted }));
    await expectAborted(provider.embed(['x'], { signal: aborted }));
    await expectAborted(collect(provider.stream(scene, { signal: aborted })));

    const controller = new AbortController();
    const deltas: string[] = [];
    const run = (async () => {
      for await (const event of provider.stream(scene, { signal: controller.signal })) {
        if (event.type === 'delta') deltas.push(event.text);
        if (deltas.length === 2) controller.abort();
      }
    })();
    await expectAborted(run);
    expect(deltas).toHaveLength(2);
  });

  it('embeds with the offline embedder', async () => {
    const result = await provider.embed([
      'The drowned bell rings under Eldhollow',
      'Mira pours a cup of cider',
    ]);
    expect(result.embeddings).toHaveLength(2);
    expect(result.embeddings[0]).toHaveLength(384);
    expect(Math.hypot(...(result.embeddings[0] ?? []))).toBeCloseTo(1, 10);
    expect(result.model).toBe('loremaster-embed-offline-1');
    expect(result.provider).toBe('offline');
    expect(result.usage.inputTokens).toBeGreaterThan(5);
    expect((await provider.embed(['x'], { dimensions: 64 })).embeddings[0]).toHaveLength(64);
    const error = await provider.embed(['x'], { dimensions: 0 }).catch((caught: unknown) => caught);
    expect(isProviderError(error) && error.code === 'upstream_bad_request').toBe(true);
  });

  it('always connects', async () => {
    expect(await provider.testConnection()).toMatchObject({ ok: true });
  });
});
