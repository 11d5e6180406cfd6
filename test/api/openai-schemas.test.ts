/** The hand-written check of chat requests never accepts what the zod schema refuses, and agrees on the common ones. */
import { describe, expect, it } from 'vitest';
import {
  chatCompletionRequestSchema,
  quickChatCompletionRequest,
} from '../../src/api/routes/openai-schemas.js';

const base = { model: 'generation', messages: [{ role: 'user', content: 'Hello' }] };

const cases: unknown[] = [
  base,
  { ...base, temperature: 0.7, top_p: 1, max_tokens: 64, stop: ['\n'], seed: 3, n: 1, stream: true },
  { ...base, stream_options: { include_usage: true }, user: 'u', max_completion_tokens: 5, stop: 'x' },
  { ...base, messages: [{ role: 'system', content: null, name: 'Mira' }, ...base.messages] },
  { ...base, temperature: null, top_p: null, max_tokens: null, seed: null, stream: null },
  // refused by the schema
  null,
  [],
  'text',
  {},
  { ...base, model: '' },
  { ...base, model: 3 },
  { ...base, messages: [] },
  { ...base, messages: [{ role: 'tool', content: 'x' }] },
  { ...base, messages: [{ role: 'user', content: 5 }] },
  { ...base, messages: [{ role: 'user', content: 'x', name: 'n'.repeat(257) }] },
  { ...base, temperature: 2.5 },
  { ...base, temperature: '1' },
  { ...base, top_p: 1.5 },
  { ...base, max_tokens: 0 },
  { ...base, max_tokens: 1.5 },
  { ...base, stop: ['a', 'b', 'c', 'd', 'e'] },
  { ...base, stop: [1] },
  { ...base, seed: 0.5 },
  { ...base, n: 2 },
  { ...base, stream: 'yes' },
  { ...base, stream_options: { include_usage: 'yes' } },
  { ...base, user: null },
  // valid, left to the schema
  { ...base, response_format: { type: 'json_object' } },
  { ...base, messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }] },
  { ...base, tools: [] },
];

describe('quickChatCompletionRequest', () => {
  it.each(cases.map((body, index) => [index, body]))('case %i agrees with the schema', (_, body) => {
    const quick = quickChatCompletionRequest(body);
    const parsed = chatCompletionRequestSchema.safeParse(body);
    if (quick !== undefined) {
      expect(parsed.success).toBe(true);
      expect(quick).toEqual(parsed.data);
    }
  });

  it('takes the common requests itself', () => {
    expect(quickChatCompletionRequest(cases[0])).toBe(cases[0]);
    expect(quickChatCompletionRequest(cases[1])).toBe(cases[1]);
    expect(quickChatCompletionRequest(cases[2])).toBe(cases[2]);
  });
});
