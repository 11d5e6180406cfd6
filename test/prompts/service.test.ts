/**
 * The prompt service on its own, on a real SQLite file and the real gateway (offline provider): what
 * the HTTP suite (test/api/prompts.test.ts) does not reach: opening on a folder that will not sync,
 * closing stops the watcher, given variables win over the sample ones, a completion's call is logged
 * once by the gateway's call accounting (as a prompt run, with its session and the gateway's cost; a
 * failed one too), and feedback and statistics find calls still in the call log's buffer.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger, loadConfig, type Settings } from '../../src/config/index.js';
import { accountCalls, createGateway, type Gateway } from '../../src/gateway/index.js';
import { CallNotFoundError, PromptService, SHIPPED_PROMPTS_DIR } from '../../src/prompts/index.js';
import { OFFLINE_MODEL } from '../../src/providers/offline/index.js';
import { openStore, type Store } from '../../src/store/index.js';

/** USD per million tokens. */
const PRICE = { input: 3, output: 15 };

describe('PromptService', () => {
  let dir: string;
  let promptsDir: string;
  let store: Store;
  let gateway: Gateway;
  let settings: Settings;
  let prompts: PromptService;

  const rumorFile = () => join(promptsDir, 'rumor.yaml');

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'loremaster-prompt-service-'));
    promptsDir = join(dir, 'prompts');
    mkdirSync(promptsDir);
    writeFileSync(rumorFile(), readFileSync(join(SHIPPED_PROMPTS_DIR, 'rumor.yaml')));
    const config = loadConfig({
      env: {},
      overrides: {
        'database.sqlite_path': join(dir, 'db.sqlite'),
        // The offline model is free: priced here, a prompt run's cost shows it comes from the gateway.
        'gateway.usage.pricing': { [`offline/${OFFLINE_MODEL}`]: PRICE },
      },
    });
    settings = config.settings;
    store = await openStore(settings.database);
    gateway = await createGateway({ settings, secrets: config.secrets, logger: createLogger('silent') });
    // As the server and the worker wire it: the call log is written from the gateway's events.
    accountCalls(gateway.bus, store.callLog, { bodies: settings.database.call_log.bodies.enabled });
    prompts = await PromptService.open({ gateway, store, settings, directory: promptsDir });
  });
  afterAll(async () => {
    await prompts?.close();
    await gateway?.close();
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('opens on the folder it is given, each file synced as version 1', async () => {
    expect((await prompts.list()).map((prompt) => prompt.name)).toEqual(['rumor']);
    const { prompt, versions } = await prompts.withVersions('rumor');
    expect(prompt.activeVersion).toBe(1);
    expect(versions.map((version) => version.createdBy)).toEqual([
      expect.stringMatching(/^file:rumor.yaml@/),
    ]);
  });

  it('refuses to open on a folder with a template that does not compile', async () => {
    const broken = join(dir, 'broken');
    mkdirSync(broken);
    writeFileSync(
      join(broken, 'bad.yaml'),
      readFileSync(rumorFile(), 'utf8').replace('name: rumor', 'name: bad').replace('{{ world_name }}', '{{'),
    );
    await expect(PromptService.open({ gateway, store, settings, directory: broken })).rejects.toThrow();
    expect((await prompts.list()).map((prompt) => prompt.name)).not.toContain('bad');
  });

  it('watches its folder while open, and no longer once closed', async () => {
    const watchedDir = join(dir, 'watched');
    mkdirSync(watchedDir);
    const file = join(watchedDir, 'omen.yaml');
    const omen = readFileSync(rumorFile(), 'utf8').replace('name: rumor', 'name: omen');
    writeFileSync(file, omen);
    const watched = await PromptService.open({
      gateway,
      store,
      settings,
      directory: watchedDir,
      watch: true,
    });
    const versionsOf = async () => (await watched.withVersions('omen')).versions.length;
    try {
      expect(await versionsOf()).toBe(1);
      writeFileSync(file, omen.replace('You write rumors', 'You invent rumors'));
      const deadline = Date.now() + 10_000;
      while ((await versionsOf()) < 2) {
        if (Date.now() > deadline) expect.fail('the watcher did not sync the changed file in 10 s');
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    } finally {
      await watched.close();
    }
    writeFileSync(file, omen.replace('You write rumors', 'You whisper rumors'));
    // The watcher waits 200 ms after a change before it syncs: well past that, nothing came.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(await versionsOf()).toBe(2);
  });

  it('renders with the sample variables under the given ones', async () => {
    const prepared = await prompts.render('rumor', {
      sample: true,
      variables: { about: 'the lighthouse keeper' },
    });
    const text = prepared.rendered.messages.map((message) => message.content).join('\n');
    expect(text).toContain('the lighthouse keeper');
    expect(text).not.toContain('the drowned bell');
    // From the sample, not given:
    expect(text).toContain('The Gilded Stag inn');
    await expect(prompts.render('rumor', { variables: {} })).rejects.toThrow(/world_name/);
  });

  it('logs a completion once, under its call id, as a prompt run with its session, version and cost', async () => {
    const before = (await store.calls.list({ limit: 500 })).length;
    const run = await prompts.complete('rumor', { sample: true, sessionId: 'session-1' });
    expect(run.result.text.length).toBeGreaterThan(0);
    await store.callLog.flush();
    const all = await store.calls.list({ limit: 500 });
    // One call, one row: nobody else logs it.
    expect(all.length - before).toBe(1);
    const rows = all.filter((row) => row.id === run.callId);
    expect(rows).toHaveLength(1);
    const row = rows[0]!;
    expect(row).toMatchObject({
      call_type: 'prompt',
      session_id: 'session-1',
      conversation_id: null,
      prompt_id: run.prompt.promptId ?? null,
      prompt_version: 1,
      prompt_variant: run.rendered.selection.variant,
      prompt_arm: run.rendered.selection.arm,
      provider: 'offline',
      status: 'ok',
      input_tokens: run.result.usage.inputTokens,
      output_tokens: run.result.usage.outputTokens,
    });
    const cost =
      (run.result.usage.inputTokens * PRICE.input + run.result.usage.outputTokens * PRICE.output) / 1e6;
    expect(row.cost).toBeGreaterThan(0);
    expect(row.cost).toBeCloseTo(cost, 10);
    // With its request and answer (the list leaves bodies out).
    const kept = await store.calls.get(run.callId);
    expect(JSON.parse(kept?.request as string)).toMatchObject({
      kind: 'chat',
      messages: run.rendered.messages,
    });
    expect(kept?.response).toBe(run.result.text);
  });

  it('logs a failed completion once, as a prompt run, with the failure', async () => {
    const before = (await store.calls.list({ limit: 500 })).length;
    // The OpenAI provider routes but has no key: refused before any provider is asked.
    await expect(
      prompts.complete('rumor', { sample: true, sessionId: 'session-2', model: 'openai/gpt-4o-mini' }),
    ).rejects.toMatchObject({ code: 'provider_not_configured' });
    await store.callLog.flush();
    const all = await store.calls.list({ limit: 500 });
    expect(all.length - before).toBe(1);
    expect(all.find((row) => row.session_id === 'session-2')).toMatchObject({
      call_type: 'prompt',
      provider: 'openai',
      model: 'openai/gpt-4o-mini',
      prompt_version: 1,
      status: 'error',
      error_code: 'provider_not_configured',
      error_message: expect.any(String),
      cost: 0,
    });
  });

  it('takes feedback on a call still in the call log buffer; thumbs down counts as 1', async () => {
    const run = await prompts.complete('rumor', { sample: true });
    // No flush: the call may still be in the buffer.
    const rated = await prompts.addFeedback({ callId: run.callId, thumbs: 'down', comment: 'too tame' });
    expect(rated.rating).toBe(1);
    expect(rated.call.id).toBe(run.callId);
    expect(rated.feedback).toMatchObject({
      targetType: 'call',
      targetId: run.callId,
      rating: 1,
      comment: 'too tame',
      metadata: { kind: 'thumbs', thumbs: 'down' },
    });
    const scored = await prompts.addFeedback({ callId: run.callId, rating: 4 });
    expect(scored.feedback.metadata).toEqual({ kind: 'rating' });
    await expect(prompts.addFeedback({ callId: 'no-such-call', rating: 5 })).rejects.toBeInstanceOf(
      CallNotFoundError,
    );
  });

  it('counts calls still in the call log buffer in the statistics', async () => {
    const before = await prompts.stats('rumor');
    const calls = (rows: typeof before.rows) => rows.reduce((sum, row) => sum + row.calls, 0);
    await prompts.complete('rumor', { sample: true });
    const after = await prompts.stats('rumor');
    expect(after.prompt.name).toBe('rumor');
    expect(calls(after.rows)).toBe(calls(before.rows) + 1);
  });
});
