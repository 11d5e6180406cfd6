/** A small real image for the vision tests, and the check that it reached the model as each wire sends it. */
import { expect } from 'vitest';

/** A real 1×1 PNG, 70 bytes. */
export const PNG =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';

/**
 * The answer to a message carrying `PNG`: offline, the model says what it received; through an upstream,
 * the last message it was sent holds the image in that vendor's format.
 */
export function expectPngReached(
  wire: 'offline' | 'openai' | 'anthropic',
  text: string,
  lastUpstreamMessage: () => unknown,
): void {
  if (wire === 'offline') {
    expect(text).toContain('an image (image/png, 1×1, 70 B)');
    return;
  }
  expect(JSON.stringify(lastUpstreamMessage())).toContain(
    wire === 'openai'
      ? JSON.stringify({ type: 'image_url', image_url: { url: `data:image/png;base64,${PNG}` } })
      : JSON.stringify({ type: 'image', source: { type: 'base64', media_type: 'image/png', data: PNG } }),
  );
}
