/**
 * JSON request bodies, parsed where requests enter: Fastify's own parser (secure-json-parse: a
 * `__proto__` key, or `constructor.prototype`, is refused with a 400, never merged into an object), after
 * a depth check. A body nested deeper than `server.max_json_depth` is a 400 `json_too_deep` naming the
 * field where the limit was passed, before any route or store sees it: a 4,100-level `settings` once
 * went into the database and made `GET /worlds` fail for good.
 *
 * The check is one linear scan of the text that jumps over strings with `indexOf` (a chat message is
 * mostly string), skipped for a body shorter than the limit (it cannot be that deep), and it runs
 * before the parse: a 1 MB body nested a million levels deep costs `JSON.parse` ~700 ms of the event
 * loop, and is refused here in microseconds. `npx tsx bench/json-body.ts` compares the check with
 * `JSON.parse` of the same text; smoke runs on the shared, loaded 2-core machine (noisy, ratios only)
 * put it between ~6 % (1 MB of prose) and ~70 % (1 MB of escaped quotes, the worst case) of the
 * parse's own time: well under a millisecond for the bodies games send.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ApiError, isOllamaRoute } from './errors.js';
import { nulPath, nulRefused } from './nul-text.js';

const QUOTE = 34;
const BACKSLASH = 92;
const OPEN_OBJECT = 123;
const OPEN_ARRAY = 91;
const CLOSE_OBJECT = 125;
const CLOSE_ARRAY = 93;

/**
 * The index of the bracket that opens level `maxDepth + 1`, or -1 when the text stays within the limit
 * (the top-level object is level 1). Text that is not JSON gives an answer the parser then overrules.
 */
export function depthExceededAt(text: string, maxDepth: number): number {
  if (text.length <= maxDepth) return -1;
  let depth = 0;
  const length = text.length;
  for (let i = 0; i < length; i += 1) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      i = endOfString(text, i);
      if (i < 0) return -1;
    } else if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
      depth += 1;
      if (depth > maxDepth) return i;
    } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
      depth -= 1;
    }
  }
  return -1;
}

/** The index of the quote closing the string opened at `start`; -1 when it never closes. */
function endOfString(text: string, start: number): number {
  let from = start + 1;
  for (;;) {
    const end = text.indexOf('"', from);
    if (end < 0) return -1;
    let backslashes = 0;
    for (let j = end - 1; j > start && text.charCodeAt(j) === BACKSLASH; j -= 1) backslashes += 1;
    if (backslashes % 2 === 0) return end;
    from = end + 1;
  }
}

/**
 * The field path (`settings.a.b.0`) of the value opened at `index`: a second, slower scan, run only for
 * a body already refused. Keys longer than 40 characters are cut.
 */
export function pathAt(text: string, index: number): string {
  // One frame per open container: its key or array position so far.
  const frames: Array<{ array: boolean; key: string; position: number }> = [];
  let lastString = '';
  for (let i = 0; i < index; i += 1) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      const end = endOfString(text, i);
      if (end < 0) break;
      lastString = text.slice(i + 1, end);
      i = end;
    } else if (c === 58 /* : */) {
      const frame = frames.at(-1);
      if (frame && !frame.array) frame.key = readKey(lastString);
    } else if (c === 44 /* , */) {
      const frame = frames.at(-1);
      if (frame?.array) frame.position += 1;
    } else if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
      frames.push({ array: c === OPEN_ARRAY, key: '', position: 0 });
    } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
      frames.pop();
    }
  }
  return frames.map((frame) => (frame.array ? String(frame.position) : frame.key)).join('.');
}

function readKey(raw: string): string {
  let key = raw;
  try {
    key = JSON.parse(`"${raw}"`) as string;
  } catch {
    // A broken escape: the parser will refuse the body anyway; show the raw text.
  }
  return key.length > 40 ? `${key.slice(0, 40)}…` : key;
}

/** The 400 for a body past the depth limit, naming the field. */
export function tooDeep(text: string, index: number, maxDepth: number): ApiError {
  const param = pathAt(text, index) || null;
  // The message shows the path's start; `param` has all of it.
  const shown = param && param.length > 200 ? `${param.slice(0, 200)}…` : param;
  return new ApiError(
    400,
    `Invalid request: the JSON body is nested deeper than ${maxDepth} levels${shown ? ` at ${shown}` : ''}`,
    { param, code: 'json_too_deep' },
  );
}

/**
 * Replaces Fastify's `application/json` parser with the same parser behind the depth check. Fastify's
 * checks stay as they are: the body limit (413), an empty body (400), `__proto__` and
 * `constructor.prototype` keys (400). A NUL character in a string or key is a 400 too (see nul-text.ts).
 */
export function registerJsonBody(app: FastifyInstance, options: { maxDepth: number }): void {
  const parse = app.getDefaultJsonParser('error', 'error');
  const { maxDepth } = options;
  const parseJson: ContentTypeParser = (request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    const at = depthExceededAt(text, maxDepth);
    if (at >= 0) {
      done(tooDeep(text, at, maxDepth), undefined);
      return;
    }
    parse(request, text, (error, value) => {
      if (error && isPoisoned(text)) return done(forbiddenKey(), undefined);
      // `\u0000` in the text (rare: one scan) may be a NUL in a string or key: refused, naming it.
      if (!error && text.includes('\\u0000')) {
        const param = nulPath(value);
        if (param !== undefined) return done(nulRefused(param === '(body)' ? null : param), undefined);
      }
      done(error, value);
    });
  };
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, parseJson);
  // Ollama's API reads its body as JSON whatever the content type says, and its documented examples
  // (`curl … -d '{…}'`) send form encoding: on /api/… those bodies are JSON too. Elsewhere they stay a 415.
  app.addContentTypeParser(
    ['application/x-www-form-urlencoded', 'text/plain'],
    { parseAs: 'string' },
    (request, body, done) => {
      if (isOllamaRoute(request.url)) return parseJson(request, body, done);
      done(
        new ApiError(415, 'Unsupported content type: send application/json', {
          code: 'unsupported_media_type',
        }),
        undefined,
      );
    },
  );
}

type ContentTypeParser = (
  request: FastifyRequest,
  body: string | Buffer,
  done: (error: Error | null, value?: unknown) => void,
) => void;

/** Valid JSON that Fastify's parser refused: it holds `__proto__` or `constructor.prototype` (error path only). */
function isPoisoned(text: string): boolean {
  if (!/"(?:__proto__|prototype)"/.test(text)) return false;
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

function forbiddenKey(): ApiError {
  return new ApiError(
    400,
    'Invalid request: the JSON body holds a "__proto__" or "constructor.prototype" key, which is not accepted',
    { code: 'invalid_json' },
  );
}
