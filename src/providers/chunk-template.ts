/**
 * The streamed token's fast path. Within one stream an OpenAI-wire server sends the same JSON for every
 * token but its text, e.g.
 *
 *   {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1741569952,"model":"gpt-4o-mini",
 *    "choices":[{"index":0,"delta":{"content":"<text>"},"logprobs":null,"finish_reason":null}]}
 *
 * Once a chunk that carries nothing but its text has been parsed whole, the bytes before and after its
 * text's string literal are this stream's template. A later chunk made of the same bytes around one JSON
 * string literal is the same object with another text (one string token put in place of another keeps
 * the JSON valid and changes only that value), so only the literal is read. Anything else (a finish
 * reason, usage, tool calls, a field that changes per chunk) misses the template and is parsed whole.
 *
 * Hand-written hot path: it runs for every streamed token. In a server under load (perf, 50 paced
 * streams) JSON.parse of the chunks was about 6% of Loremaster's CPU, with the garbage of their objects
 * on top. `npm run bench:chunks` measures both in one run: on 2026-12-06 the template took 17–21% of
 * the whole parse's time for the chunks of OpenAI, llama.cpp and Ollama (0.18 against 0.89 µs for
 * OpenAI's), 29% for texts with escapes (their literal is parsed by JSON.parse), and 116% for a
 * server whose chunks never match (OpenAI's per-chunk `obfuscation` field: three tries, then off).
 */

/** The content key, as every server writes it (a space after the colon is allowed). */
const CONTENT_KEY = '"content":';
/**
 * A template is learnt at most this many times a stream; the next text chunk that misses turns the
 * fast path off, so a server whose chunks never repeat pays for a few checks, not one a token.
 */
const MAX_LEARNS = 3;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/** The fields of a parsed chunk the template needs to know it carries only text. */
export interface TextChunkShape {
  usage?: unknown;
  error?: unknown;
  choices?: Array<{
    index?: number;
    delta?: {
      content?: unknown;
      refusal?: unknown;
      tool_calls?: unknown;
      reasoning_content?: unknown;
      reasoning?: unknown;
    } | null;
    finish_reason?: unknown;
    logprobs?: unknown;
  }>;
}

export class ChunkTemplate {
  private prefix: string | undefined;
  private suffix = '';
  private learns = 0;

  /**
   * The text of a chunk that matches the template; undefined when it does not (parse it whole). A
   * chunk that matches but whose literal is not a valid JSON string is undefined too: the whole parse
   * then says what is wrong with it.
   */
  textOf(data: string): string | undefined {
    const prefix = this.prefix;
    if (prefix === undefined) return undefined;
    const start = prefix.length;
    const end = data.length - this.suffix.length;
    // Slices compared with ===, not startsWith: V8 compares equal strings' bytes at once and
    // startsWith a character at a time (0.07 against 0.5 µs for OpenAI's 190-byte prefix).
    if (end - start < 2 || data.slice(0, start) !== prefix || data.slice(end) !== this.suffix)
      return undefined;
    if (data.charCodeAt(start) !== QUOTE || data.charCodeAt(end - 1) !== QUOTE) return undefined;
    for (let i = start + 1; i < end - 1; i++) {
      const code = data.charCodeAt(i);
      // An escape, a quote or a control character: let JSON.parse judge the literal.
      if (code === QUOTE || code === BACKSLASH || code < 0x20) return parsedString(data.slice(start, end));
    }
    return data.slice(start + 1, end - 1);
  }

  /**
   * Learns the template from a chunk just parsed whole (one that missed it) if the chunk carries only
   * text: the stream's first chunk may differ from the rest (OpenAI's carries `role`), so a later one
   * replaces it.
   */
  learn(data: string, value: TextChunkShape): void {
    if (!carriesOnlyText(value)) return;
    if (this.learns >= MAX_LEARNS) {
      // Text chunks keep missing (a field that changes per chunk): stop checking them at all.
      this.prefix = undefined;
      return;
    }
    this.learns += 1;
    const key = data.indexOf(CONTENT_KEY);
    if (key === -1 || data.indexOf(CONTENT_KEY, key + 1) !== -1) return;
    let start = key + CONTENT_KEY.length;
    while (data.charCodeAt(start) === 0x20) start += 1;
    if (data.charCodeAt(start) !== QUOTE) return;
    let end = -1;
    for (let i = start + 1; i < data.length; i++) {
      const code = data.charCodeAt(i);
      if (code === BACKSLASH) i += 1;
      else if (code === QUOTE) {
        end = i + 1;
        break;
      }
    }
    if (end === -1) return;
    const prefix = data.slice(0, start);
    const suffix = data.slice(end);
    // The literal found must be the delta's text (not a look-alike elsewhere): a probe text put in its
    // place has to come back as the delta's content.
    try {
      const probe = JSON.parse(`${prefix}"\\u0000probe"${suffix}`) as TextChunkShape;
      if (probe.choices?.[0]?.delta?.content !== '\u0000probe') return;
    } catch {
      return;
    }
    this.prefix = prefix;
    this.suffix = suffix;
  }
}

/**
 * One answer, its text and nothing else: no finish, usage, error, logprobs, refusal, tool calls or
 * thinking (a template learnt around a thinking text would take it for part of every chunk).
 */
function carriesOnlyText(value: TextChunkShape): boolean {
  if (value === null || typeof value !== 'object' || value.error !== undefined || value.usage != null)
    return false;
  const choices = value.choices;
  if (!Array.isArray(choices) || choices.length !== 1) return false;
  const choice = choices[0];
  if (!choice || typeof choice !== 'object') return false;
  if ((choice.index ?? 0) !== 0 || choice.finish_reason != null || choice.logprobs != null) return false;
  const delta = choice.delta;
  return (
    delta !== null &&
    typeof delta === 'object' &&
    typeof delta.content === 'string' &&
    delta.refusal == null &&
    delta.tool_calls == null &&
    delta.reasoning_content == null &&
    delta.reasoning == null
  );
}

function parsedString(literal: string): string | undefined {
  try {
    const value: unknown = JSON.parse(literal);
    return typeof value === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}
