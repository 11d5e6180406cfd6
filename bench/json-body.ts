/**
 * bench/json-body: what the JSON depth check (src/api/json-body.ts) adds to a request body's parse, in
 * one run, against a baseline measured in the same run: `JSON.parse` of the same text (what every JSON
 * body costs anyway).
 *
 *   chat 1 MB       a chat completion whose messages are long prose (the common large body)
 *   quotes 1 MB     the same, full of escaped quotes and brackets (the check's worst case)
 *   chat 2 KB       a typical chat completion
 *   tool schema     a chat completion with 20 tools, each a JSON schema 12 levels deep
 *   settings 256 KB a world's settings: many small objects and arrays (structure-heavy)
 *
 *   npx tsx bench/json-body.ts [--rounds 200]
 */
import { parseArgs } from 'node:util';
import { depthExceededAt } from '../src/api/json-body.js';

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '200' } } });
const ROUNDS = Number(values.rounds);

function chat(bytes: number, sentence = 'The innkeeper smiles at you and pours another ale. '): string {
  const messages = [];
  for (let size = 0; size < bytes; size += 4_000)
    messages.push({
      role: size % 8_000 ? 'user' : 'assistant',
      content: sentence.repeat(Math.ceil(4_000 / sentence.length)),
    });
  return JSON.stringify({ model: 'offline', messages });
}

function toolSchema(): string {
  let schema: Record<string, unknown> = { type: 'string', description: 'a leaf' };
  for (let level = 0; level < 12; level += 1)
    schema = {
      type: 'object',
      properties: { inner: schema, other: { type: 'number' } },
      required: ['inner'],
    };
  const tools = Array.from({ length: 20 }, (_, i) => ({
    type: 'function',
    function: { name: `tool_${i}`, parameters: schema },
  }));
  return JSON.stringify({ model: 'offline', messages: [{ role: 'user', content: 'hi' }], tools });
}

function settings(bytes: number): string {
  const places: unknown[] = [];
  let text = '';
  for (let i = 0; text.length < bytes; i += 1) {
    places.push({ id: i, tags: ['a', 'b', i], at: { x: i, y: [i, i + 1] }, open: i % 2 === 0 });
    if (i % 100 === 0) text = JSON.stringify(places);
  }
  return JSON.stringify({ name: 'w', settings: { places } });
}

function time(run: () => void): number {
  for (let i = 0; i < 5; i += 1) run();
  const start = process.hrtime.bigint();
  for (let i = 0; i < ROUNDS; i += 1) run();
  return Number(process.hrtime.bigint() - start) / 1e3 / ROUNDS;
}

const rows = [];
for (const [name, text] of [
  ['chat 1 MB', chat(1_000_000)],
  ['quotes 1 MB', chat(1_000_000, 'The "innkeeper" [smiles]. ')],
  ['chat 2 KB', chat(2_000)],
  ['tool schema', toolSchema()],
  ['settings 256 KB', settings(256_000)],
] as const) {
  const parse = time(() => JSON.parse(text));
  const check = time(() => depthExceededAt(text, 128));
  rows.push({
    body: name,
    bytes: text.length,
    'JSON.parse µs (baseline)': parse.toFixed(1),
    'depth check µs': check.toFixed(1),
    'check / parse': `${((check / parse) * 100).toFixed(1)} %`,
  });
}
console.table(rows);
