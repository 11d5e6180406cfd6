/**
 * Images in the identities of a call: the cache/coalescing key and the cassette key change with the
 * image (by its hash) and never hold its bytes; a cassette's image sends again by URL, and an inline
 * one, kept as its hash, says it cannot be.
 */
import { describe, expect, it } from 'vitest';
import { cassetteKey, normaliseRequest, recordedMessages } from '../../src/gateway/replay/key.js';
import { requestKey } from '../../src/gateway/request-key.js';
import type { ChatMessage, ImagePart } from '../../src/vocabulary/index.js';
import { makeCall } from '../support/gateway-call.js';
import { PNG } from '../support/images.js';

const GIF = Buffer.from('GIF89a\x03\x00\x02\x00\x00\x00\x00;', 'latin1').toString('base64');

const inline = (data: string, mediaType = 'image/png'): ImagePart => ({
  type: 'image',
  source: { type: 'base64', mediaType, data },
});
const byUrl = (url: string): ImagePart => ({ type: 'image', source: { type: 'url', url } });

function withImage(image: ImagePart): ChatMessage[] {
  return [
    { role: 'user', content: 'What is this?', parts: [{ type: 'text', text: 'What is this?' }, image] },
  ];
}

describe('image parts in keys', () => {
  it('the request key changes with the image and its detail, and not without one', () => {
    const key = (messages: ChatMessage[]) => requestKey(makeCall({ messages }));
    const png = key(withImage(inline(PNG)));
    expect(key(withImage(inline(PNG)))).toBe(png);
    expect(key(withImage(inline(GIF, 'image/gif')))).not.toBe(png);
    expect(key(withImage({ ...inline(PNG), detail: 'low' }))).not.toBe(png);
    expect(key(withImage(byUrl('https://example.com/a.png')))).not.toBe(
      key(withImage(byUrl('https://example.com/b.png'))),
    );
    expect(key([{ role: 'user', content: 'What is this?' }])).not.toBe(png);
  });

  it('a cassette keeps the hash and facts of an inline image, not its base64, and its key follows the image', () => {
    const request = normaliseRequest(makeCall({ messages: withImage(inline(PNG)) }));
    const text = JSON.stringify(request);
    expect(text).not.toContain(PNG);
    expect(request.messages[0]!.parts![1]).toMatchObject({
      type: 'image',
      mediaType: 'image/png',
      bytes: 70,
      sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    const other = normaliseRequest(makeCall({ messages: withImage(inline(GIF, 'image/gif')) }));
    expect(cassetteKey('chat', 'mock', request)).not.toBe(cassetteKey('chat', 'mock', other));
  });

  it('a recorded image by URL is sent again; an inline one cannot be, and says so', () => {
    const url = normaliseRequest(makeCall({ messages: withImage(byUrl('https://example.com/a.png')) }));
    expect(recordedMessages(url)[0]!.parts![1]).toEqual(byUrl('https://example.com/a.png'));
    const kept = normaliseRequest(makeCall({ messages: withImage(inline(PNG)) }));
    expect(() => recordedMessages(kept)).toThrow(/inline image.*cannot be sent again/);
  });
});
