/**
 * The official `openai` package's legacy text completions (`client.completions.create`), unchanged,
 * against a running Loremaster: a prompt continued, echo, several prompts, n, logprobs, stop and
 * streaming — offline and through the OpenAI and Anthropic wire formats of the fake upstream (where
 * the prompt travels as a continuation request) — and the 400s naming what cannot be honoured.
 */
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CLIENT_TARGETS,
  type ClientHarness,
  lastUpstreamChat,
  startClientHarness,
} from '../support/client-harness.js';

let harness: ClientHarness;
let client: OpenAI;

beforeAll(async () => {
  harness = await startClientHarness();
  client = new OpenAI({ baseURL: `${harness.server.url}/v1`, apiKey: 'unused', maxRetries: 0 });
}, 60_000);
afterAll(async () => {
  await harness?.stop();
});

const PROMPT = 'The innkeeper wiped the counter and said:';

function badRequest(error: unknown): InstanceType<typeof OpenAI.BadRequestError> {
  expect(error).toBeInstanceOf(OpenAI.BadRequestError);
  return error as InstanceType<typeof OpenAI.BadRequestError>;
}

describe.each(CLIENT_TARGETS)('openai completions through $name', ({ model, wire }) => {
  const offline = wire === 'offline';

  it('continues a prompt: a text_completion with text, a finish reason and usage', async () => {
    const completion = await client.completions.create({
      model,
      prompt: PROMPT,
      max_tokens: 60,
      temperature: 0.5,
    });
    expect(completion.object).toBe('text_completion');
    expect(completion.id).toMatch(/^cmpl-/);
    expect(completion.model).toBe(model);
    expect(completion.choices).toHaveLength(1);
    const choice = completion.choices[0]!;
    expect(choice.index).toBe(0);
    expect(choice.text.length).toBeGreaterThan(0);
    expect(['stop', 'length']).toContain(choice.finish_reason);
    expect(choice.logprobs).toBeNull();
    expect(completion.usage!.total_tokens).toBe(
      completion.usage!.prompt_tokens + completion.usage!.completion_tokens,
    );
    if (wire === 'openai')
      expect(lastUpstreamChat(harness.upstream)).toMatchObject({
        messages: [
          { role: 'system', content: expect.stringMatching(/^Continue the text/) },
          { role: 'user', content: PROMPT },
        ],
        max_tokens: 60,
        temperature: 0.5,
      });
    if (wire === 'anthropic')
      expect(lastUpstreamChat(harness.upstream)).toMatchObject({
        system: [{ type: 'text', text: expect.stringMatching(/^Continue the text/) }],
        messages: [{ role: 'user', content: [{ type: 'text', text: PROMPT }] }],
        max_tokens: 60,
      });
  });

  it('uses OpenAI’s default of 16 tokens when max_tokens is not sent', async () => {
    const completion = await client.completions.create({ model, prompt: PROMPT });
    expect(completion.usage!.completion_tokens).toBeLessThanOrEqual(16);
    if (!offline) expect((lastUpstreamChat(harness.upstream) as { max_tokens?: number }).max_tokens).toBe(16);
  });

  it('echoes the prompt before the text, and answers several prompts in order', async () => {
    const plain = await client.completions.create({ model, prompt: PROMPT, max_tokens: 40 });
    const echoed = await client.completions.create({ model, prompt: PROMPT, max_tokens: 40, echo: true });
    expect(echoed.choices[0]!.text.startsWith(PROMPT)).toBe(true);
    if (offline) expect(echoed.choices[0]!.text).toBe(PROMPT + plain.choices[0]!.text);
    const several = await client.completions.create({
      model,
      prompt: [PROMPT, 'The dragon circled the tower and'],
      max_tokens: 40,
    });
    expect(several.choices.map((choice) => choice.index)).toEqual([0, 1]);
    for (const choice of several.choices) expect(choice.text.length).toBeGreaterThan(0);
    if (offline) expect(several.choices[0]!.text).toBe(plain.choices[0]!.text);
  });

  it('streams the text in text_completion chunks ending in [DONE]', async () => {
    const plain = await client.completions.create({ model, prompt: PROMPT, max_tokens: 60 });
    const stream = await client.completions.create({
      model,
      prompt: PROMPT,
      max_tokens: 60,
      stream: true,
      stream_options: { include_usage: true },
    });
    const pieces: string[] = [];
    let finish: string | null = null;
    let usage: OpenAI.CompletionUsage | undefined;
    for await (const chunk of stream) {
      expect(chunk.object).toBe('text_completion');
      for (const choice of chunk.choices) {
        pieces.push(choice.text);
        finish = choice.finish_reason ?? finish;
      }
      usage = chunk.usage ?? usage;
    }
    expect(pieces.filter((piece) => piece.length > 0).length).toBeGreaterThan(1);
    expect(pieces.join('')).toBe(plain.choices[0]!.text);
    expect(finish).toBe(plain.choices[0]!.finish_reason);
    expect(usage!.completion_tokens).toBeGreaterThan(0);
  });

  it('cuts at a stop sequence', async () => {
    const plain = await client.completions.create({ model, prompt: PROMPT, max_tokens: 60 });
    const words = plain.choices[0]!.text.trim().split(/\s+/);
    if (words.length < 3) throw new Error(`expected a longer continuation: ${plain.choices[0]!.text}`);
    const stop = words[2]!;
    const cut = await client.completions.create({ model, prompt: PROMPT, max_tokens: 60, stop: [stop] });
    // The fake upstream does not stop itself: through it, the test is that the stop reached it.
    if (offline) {
      expect(cut.choices[0]!.text).not.toContain(stop);
      expect(plain.choices[0]!.text.startsWith(cut.choices[0]!.text)).toBe(true);
    }
    if (!offline)
      expect(
        (lastUpstreamChat(harness.upstream) as Record<string, unknown>)[
          wire === 'anthropic' ? 'stop_sequences' : 'stop'
        ],
      ).toEqual([stop]);
  });
});

