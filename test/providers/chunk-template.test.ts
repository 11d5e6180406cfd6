/**
 * The streamed token's fast path (src/providers/chunk-template.ts): a chunk the template reads must
 * mean exactly what JSON.parse makes of it, and anything the template is not sure of is left to the
 * whole parse.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ChunkTemplate, type TextChunkShape } from '../../src/providers/chunk-template.js';

/** OpenAI's chunk, field for field; `extra` goes after `choices`. */
const openai = (delta: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    id: 'chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT',
    object: 'chat.completion.chunk',
    created: 1741569952,
    model: 'gpt-4o-mini-2024-07-18',
    system_fingerprint: 'fp_06737a9306',
    choices: [{ index: 0, delta, logprobs: null, finish_reason: null }],
    ...extra,
  });

/** What the provider does with a stream's chunks: the template first, else parse whole and learn. */
function read(template: ChunkTemplate, data: string): { text: string | undefined; templated: boolean } {
  const templated = template.textOf(data);
  if (templated !== undefined) return { text: templated, templated: true };
  const value = JSON.parse(data) as TextChunkShape;
  template.learn(data, value);
  const content = value.choices?.[0]?.delta?.content;
  return { text: typeof content === 'string' ? content : undefined, templated: false };
}

describe('chunk template', () => {
  it("reads a stream's text chunks after the first ones, escapes and all", () => {
    const template = new ChunkTemplate();
    const texts = ['', 'The', ' "dragon"', ' sleeps\n', ' \\o/', ' é', ' 🐉', ' \u2028', ''];
    const chunks = [
      openai({ role: 'assistant', content: '' }),
      ...texts.slice(1).map((t) => openai({ content: t })),
    ];
    const read_ = chunks.map((chunk) => read(template, chunk));
    expect(read_.map((r) => r.text)).toEqual(texts);
    // The first (with `role`) and the second (which replaces its template) are parsed whole.
    expect(read_.map((r) => r.templated)).toEqual([false, false, true, true, true, true, true, true, true]);
  });

  it('reads servers that write their chunks in another order or with spaces', () => {
    const llamaCpp = (text: string) =>
      `{"choices":[{"finish_reason":null,"index":0,"delta":{"content":${JSON.stringify(text)}}}],"created":1735000000,"id":"chatcmpl-x","model":"qwen","system_fingerprint":"b4000","object":"chat.completion.chunk"}`;
    const spaced = (text: string) =>
      `{"id": "c", "choices": [{"index": 0, "delta": {"content": ${JSON.stringify(text)}}, "finish_reason": null}]}`;
    for (const shape of [llamaCpp, spaced]) {
      const template = new ChunkTemplate();
      expect(read(template, shape('a')).templated).toBe(false);
      expect(read(template, shape('b "c"'))).toEqual({ text: 'b "c"', templated: true });
    }
  });

  it('leaves to the whole parse every chunk that carries more than text', () => {
    const template = new ChunkTemplate();
    read(template, openai({ content: 'a' }));
    expect(template.textOf(openai({ content: 'b' }))).toBe('b');
    for (const chunk of [
      openai({ content: 'c' }, { usage: { prompt_tokens: 1, completion_tokens: 2 } }),
      openai({ content: 'c', tool_calls: [{ index: 0, function: { arguments: '{}' } }] }),
      openai({ content: 'c', refusal: 'no' }),
      openai({}),
      openai({ content: 'c' }, { obfuscation: 'x1' }),
      openai({ content: 'c' }).replace('"finish_reason":null', '"finish_reason":"stop"'),
      openai({ content: 'c' }).replace('"logprobs":null', '"logprobs":{"content":[]}'),
      openai({ content: 'c' }).replace('chatcmpl-B9', 'chatcmpl-C9'),
    ])
      expect(template.textOf(chunk)).toBeUndefined();
  });

  it('does not learn from chunks that carry more than text, nor from look-alikes', () => {
    const learnt = (chunk: string) => {
      const template = new ChunkTemplate();
      template.learn(chunk, JSON.parse(chunk) as TextChunkShape);
      return template.textOf(chunk) !== undefined;
    };
    expect(learnt(openai({ content: 'a' }))).toBe(true);
    expect(learnt(openai({ content: 'a' }, { usage: { prompt_tokens: 1 } }))).toBe(false);
    // Thinking beside the text: learnt, the thinking would be taken for part of every chunk's template.
    expect(learnt(openai({ content: '', reasoning_content: 'hmm' }))).toBe(false);
    expect(learnt(openai({ content: '', reasoning: 'hmm' }))).toBe(false);
    expect(learnt(openai({ content: 'a', reasoning_content: null }))).toBe(true);
    expect(learnt(openai({ content: 'a' }).replace('"finish_reason":null', '"finish_reason":"stop"'))).toBe(
      false,
    );
    expect(
      learnt(
        JSON.stringify({ choices: [{ delta: { content: 'a' } }, { index: 1, delta: { content: 'b' } }] }),
      ),
    ).toBe(false);
    // Two content keys: which one is the text cannot be told from the bytes alone.
    expect(
      learnt(JSON.stringify({ note: { content: 'a' }, choices: [{ index: 0, delta: { content: 'a' } }] })),
    ).toBe(false);
    // A key written with an escape is the same key to JSON.parse: the probe finds the literal is not the text.
    expect(learnt('{"note":{"content":"a"},"choices":[{"index":0,"delta":{"cont\\u0065nt":"a"}}]}')).toBe(
      false,
    );
  });

  it('leaves a broken literal to the whole parse, which refuses it', () => {
    const template = new ChunkTemplate();
    read(template, openai({ content: 'a' }));
    const good = openai({ content: 'b' });
    for (const broken of [
      good.replace('"b"', '"b\u0001"'),
      good.replace('"b"', '"b\\"'),
      good.replace('"b"', '"b\\x"'),
      good.replace('"b"', '"b","x":"y"'),
      good.replace('"b"', '"'),
    ])
      expect(template.textOf(broken)).toBeUndefined();
  });

  it('stops looking for a template in a stream whose chunks never repeat', () => {
    const template = new ChunkTemplate();
    let templated = 0;
    for (let i = 0; i < 20; i++)
      if (read(template, openai({ content: `t${i}` }, { obfuscation: `o${i}` })).templated) templated += 1;
    expect(templated).toBe(0);
  });

  it('agrees with JSON.parse on any text, and on any chunk it reads', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.string({ unit: 'binary' }), (first, next) => {
        const template = new ChunkTemplate();
        read(template, openai({ content: first }));
        expect(template.textOf(openai({ content: next }))).toBe(next);
      }),
    );
    // Whatever bytes replace the text, a read text is what JSON.parse finds there.
    const template = new ChunkTemplate();
    read(template, openai({ content: 'a' }));
    const [before, after] = openai({ content: '\u0000' }).split('"\\u0000"') as [string, string];
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: 'binary' }).map((text) => JSON.stringify(text)),
          fc.string({ unit: 'binary' }).map((text) => `"${text}"`),
          fc.string({ unit: 'binary' }),
        ),
        (middle) => {
          const data = `${before}${middle}${after}`;
          const text = template.textOf(data);
          if (text === undefined) return;
          const parsed = JSON.parse(data) as { choices: [{ delta: { content: unknown } }] };
          expect(parsed.choices[0].delta.content).toBe(text);
        },
      ),
      { numRuns: 2_000 },
    );
  });
});
