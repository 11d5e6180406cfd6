/**
 * bench/chunks: what reading a streamed token's chunk costs the OpenAI-wire provider, the chunk
 * template (src/providers/chunk-template.ts) against `JSON.parse` of the whole chunk (the baseline,
 * what every token cost before), measured in the same run, for the chunks each kind of server sends:
 *
 *   openai      OpenAI's chunk (id, fingerprint, logprobs: null)
 *   llama.cpp   llama-server's (fields in another order, the text in the middle)
 *   ollama      Ollama's OpenAI-compatible chunk (`role` in every delta)
 *   escapes     OpenAI's, every text with quotes or a newline (the template hands the literal to JSON.parse)
 *   obfuscated  OpenAI's with a per-chunk `obfuscation` field: never matches, so the template's cost
 *               is its failed check on top of the whole parse
 *
 *   npm run bench:chunks [-- --rounds 200000]
 */
import { parseArgs } from 'node:util';
import { ChunkTemplate, type TextChunkShape } from '../src/providers/chunk-template.js';

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '200000' } } });
const ROUNDS = Number(values.rounds);
const WORDS = [' the', ' dragon', ' sleeps', ' beneath', ' Karsk', ',', ' its', ' breath', ' slow', '.'];

const openai = (text: string, extra = '') =>
  `{"id":"chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT","object":"chat.completion.chunk","created":1741569952,"model":"gpt-4o-mini-2024-07-18","system_fingerprint":"fp_06737a9306","choices":[{"index":0,"delta":{"content":${JSON.stringify(text)}},"logprobs":null,"finish_reason":null}]${extra}}`;
const llamaCpp = (text: string) =>
  `{"choices":[{"finish_reason":null,"index":0,"delta":{"content":${JSON.stringify(text)}}}],"created":1735000000,"id":"chatcmpl-5v1m","model":"qwen2.5-7b-instruct","system_fingerprint":"b4000-1b2c3d4e","object":"chat.completion.chunk"}`;
const ollama = (text: string) =>
  `{"id":"chatcmpl-123","object":"chat.completion.chunk","created":1735000000,"model":"llama3.2","system_fingerprint":"fp_ollama","choices":[{"index":0,"delta":{"role":"assistant","content":${JSON.stringify(text)}},"finish_reason":null}]}`;

const streams: Array<[string, string[]]> = [
  ['openai', WORDS.map((word) => openai(word))],
  ['llama.cpp', WORDS.map(llamaCpp)],
  ['ollama', WORDS.map(ollama)],
  ['escapes', WORDS.map((word, i) => openai(i % 2 ? ` "${word.trim()}"` : `${word}\n`))],
  ['obfuscated', WORDS.map((word, i) => openai(word, `,"obfuscation":"${'x'.repeat(i % 7)}"`))],
];

let sink = 0;

/** µs per chunk: the whole parse, as before. */
function parseWhole(chunks: string[]): number {
  const start = process.hrtime.bigint();
  for (let i = 0; i < ROUNDS; i++) {
    const value = JSON.parse(chunks[i % chunks.length]!) as TextChunkShape;
    sink += String(value.choices?.[0]?.delta?.content).length;
  }
  return Number(process.hrtime.bigint() - start) / 1e3 / ROUNDS;
}

/** µs per chunk: the template first, the whole parse (and a chance to learn) when it misses. */
function withTemplate(chunks: string[]): number {
  const start = process.hrtime.bigint();
  // A stream is a few dozen chunks: a new template every 40, as a new stream would have.
  let template = new ChunkTemplate();
  for (let i = 0; i < ROUNDS; i++) {
    if (i % 40 === 0) template = new ChunkTemplate();
    const data = chunks[i % chunks.length]!;
    const text = template.textOf(data);
    if (text !== undefined) {
      sink += text.length;
      continue;
    }
    const value = JSON.parse(data) as TextChunkShape;
    template.learn(data, value);
    sink += String(value.choices?.[0]?.delta?.content).length;
  }
  return Number(process.hrtime.bigint() - start) / 1e3 / ROUNDS;
}

const rows = [];
for (const [name, chunks] of streams) {
  for (let warm = 0; warm < 3; warm++) {
    parseWhole(chunks);
    withTemplate(chunks);
  }
  const whole = parseWhole(chunks);
  const templated = withTemplate(chunks);
  rows.push({
    chunks: name,
    bytes: chunks[0]!.length,
    'JSON.parse µs (baseline)': whole.toFixed(3),
    'template µs': templated.toFixed(3),
    'template / parse': `${((templated / whole) * 100).toFixed(0)} %`,
  });
}
console.table(rows);
if (sink < 0) console.log(sink);