describe('openai completions offline: n and logprobs, deterministic', () => {
  it('gives n distinct choices, the same again for the same request', async () => {
    const request = { model: 'offline', prompt: PROMPT, max_tokens: 40, n: 2 };
    const first = await client.completions.create(request);
    expect(first.choices.map((choice) => choice.index)).toEqual([0, 1]);
    expect(new Set(first.choices.map((choice) => choice.text)).size).toBe(2);
    const again = await client.completions.create({ ...request, best_of: 2 });
    expect(again.choices.map((choice) => choice.text)).toEqual(first.choices.map((choice) => choice.text));
  });

  it('returns logprobs in the completions form, with offsets into the text', async () => {
    const completion = await client.completions.create({
      model: 'offline',
      prompt: PROMPT,
      max_tokens: 30,
      logprobs: 2,
    });
    const choice = completion.choices[0]!;
    const logprobs = choice.logprobs!;
    expect(logprobs.tokens!.join('')).toBe(choice.text);
    expect(logprobs.token_logprobs).toHaveLength(logprobs.tokens!.length);
    for (const logprob of logprobs.token_logprobs!) expect(logprob).toBeLessThanOrEqual(0);
    for (const top of logprobs.top_logprobs!) expect(Object.keys(top).length).toBeLessThanOrEqual(2);
    logprobs.tokens!.forEach((token, index) => {
      expect(
        choice.text.slice(logprobs.text_offset![index]!, logprobs.text_offset![index]! + token.length),
      ).toBe(token);
    });
  });
});

