/**
 * Record and replay on the image path: a recording through the fake upstream (a picture from OpenAI, then
 * a 503 failed over to the offline drawer) replays with the upstream gone: the same pictures, the same
 * failover, and a request that was never recorded is a replay_miss.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { createLogger, loadConfig } from '../../src/config/index.js';
import { imageCassettePath } from '../../src/gateway/images/image-replay.js';
import { createGateway, type Gateway } from '../../src/gateway/index.js';
import { startFakeUpstream } from '../support/fake-upstream.js';

const dir = mkdtempSync(join(tmpdir(), 'loremaster-images-replay-'));
const cassette = join(dir, 'session.jsonl');

afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function gatewayFor(mode: 'record' | 'replay', baseUrl: string): Promise<Gateway> {
  const { settings, secrets } = loadConfig({
    env: { OPENAI_API_KEY: 'sk-fake-images' },
    overrides: {
      'gateway.replay.mode': mode,
      'gateway.replay.cassette': cassette,
      'images.provider': 'openai/dall-e-2',
      'images.cache.enabled': false,
      'images.providers': {
        openai: { type: 'openai', base_url: baseUrl, models: ['dall-e-2'], timeout_ms: 2_000 },
      },
    },
  });
  return createGateway({ settings, secrets, logger: createLogger('silent') });
}

const ask = (gateway: Gateway, prompt: string) =>
  gateway.image({ prompt, n: 1, size: { width: 64, height: 64 }, client: true });

it('replays recorded pictures and failovers with no upstream, and misses what was not recorded', async () => {
  const fake = await startFakeUpstream();
  const recording = await gatewayFor('record', `${fake.url}/v1`);
  const drawn = await ask(recording, 'Portrait of Osric');
  expect(drawn.provider).toBe('openai');
  fake.injectFault({ type: 'status', status: 503, path: '/images/generations' });
  const failedOver = await ask(recording, 'Map of Dunmere');
  expect(failedOver.provider).toBe('offline');
  expect(failedOver.failedOver).toEqual(['openai']);
  await recording.close();
  await fake.close();
  expect(existsSync(imageCassettePath(cassette))).toBe(true);

  // The upstream is gone: every answer comes from the cassette.
  const replaying = await gatewayFor('replay', `${fake.url}/v1`);
  const again = await ask(replaying, 'Portrait of Osric');
  expect(again.provider).toBe('openai');
  expect(again.images[0]!.bytes.equals(drawn.images[0]!.bytes)).toBe(true);
  const againFailedOver = await ask(replaying, 'Map of Dunmere');
  expect(againFailedOver.provider).toBe('offline');
  expect(againFailedOver.failedOver).toEqual(['openai']);
  expect(againFailedOver.images[0]!.bytes.equals(failedOver.images[0]!.bytes)).toBe(true);
  await expect(ask(replaying, 'Heraldry never drawn')).rejects.toMatchObject({
    code: 'replay_miss',
    status: 409,
  });
  await replaying.close();
}, 60_000);
