/**
 * The web dashboard in a real browser (Chromium, headless) against a real Loremaster with API keys set
 * and the demo world imported: the keyless message, then every page with the key, a turn streaming into
 * the playground, the usage chart, an entity diff and a dead letter retried. Narration comes from a fake
 * OpenAI-compatible upstream on 127.0.0.1 paced at a few words a second, so streaming is observable;
 * the analysis role is the offline provider; the maintenance role answers non-JSON (a mock), so a world
 * simulation ends dead-lettered and can be retried from the page.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_WORLD_FILE, readWorldFile } from '../../src/narrative/index.js';
import { type FakeUpstream, startFakeUpstream } from '../support/fake-upstream.js';
import { startLoremaster, type TestServer } from '../support/loremaster.js';
import { ARTIFACTS, type DashboardBrowser, openBrowser } from './browser.js';

const KEY = 'lm-dashboard-test-key';

let fake: FakeUpstream;
let server: TestServer;
let browser: DashboardBrowser;
const shots: string[] = [];

// biome-ignore lint/suspicious/noExplicitAny: JSON answers are read field by field
async function call(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${KEY}`,
      ...(body !== undefined && { 'content-type': 'application/json' }),
    },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

beforeAll(async () => {
  browser = await openBrowser();
  fake = await startFakeUpstream({ tokensPerSecond: 20, answerWords: 16, requireAuth: false });
  server = await startLoremaster({
    env: { LOREMASTER_API_KEYS: `${KEY}:admin` },
    config: {
      providers: {
        offline: { type: 'offline' },
        fake: { type: 'openai-compatible', base_url: `${fake.url}/v1`, models: ['fake-narrator'] },
        echo: { type: 'mock' },
      },
      roles: {
        generation: { provider: 'fake', model: 'fake-narrator', max_tokens: 200 },
        maintenance: { provider: 'echo', max_tokens: 200, temperature: 0 },
      },
      jobs: { retry_base_ms: 1, retry_cap_ms: 5 },
      narrative: { simulation_every_turns: 0 },
    },
  });
  const imported = await call('POST', '/worlds/import', readWorldFile(DEMO_WORLD_FILE));
  expect(imported.status).toBe(201);
}, 120_000);

afterAll(async () => {
  await browser?.browser.close();
  await server?.stop();
  await fake?.close();
  if (shots.length)
    console.log(`dashboard screenshots (${shots.length}) in ${ARTIFACTS}:\n${shots.join('\n')}`);
});

describe('the dashboard', () => {
  it('says a key is needed without one, and works once the key is entered', async () => {
    const { page } = browser;
    await page.goto(`${server.url}/`);
    const message = page.locator('#key-check');
    await expect.poll(() => message.textContent()).toContain('Enter an API key');
    expect(await message.textContent()).toContain('401');
    shots.push(await browser.screenshot('no-key'));
    // Without a key the browser logs the refused calls (401): those, and only those.
    const refused = browser.takeErrors();
    expect(
      refused.every((error) => /401|Unauthorized|WebSocket/i.test(error)),
      refused.join('\n'),
    ).toBe(true);

    await page.fill('#api-key', KEY);
    await page.click('button:text("Use key")');
    await expect.poll(() => page.locator('#key-check').count()).toBe(0);
    await expect.poll(() => page.locator('#world option').allTextContents()).toContain('Cinderwick');
    expect(await page.evaluate("localStorage.getItem('loremaster.apiKey')")).toBe(KEY);
    expect(browser.takeErrors()).toEqual([]);
  });

  it('streams a turn into the playground, with its panel, lore and analysis', async () => {
    const { page } = browser;
    await page.goto(`${server.url}/#/playground`);
    await expect.poll(() => page.locator('#world option').allTextContents()).toContain('Cinderwick');
    await page.click('#new-session');
    await page.locator('#turn-input').waitFor();
    // Every change of the narration's text, recorded in the page as it happens, until the panel shows.
    await page.evaluate(RECORD_NARRATION);
    await page.fill('#turn-input', 'I ask Brannoch Tully about the cold vents');
    await page.click('#play');
    await page.locator('#panel').waitFor({ timeout: 15_000 });
    const seen = (await page.evaluate('window.narrationSeen')) as Array<{ length: number; panel: boolean }>;
    const beforeEnd = seen.filter((entry) => !entry.panel && entry.length > 0).map((entry) => entry.length);
    expect(beforeEnd.length, JSON.stringify(seen)).toBeGreaterThanOrEqual(2);
    expect(beforeEnd[1]!).toBeGreaterThan(beforeEnd[0]!);
    const narration = (await page.locator('#narration').textContent()) ?? '';
    expect(narration).toContain('Fake reply to');
    expect(narration.length).toBeGreaterThan(beforeEnd[0]!);

    // The lore given to the narrator, each with its score and reasons from the world's search.
    await expect.poll(() => page.locator('#lore tbody tr').count()).toBeGreaterThan(0);
    await expect
      .poll(() => page.locator('#lore tbody td:nth-child(4)').first().textContent())
      .toMatch(/^\d\.\d{3}$/);
    // The analysis runs after the answer; the page shows it when the event socket says it ran.
    await expect
      .poll(() => page.locator('#session-events').textContent(), { timeout: 15_000 })
      .toContain('turn.analysed');
    await expect
      .poll(() => page.locator('.turns details summary').first().textContent())
      .toContain('· analysed');
    shots.push(await browser.screenshot('playground-turn'));
    expect(browser.takeErrors()).toEqual([]);
  });

  it('streams a chat with a model', async () => {
    const { page } = browser;
    await page.goto(`${server.url}/#/playground`);
    await expect
      .poll(() => page.locator('#chat-model option').allTextContents())
      .toContain('fake/fake-narrator');
    await page.selectOption('#chat-model', 'fake/fake-narrator');
    await page.fill('#chat-input', 'Hello there, narrator');
    await page.click('button:text("Send")');
    await expect
      .poll(() => page.locator('#chat-log').textContent(), { timeout: 15_000 })
      .toContain('Fake reply to');
    await expect.poll(() => page.locator('#chat-log .streaming').count(), { timeout: 15_000 }).toBe(0);
    expect(await page.locator('main .error').count()).toBe(0);
    expect(browser.takeErrors()).toEqual([]);
  });

  it('loads every page with no console error, and keeps a screenshot of each', async () => {
    const { page } = browser;
    await page.goto(`${server.url}/`);
    const links = await Promise.all(
      (await page.locator('nav a').all()).map(async (link) => (await link.getAttribute('href'))!),
    );
    expect(links.length).toBeGreaterThanOrEqual(1);
    for (const href of links) {
      const name = href.replace('#/', '');
      const ready = READY[name];
      expect(ready, `the test knows when page ${name} has loaded`).toBeDefined();
      await page.goto(`${server.url}/${href}`);
      await page.locator(`main[data-page="${name}"]`).waitFor();
      await page.locator(ready!).first().waitFor({ state: 'attached', timeout: 15_000 });
      expect(await page.locator('main .error').count(), `errors shown on ${name}`).toBe(0);
      shots.push(await browser.screenshot(`page-${name}`));
      expect(browser.takeErrors(), `console errors on ${name}`).toEqual([]);
    }
  });
});

/** Runs in the page: records every change of the narration's length, and whether the panel showed yet. */
const RECORD_NARRATION = `(() => {
  const seen = [];
  window.narrationSeen = seen;
  new MutationObserver(() => {
    const text = document.querySelector('#narration')?.textContent ?? '';
    if (text.length !== seen.at(-1)?.length)
      seen.push({ length: text.length, panel: document.querySelector('#panel') !== null });
  }).observe(document.body, { childList: true, subtree: true, characterData: true });
})()`;

/** For each page: an element that shows once its data has loaded. */
const READY: Record<string, string> = {
  playground: '#world option',
};
