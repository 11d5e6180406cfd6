/**
 * The fake upstream's image endpoints, in the vendors' wire formats:
 * - OpenAI `POST /v1/images/generations`: `{created, data: [{b64_json, revised_prompt}]}`, or
 *   `{url}` items (served by the fake at `GET /v1/files/images/{name}.png`) when `response_format` is
 *   `url` or absent for DALL-E (and always for model `fake-url-model`, like servers that ignore the
 *   field); DALL-E 3 refuses `n` above 1, as OpenAI does; a prompt with "forbidden" is a content policy 400.
 * - GetImg `POST /getimg/v1/{family}/text-to-image` and `/image-to-image`: `{image, seed, cost}`
 *   (base64, or a URL with `response_format: url`). Base URL to give Loremaster: `${url}/getimg`.
 * Pictures are small real PNGs whose colour comes from the prompt, so tests can tell them apart and
 * check the same prompt gives the same bytes. Faults come from the fake's own machinery (a fault's
 * `path` can be `/images/generations` or `/text-to-image`).
 */
import { deflateSync } from 'node:zlib';

export type ImageReply =
  | { kind: 'json'; status: number; value: unknown }
  | { kind: 'binary'; status: number; body: Buffer; contentType: string };

export interface ImageCall {
  body: Record<string, unknown>;
  seq: number;
  /** `http://host:port` as the client reached the fake. */
  origin: string;
  path: string;
}

const SIZE = /^(\d{2,4})x(\d{2,4})$/;
const GETIMG_FAMILIES = ['flux-schnell', 'stable-diffusion-xl', 'essential-v2'] as const;
/** What GetImg's fake charges per picture (USD), by family. */
const GETIMG_COST: Record<string, number> = {
  'flux-schnell': 0.0015,
  'stable-diffusion-xl': 0.0045,
  'essential-v2': 0.006,
};