describe('openai completions through an OpenAI-compatible server (local/llama-3.1-8b-instruct, fake upstream)', () => {
  const model = 'local/llama-3.1-8b-instruct';
  /** The body of the last text completion the fake upstream received at its /v1/completions. */
  const lastTextCompletion = () => {
    const request = harness.upstream.lastRequests().findLast((entry) => entry.path === '/v1/completions');
    if (!request) throw new Error('the fake upstream received no text completion');
    return request.body as Record<string, unknown>;
  };

  it('forwards the raw prompt to the server’s /v1/completions, with suffix, best_of, n and logprobs', async () => {
    const completion = await client.completions.create({
      model,
      prompt: PROMPT,
      max_tokens: 40,
      suffix: ' and so it ended.',
      n: 2,
      best_of: 3,
      logprobs: 1,
      stop: ['\n\n'],
      // SillyTavern's text completion sends top_k; llama.cpp, vLLM and Ollama take it.
      top_k: 40,
    } as OpenAI.CompletionCreateParamsNonStreaming);
    expect(lastTextCompletion()).toEqual({
      top_k: 40,
      model: 'llama-3.1-8b-instruct',
      prompt: PROMPT,
      max_tokens: 40,
      suffix: ' and so it ended.',
      n: 2,
      best_of: 3,
      logprobs: 1,
      stop: ['\n\n'],
    });
    expect(completion.choices.map((choice) => choice.index)).toEqual([0, 1]);
    expect(completion.choices[0]!.text).toMatch(
      /^Fake reply to "The innkeeper wiped the counter.* \[then: +and so it ended\.\]$/,
    );
    expect(new Set(completion.choices.map((choice) => choice.text)).size).toBe(2);
    const logprobs = completion.choices[0]!.logprobs!;
    expect(logprobs.tokens!.join('')).toBe(completion.choices[0]!.text);
    expect(logprobs.text_offset![1]).toBe(logprobs.tokens![0]!.length);
    expect(completion.usage!.prompt_tokens).toBeGreaterThan(0);
  });

  it('streams the server’s text completion, echo put before it here', async () => {
    const plain = await client.completions.create({ model, prompt: PROMPT, max_tokens: 30 });
    const stream = await client.completions.create({
      model,
      prompt: PROMPT,
      max_tokens: 30,
      echo: true,
      stream: true,
    });
    let text = '';
    for await (const chunk of stream) for (const choice of chunk.choices) text += choice.text;
    expect(text).toBe(PROMPT + plain.choices[0]!.text);
    expect(lastTextCompletion()).toMatchObject({ prompt: PROMPT, stream: true });
    expect(lastTextCompletion().echo).toBeUndefined();
  });
});

describe('openai completions: what cannot be honoured is a 400 naming it', () => {
  it('refuses suffix and best_of (no text completions endpoint), echo with logprobs, token prompts and unknown fields', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ suffix: ' and so it ended.' }, 'suffix'],
      [{ best_of: 3 }, 'best_of'],
      [{ echo: true, logprobs: 1 }, 'echo'],
      [{ prompt: [1, 2, 3] }, 'prompt'],
      [{ frobnicate: true }, 'frobnicate'],
    ];
    for (const [extra, param] of cases) {
      const error = badRequest(
        await client.completions
          .create({ model: 'offline', prompt: PROMPT, ...extra } as never)
          .catch((caught: unknown) => caught),
      );
      expect(error.param).toBe(param);
    }
  });

  it('refuses n and logprobs where the provider has neither, suffix where it has no text completions', async () => {
    for (const [extra, param] of [
      [{ n: 2 }, 'n'],
      [{ logprobs: 1 }, 'logprobs'],
      [{ suffix: 'The end.' }, 'suffix'],
      [{ n: 1, best_of: 2 }, 'best_of'],
    ] as const) {
      const error = badRequest(
        await client.completions
          .create({ model: 'anthropic/claude-haiku-4-5', prompt: PROMPT, ...extra })
          .catch((caught: unknown) => caught),
      );
      expect(error.param).toBe(param);
    }
    // OpenAI's chat models have no text completions endpoint either.
    for (const [extra, param] of [
      [{ suffix: 'The end.' }, 'suffix'],
      [{ best_of: 2 }, 'best_of'],
    ] as const) {
      const error = badRequest(
        await client.completions
          .create({ model: 'openai/gpt-4o-mini', prompt: PROMPT, ...extra })
          .catch((caught: unknown) => caught),
      );
      expect(error.param).toBe(param);
    }
  });
});
