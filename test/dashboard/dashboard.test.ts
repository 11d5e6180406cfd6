/**
 * The web dashboard in a real browser (Chromium, headless) against a real Loremaster with API keys set
 * and the demo world imported: the keyless message, then every page with the key, a turn streaming into
 * the playground (and the tasks it queued reaching a finished state), the usage chart, an entity diff
 * and a dead letter retried. Narration comes from a fake OpenAI-compatible upstream on 127.0.0.1 paced
 * at a few words a second, so streaming is observable; the analysis role is the offline provider; the
 * maintenance role answers non-JSON (a mock), so a world simulation ends dead-lettered and can be
 * retried from the page.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_WORLD_FILE, readWorldFile } from '../../src/narrative/index.js';
import { type FakeUpstream, startFakeUpstream } from '../support/fake-upstream.js';
import { startLoremaster, type TestServer } from '../support/loremaster.js';
import { ARTIFACTS, type DashboardBrowser, openBrowser } from './browser.js';

const KEY = 'lm-dashboard-test-key';

/** Waits (bounded) for a value the page or the server shows once its work is done. */
function poll<T>(read: () => T | Promise<T>, timeoutMs = 10_000) {
  return expect.poll(read, { timeout: timeoutMs, interval: 50 });
}

let fake: FakeUpstream;
let server: TestServer;
let browser: DashboardBrowser;
let worldId: string;
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
      gateway: { usage: { budgets: { daily_tokens: { period: 'day', unit: 'tokens', limit: 1_000_000 } } } },
    },
  });
  const imported = await call('POST', '/worlds/import', readWorldFile(DEMO_WORLD_FILE));
  expect(imported.status).toBe(201);
  worldId = imported.body.id;
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
    await poll(() => message.textContent()).toContain('Enter an API key');
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
    await poll(() => page.locator('#key-check').count()).toBe(0);
    await poll(() => page.locator('#world option').allTextContents()).toContain('Cinderwick');
    expect(await page.evaluate("localStorage.getItem('loremaster.apiKey')")).toBe(KEY);
    expect(browser.takeErrors()).toEqual([]);
  });

  it('streams a turn into the playground, with its panel, lore, analysis and the tasks it queued', async () => {
    const { page } = browser;
    await page.goto(`${server.url}/#/playground`);
    await poll(() => page.locator('#world option').allTextContents()).toContain('Cinderwick');
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

    // The lore given to the narrator, each with how the turn's retrieval found it, its score and why.
    await poll(() => page.locator('#lore tbody tr').count()).toBeGreaterThan(0);
    await poll(() => page.locator('#lore tbody td:nth-child(3)').first().textContent()).toMatch(
      /^(lexical|vector|both)$/,
    );
    await poll(() => page.locator('#lore tbody td:nth-child(4)').first().textContent()).toMatch(
      /^\d\.\d{3}$/,
    );
    await poll(() => page.locator('#lore tbody td:nth-child(5)').first().textContent()).toMatch(/\w/);
    // The analysis runs after the answer; the page shows it when the event socket says it ran.
    await poll(() => page.locator('#session-events').textContent(), 15_000).toContain('turn.analysed');
    await poll(() => page.locator('.turns details summary').first().textContent()).toContain('· analysed');
    shots.push(await browser.screenshot('playground-turn'));

    // Under the turn, the tasks it queued: the analysis done, then its follow-ups, each reaching a
    // finished state (completed with its outcome, or dead-lettered with its error) as the page re-reads.
    const rows = page.locator('#turn-1-tasks tbody tr');
    await poll(() => rows.count(), 15_000).toBeGreaterThan(1);
    await poll(() => rows.first().getAttribute('data-state')).toBe('completed');
    await poll(() => rows.first().getAttribute('data-outcome')).toBe('done');
    expect(await rows.first().locator('td').first().textContent()).toBe('ANALYZE_TURN');
    await poll(
      () => rows.evaluateAll((all) => all.map((row) => row.getAttribute('data-state'))),
      30_000,
    ).not.toContainEqual(expect.stringMatching(/^(pending|processing)$/));
    const finished = await rows.evaluateAll((all) =>
      all.map((row) => [row.getAttribute('data-state'), row.getAttribute('data-outcome')]),
    );
    for (const [state, outcome] of finished) {
      expect(['completed', 'failed']).toContain(state);
      if (state === 'completed') expect(['done', 'already-done', 'skipped']).toContain(outcome);
    }
    // What the page shows is what the API says.
    const listed = await call(
      'GET',
      `/sessions/${await page.locator('#session').inputValue()}/turns/1/tasks`,
    );
    expect(listed.body.data.map((task: { state: string }) => task.state)).toEqual(
      finished.map(([state]) => state),
    );
    await page.locator('#turn-1-tasks').scrollIntoViewIfNeeded();
    shots.push(await browser.screenshot('playground-turn-tasks'));
    expect(browser.takeErrors()).toEqual([]);
    // The turn's follow-ups run after its analysis, one by one on a loaded machine: bounded at a minute.
  }, 60_000);

  it('streams a chat with a model', async () => {
    const { page } = browser;
    await page.goto(`${server.url}/#/playground`);
    await poll(() => page.locator('#chat-model option').allTextContents()).toContain('fake/fake-narrator');
    await page.selectOption('#chat-model', 'fake/fake-narrator');
    await page.fill('#chat-input', 'Hello there, narrator');
    await page.click('button:text("Send")');
    await poll(() => page.locator('#chat-log').textContent(), 15_000).toContain('Fake reply to');
    await poll(() => page.locator('#chat-log .streaming').count(), 15_000).toBe(0);
    expect(await page.locator('main .error').count()).toBe(0);
    expect(browser.takeErrors()).toEqual([]);
  });

  it('browses the world: versions with a diff, connections as a graph, search, canon beside a session', async () => {
    const { page } = browser;
    await page.goto(`${server.url}/#/world`);
    await page.click('#entities button:text-is("Brannoch Tully")');
    // Imported, then linked to the entities it names: two canon versions, and what changed between them.
    await poll(() => page.locator('#versions tbody tr').count()).toBeGreaterThanOrEqual(2);
    await page.selectOption('#diff-from', '0');
    await page.selectOption('#diff-to', '1');
    await poll(() => page.locator('#versions .diff .added').count()).toBeGreaterThan(0);
    expect(await page.locator('#versions .diff .removed').count()).toBeGreaterThan(0);
    expect(await page.locator('#versions .diff .added').first().isVisible()).toBe(true);
    expect(await page.locator('#versions .diff .removed').first().textContent()).toContain(
      '"connections": []',
    );
    expect(await page.locator('#versions .diff .added').first().textContent()).toContain('The Sooted Kettle');
    expect(await page.locator('#graph svg line').count()).toBeGreaterThanOrEqual(3);
    expect(await page.locator('#graph svg').textContent()).toContain('The Sooted Kettle');
    shots.push(await browser.screenshot('world-entity-diff'));

    await page.fill('#search-input', 'who fences emberglass');
    await page.click('button:text("Search")');
    await poll(() => page.locator('#search-results tbody tr').count()).toBeGreaterThan(0);
    expect(await page.locator('#search-results tbody td:nth-child(3)').first().textContent()).toMatch(
      /^\d\.\d{3}$/,
    );
    expect(await page.locator('#search-results tbody td:nth-child(5)').first().textContent()).toMatch(
      /matched|similar/,
    );

    // The playground's session changed Brannoch Tully in its own view: canon beside it, and what he knows.
    const sessionOption = page.locator('#view option').nth(1);
    await sessionOption.waitFor({ state: 'attached' });
    await page.selectOption('#view', (await sessionOption.getAttribute('value'))!);
    await page.click('#entities button:text-is("Brannoch Tully")');
    await page.locator('#canon-vs-session .diff').waitFor();
    expect(await page.locator('#canon-vs-session .diff .added').count()).toBeGreaterThan(0);
    await poll(() => page.locator('#knowledge li').count()).toBeGreaterThan(0);
    shots.push(await browser.screenshot('world-session-view'));
    expect(await page.locator('main .error').count()).toBe(0);
    expect(browser.takeErrors()).toEqual([]);
  });

  it('retries a dead letter from the maintenance page', async () => {
    const { page } = browser;
    // The maintenance role answers non-JSON: a world simulation fails every attempt and is dead-lettered.
    expect((await call('POST', '/maintenance/trigger-simulation', { world_id: worldId })).status).toBe(202);
    let dead: Array<{ id: string; type: string }> = [];
    await poll(async () => {
      dead = (await call('GET', '/maintenance/dead-letters')).body.data;
      return dead.map((task) => task.type);
    }, 20_000).toContain('SIMULATE_WORLD');
    const task = dead.find((entry) => entry.type === 'SIMULATE_WORLD')!;
    const deadLettered = async () =>
      (await call('GET', '/llm/events?types=maintenance.dead_lettered&limit=500')).body.data.filter(
        (event: { data: { task_id: string } }) => event.data.task_id === task.id,
      ).length;
    expect(await deadLettered()).toBe(1);

    await page.goto(`${server.url}/#/maintenance`);
    await page.locator('#queue tbody tr').first().waitFor();
    const row = page.locator('#dead-letters tr', { hasText: task.id });
    await row.locator('button:text("Retry")').click();
    await poll(() => page.locator('#retry-message').textContent()).toContain(`Task ${task.id}`);
    expect(await page.locator('#retry-message').textContent()).toContain('pending again');
    // The task really ran again: it failed its attempts once more and was dead-lettered a second time.
    await poll(deadLettered, 20_000).toBe(2);
    shots.push(await browser.screenshot('maintenance-retried'));
    expect(await page.locator('main .error').count()).toBe(0);
    expect(browser.takeErrors()).toEqual([]);
  });

  it('draws usage over time as a chart, with the totals and the budgets', async () => {
    const { page } = browser;
    await page.goto(`${server.url}/#/usage`);
    await page.locator('#usage-chart canvas').waitFor();
    await poll(() => page.locator('#usage-groups tbody tr', { hasText: 'fake' }).count()).toBe(1);
    // The first series (the accent colour) is drawn: its line and points are on the canvas.
    await poll(() => page.evaluate(COUNT_SERIES_PIXELS)).toBeGreaterThan(30);
    expect(await page.locator('#budgets tbody tr', { hasText: 'daily_tokens' }).count()).toBe(1);
    expect(await page.locator('#budgets meter').first().getAttribute('value')).not.toBe('0');
    await page.selectOption('#group-by', 'role');
    await poll(() => page.locator('#usage-groups tbody tr', { hasText: 'generation' }).count()).toBe(1);
    shots.push(await browser.screenshot('usage-chart'));
    expect(browser.takeErrors()).toEqual([]);
  });

  it('previews a prompt, validates content and follows live events', async () => {
    const { page } = browser;
    await page.goto(`${server.url}/#/prompts`);
    await page.click('#prompts button:text-is("narrator")');
    await poll(() => page.locator('#prompt-versions tbody tr').count()).toBeGreaterThan(0);
    await page.click('button:text("Render")');
    await poll(() => page.locator('#render-result details').count()).toBeGreaterThan(0);
    expect(await page.locator('#render-result').textContent()).toContain('system');
    // The A/B statistics section answered (a table of calls, or that there are none yet).
    await page.locator('#prompt-stats, #prompt-stats-empty').first().waitFor();
    shots.push(await browser.screenshot('prompts-render'));

    await page.goto(`${server.url}/#/content`);
    await page.fill('#content-document', JSON.stringify({ name: '' }));
    await page.click('button:text("Validate")');
    await poll(() => page.locator('#findings tbody tr').count()).toBeGreaterThan(0);
    expect(await page.locator('#validation').textContent()).toContain('Not valid');
    shots.push(await browser.screenshot('content-validation'));

    await page.goto(`${server.url}/#/events`);
    await poll(() => page.locator('#socket-state').textContent()).toBe('live');
    expect(await page.locator('#stored-events li').count()).toBeGreaterThan(0);
    const posted = await call('POST', '/llm/events', {
      id: 'evt-dashboard-test-1',
      type: 'world.event',
      world_id: worldId,
      data: { name: 'The bells of Cinderwick ring at noon' },
    });
    expect(posted.status, JSON.stringify(posted.body)).toBeLessThan(300);
    await poll(() => page.locator('#live-events li').count()).toBeGreaterThan(0);
    shots.push(await browser.screenshot('events-live'));
    expect(await page.locator('main .error').count()).toBe(0);
    expect(browser.takeErrors()).toEqual([]);
  });

  it('shows a call from the call log with its prompt and answer, and replays it', async () => {
    const { page } = browser;
    const conversation = await call('POST', '/llm/conversation', { model: 'fake/fake-narrator' });
    expect(conversation.status).toBe(201);
    const said = await call('POST', `/llm/conversation/${conversation.body.id}/message`, {
      content: 'Tell me of the lantern fair',
    });
    expect(said.status).toBe(200);
    await page.goto(`${server.url}/#/calls`);
    const row = page.locator('#calls tbody tr', { hasText: 'conversation' }).first();
    await row.locator('button').click();
    await page.locator('#call-detail').waitFor();
    expect(await page.locator('#call-detail').textContent()).toContain('Tell me of the lantern fair');
    expect(await page.locator('#call-answer').textContent()).toContain('Fake reply to');
    await page.click('#replay');
    await poll(() => page.locator('#replay-answer').textContent(), 15_000).toContain('Fake reply to');
    expect(await page.locator('#call-detail').textContent()).toMatch(/call [0-9a-f-]{36}/);
    shots.push(await browser.screenshot('call-replayed'));
    expect(await page.locator('main .error').count()).toBe(0);
    expect(browser.takeErrors()).toEqual([]);
  });

  it('shows any gateway call (an OpenAI-compatible one) with its request, answer and cost, and replays it with a diff', async () => {
    const { page } = browser;
    const sent = await call('POST', '/v1/chat/completions', {
      model: 'fake/fake-narrator',
      messages: [
        { role: 'system', content: 'You narrate the salt roads.' },
        { role: 'user', content: 'Describe the toll house at Vell' },
      ],
      temperature: 0.3,
      max_tokens: 60,
    });
    expect(sent.status, JSON.stringify(sent.body)).toBe(200);
    const answer: string = sent.body.choices[0].message.content;
    await page.goto(`${server.url}/#/calls`);
    // The page may show the call log already (the test before): a fresh list has this call.
    await page.reload();
    // The newest plain chat call to the fake narrator (turns stream; background roles use other models).
    const row = page
      .locator('#calls tbody tr', { hasText: 'fake-narrator' })
      .filter({ has: page.locator('td:nth-child(4)', { hasText: /^chat$/ }) })
      .first();
    await row.waitFor();
    expect(await row.textContent()).toContain('yes');
    await row.locator('button').click();
    await page.locator('#call-detail').waitFor();
    const detail = await page.locator('#call-detail').textContent();
    expect(detail).toContain('You narrate the salt roads.');
    expect(detail).toContain('Describe the toll house at Vell');
    expect(detail).toMatch(/ms · \d+\/\d+ tokens · \$/);
    expect(await page.locator('#call-settings').textContent()).toContain('temperature: 0.3');
    expect(await page.locator('#call-answer').textContent()).toBe(answer);
    await page.click('#replay');
    await page.locator('#replay-diff').waitFor({ timeout: 15_000 });
    expect((await page.locator('#replay-answer').textContent())?.length).toBeGreaterThan(0);
    shots.push(await browser.screenshot('gateway-call-replayed'));
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

/** Runs in the page: how many pixels of the chart's canvas are the first series' colour (#a34a12). */
const COUNT_SERIES_PIXELS = `(() => {
  const canvas = document.querySelector('#usage-chart canvas');
  const context = canvas.getContext('2d');
  const { data } = context.getImageData(0, 0, canvas.width, canvas.height);
  let count = 0;
  for (let i = 0; i < data.length; i += 4)
    if (Math.abs(data[i] - 0xa3) < 12 && Math.abs(data[i + 1] - 0x4a) < 12 && Math.abs(data[i + 2] - 0x12) < 12 && data[i + 3] > 200)
      count++;
  return count;
})()`;

/** For each page: an element that shows once its data has loaded. */
const READY: Record<string, string> = {
  playground: '#world option',
  world: '#entities tbody tr',
  maintenance: '#queue tbody tr',
  usage: '#usage-chart canvas',
  calls: '#calls tbody tr',
  prompts: '#prompts tbody tr',
  content: '#themes, main[data-page="content"] p.muted',
  events: '#socket-state:text-is("live")',
};