function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Buffer): number {
  let c = 0xffffffff;
  for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A real 8x8 RGB PNG of one colour, taken from the text: same text, same bytes. */
export function fakePng(text: string): Buffer {
  const hash = fnv1a(text);
  const rgb = [hash & 0xff, (hash >>> 8) & 0xff, (hash >>> 16) & 0xff];
  const side = 8;
  const header = Buffer.alloc(13);
  header.writeUInt32BE(side, 0);
  header.writeUInt32BE(side, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // truecolour
  const rows: number[] = [];
  for (let y = 0; y < side; y++) {
    rows.push(0);
    for (let x = 0; x < side; x++) rows.push(...rgb);
  }
  return Buffer.concat([
    Buffer.from('89504e470d0a1a0a', 'hex'),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.from(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function openAiError(
  status: number,
  message: string,
  param: string | null = null,
  code: string | null = null,
): ImageReply {
  return {
    kind: 'json',
    status,
    value: { error: { message, type: 'invalid_request_error', param, code } },
  };
}

/** Pictures the fake handed out as URLs, by file name (bounded: the oldest go first). */
const served = new Map<string, Buffer>();
function serve(name: string, bytes: Buffer): void {
  served.set(name, bytes);
  if (served.size > 200) served.delete(served.keys().next().value!);
}

export function openAiImageGeneration(call: ImageCall): ImageReply {
  const { body } = call;
  if (typeof body.prompt !== 'string' || body.prompt.length === 0)
    return openAiError(400, "'prompt' is a required property", 'prompt');
  const model = typeof body.model === 'string' ? body.model : 'dall-e-2';
  const n = body.n === undefined ? 1 : body.n;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > 10)
    return openAiError(400, 'n must be an integer from 1 to 10', 'n');
  if (model === 'dall-e-3' && n !== 1) return openAiError(400, 'You must provide n=1 for this model.', 'n');
  if (body.size !== undefined && (typeof body.size !== 'string' || !SIZE.test(body.size)))
    return openAiError(400, `'${String(body.size)}' is not one of the supported sizes`, 'size');
  if (model.startsWith('gpt-image') && body.response_format !== undefined)
    return openAiError(400, "Unknown parameter: 'response_format'.", 'response_format', 'unknown_parameter');
  if (body.prompt.includes('forbidden'))
    return openAiError(
      400,
      'Your request was rejected by the safety system.',
      null,
      'content_policy_violation',
    );
  // `fake-url-model` stands for servers that answer URLs whatever `response_format` says.
  const asUrl =
    model === 'fake-url-model' || (!model.startsWith('gpt-image') && body.response_format !== 'b64_json');
  // `fake-svg-model` stands for a server answering an SVG (which may carry script) as the picture.
  if (model === 'fake-svg-model') {
    const svg = '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>';
    return {
      kind: 'json',
      status: 200,
      value: { created: 0, data: [{ b64_json: Buffer.from(svg).toString('base64') }] },
    };
  }
  const data = Array.from({ length: n }, (_, index) => {
    const bytes = fakePng(`openai:${model}:${body.prompt}:${index}`);
    const revised = model === 'dall-e-3' ? { revised_prompt: `A detailed painting: ${body.prompt}` } : {};
    if (!asUrl) return { b64_json: bytes.toString('base64'), ...revised };
    const name = `img-${call.seq}-${index}.png`;
    serve(name, bytes);
    return { url: `${call.origin}/v1/files/images/${name}`, ...revised };
  });
  return { kind: 'json', status: 200, value: { created: Math.floor(Date.now() / 1000), data } };
}

/** `GET /v1/files/images/{name}`: a picture handed out as a URL. */
export function servedImage(path: string): ImageReply | undefined {
  const match = /^\/v1\/files\/images\/([\w.-]+)$/.exec(path);
  if (!match) return undefined;
  const bytes = served.get(match[1]!);
  if (!bytes) return openAiError(404, 'No such image');
  return { kind: 'binary', status: 200, body: bytes, contentType: 'image/png' };
}

function getImg(call: ImageCall, family: string, toImage: boolean): ImageReply {
  const { body } = call;
  if (typeof body.prompt !== 'string' || body.prompt.length === 0)
    return openAiError(400, 'prompt is required', 'prompt');
  if (family === 'flux-schnell' && body.negative_prompt !== undefined)
    return openAiError(400, 'negative_prompt is not supported by this model', 'negative_prompt');
  let source = '';
  if (toImage) {
    if (typeof body.image !== 'string' || body.image.length === 0)
      return openAiError(400, 'image is required', 'image');
    source = `:${fnv1a(body.image)}:${String(body.strength)}`;
  } else {
    for (const side of ['width', 'height'] as const) {
      const value = body[side];
      if (value !== undefined && (typeof value !== 'number' || value < 64 || value > 2048))
        return openAiError(400, `${side} must be between 64 and 2048`, side);
    }
  }
  const seed = typeof body.seed === 'number' ? body.seed : fnv1a(body.prompt) % 100_000;
  const bytes = fakePng(`getimg:${family}:${String(body.model ?? '')}:${body.prompt}:${seed}${source}`);
  const cost = GETIMG_COST[family] ?? 0.001;
  if (body.response_format === 'url') {
    const name = `getimg-${call.seq}.png`;
    serve(name, bytes);
    return {
      kind: 'json',
      status: 200,
      value: { url: `${call.origin}/v1/files/images/${name}`, seed, cost },
    };
  }
  return { kind: 'json', status: 200, value: { image: bytes.toString('base64'), seed, cost } };
}

/** The image routes by `METHOD path`. */
export const IMAGE_ROUTES: Record<string, (call: ImageCall) => ImageReply> = {
  'POST /v1/images/generations': openAiImageGeneration,
  ...Object.fromEntries(
    GETIMG_FAMILIES.flatMap((family) => [
      [`POST /getimg/v1/${family}/text-to-image`, (call: ImageCall) => getImg(call, family, false)],
      [`POST /getimg/v1/${family}/image-to-image`, (call: ImageCall) => getImg(call, family, true)],
    ]),
  ),
};
