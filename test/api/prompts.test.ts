/**
 * The prompt API end to end over HTTP: a running Loremaster on the offline provider, its store on
 * SQLite and on PostgreSQL. Shipped templates are synced at start; versions, provider variants,
 * environment overrides, sticky A/B arms, feedback and stats, and the context builder are checked
 * through the routes a game would use.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { contentPromptName } from '../../src/content/prompts.js';
import { CONTENT_TYPES } from '../../src/content/schemas.js';
import { startLoremaster, type TestServer } from '../support/loremaster.js';
import { createTestDatabase, type TestDatabase } from '../support/postgres.js';

// biome-ignore lint/suspicious/noExplicitAny: response bodies are read field by field in assertions
type Json = Record<string, any>;

async function call(server: TestServer, method: string, path: string, body?: unknown) {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    ...(body !== undefined && { body: JSON.stringify(body) }),
    signal: AbortSignal.timeout(15_000),
  });
  const text = await response.text();
  return { status: response.status, json: (text ? JSON.parse(text) : {}) as Json };
}

describe.each(['sqlite', 'postgres'] as const)('prompt API on %s', (backend) => {
  let database: TestDatabase | undefined;
  let server: TestServer;
  let unavailable: unknown;

  beforeAll(async () => {
    try {
      if (backend === 'postgres') database = await createTestDatabase();
      server = await startLoremaster({
        env: database ? { DATABASE_URL: database.url } : {},
        // A session's context searches the world: the embedder's weights load at start, not in a test.
        config: { memory: { warm_up_embedder: true } },
      });
    } catch (error) {
      unavailable = error;
    }
  }, 120_000);
  // An unreachable database fails every test of its backend (CI must not pass by skipping them).
  beforeEach(() => {
    if (unavailable) throw unavailable;
  });
  afterAll(async () => {
    await server?.stop();
    await database?.drop();
  });

  it('lists the shipped templates, each synced from its file as version 1', async () => {
    const list = await call(server, 'GET', '/llm/prompts');
    expect(list.status).toBe(200);
    const names = list.json.data.map((p: Json) => p.name);
    expect(names).toEqual(expect.arrayContaining(['narrator', 'turn_analysis', 'turn_summary', 'rumor']));
    // The 15 files of prompts/ and the content service's template for each content type.
    const contentPrompts = CONTENT_TYPES.map(contentPromptName);
    expect(names).toEqual(expect.arrayContaining(contentPrompts));
    expect(names).toHaveLength(15 + contentPrompts.length);
    const narrator = await call(server, 'GET', '/llm/prompts/narrator');
    expect(narrator.json).toMatchObject({ name: 'narrator', active_version: 1 });
    expect(narrator.json.versions).toHaveLength(1);
    expect(narrator.json.versions[0]).toMatchObject({
      version: 1,
      active: true,
      variants: ['anthropic', 'local'],
    });
    expect(narrator.json.versions[0].created_by).toMatch(/^file:narrator\.yaml@[0-9a-f]{16}$/);
    // By id too.
    expect((await call(server, 'GET', `/llm/prompts/${narrator.json.id}`)).json.name).toBe('narrator');
    expect((await call(server, 'GET', '/llm/prompts/nope')).status).toBe(404);
  });

  it('previews a render: provider variant by model, environment override, no model call', async () => {
    const plain = await call(server, 'POST', '/llm/prompts/narrator/render', { sample: true });
    expect(plain.status).toBe(200);
    expect(plain.json).toMatchObject({
      prompt: 'narrator',
      version: 1,
      variant: '',
      environment: '',
      arm: '',
    });
    expect(plain.json.messages[0].content).toContain('<panel>');
    expect(plain.json.messages[1].content).toContain('I ask Mira about the drowned bell.');
    const anthropic = await call(server, 'POST', '/llm/prompts/narrator/render', {
      sample: true,
      model: 'anthropic/claude-haiku-4-5',
    });
    expect(anthropic.json).toMatchObject({ provider: 'anthropic', variant: 'anthropic' });
    expect(anthropic.json.messages[0].content).toContain('<facts>');
    const dev = await call(server, 'POST', '/llm/prompts/narrator/render', {
      sample: true,
      environment: 'development',
    });
    expect(dev.json).toMatchObject({ environment: 'development', temperature: 0 });
    expect(plain.json.temperature).toBe(0.8);
  });

  it('names a missing or wrong variable', async () => {
    const missing = await call(server, 'POST', '/llm/prompts/note_rewrite/render', {
      variables: { entity_name: 'Mira', entity_type: 'character' },
    });
    expect(missing.status).toBe(400);
    expect(missing.json.error).toMatchObject({
      code: 'template_variable',
      message: 'variable new_information is required (expected a string)',
    });
    const wrong = await call(server, 'POST', '/llm/prompts/world_simulation/render', {
      sample: true,
      variables: { turn: 'twenty' },
    });
    expect(wrong.status).toBe(400);
    expect(wrong.json.error.message).toMatch(/^variable turn: .*expected an integer/);
  });

  it('refuses hostile templates when saved, and stops them when rendered', async () => {
    const include = await call(server, 'POST', '/llm/prompts', {
      name: 'sneaky',
      user: '{% include "/etc/passwd" %}',
    });
    expect(include.status).toBe(400);
    expect(include.json.error).toMatchObject({ code: 'template_syntax' });
    expect(include.json.error.message).toMatch(/include %} is not allowed: templates cannot read files/);
    const undeclared = await call(server, 'POST', '/llm/prompts', { name: 'sneaky', user: '{{ env }}' });
    expect(undeclared.status).toBe(400);
    expect(undeclared.json.error.message).toMatch(/reads variable env, which is not declared/);
    expect((await call(server, 'GET', '/llm/prompts/sneaky')).status).toBe(404);

    const loop = await call(server, 'POST', '/llm/prompts', {
      name: 'loop',
      variables: { n: { type: 'integer' } },
      sample: { n: 1 },
      user: '{% for i in (1..n) %}{% for j in (1..n) %}{{ i }}{% endfor %}{% endfor %}',
    });
    expect(loop.status).toBe(201);
    const small = await call(server, 'POST', '/llm/prompts/loop/render', { variables: { n: 3 } });
    expect(small.json.messages[0].content).toBe('111222333');
    const huge = await call(server, 'POST', '/llm/prompts/loop/render', { variables: { n: 100_000 } });
    expect(huge.status).toBe(400);
    expect(huge.json.error.code).toBe('template_limit');
  });

  it('refuses a bad definition, naming the field', async () => {
    const cases: Array<[Json, RegExp]> = [
      [{ name: 'bad', user: 'x', bogus: 1 }, /unknown field\(s\) bogus/],
      [{ user: 'x' }, /name:/],
      [{ name: 'bad', user: 'x', output: 'json' }, /json_schema: a JSON prompt needs a json_schema/],
      [
        { name: 'bad', user: 'x', output: 'json', json_schema: { type: 'object', required: 'mood' } },
        /json_schema: not a usable JSON Schema: schema is invalid: data\/required must be array/,
      ],
      [{ name: 'bad', user: 'x', variables: { a: { type: 'strin' } } }, /variables\.a\.type:/],
      [
        { name: 'bad', user: '{{ a }}', variables: { a: { type: 'string' } }, sample: { a: 1 } },
        /sample: variable a:/,
      ],
      [{ name: 'bad', user: '{% if %}' }, /template syntax error/],
    ];
    for (const [body, message] of cases) {
      const response = await call(server, 'POST', '/llm/prompts', body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(response.json.error.message).toMatch(message);
    }
    expect((await call(server, 'GET', '/llm/prompts/bad')).status).toBe(404);
  });

  it('keeps immutable versions with one active; activation and explicit versions select', async () => {
    const greeting = {
      name: 'greeting',
      variables: { who: { type: 'string' } },
      sample: { who: 'Mira' },
      user: 'Hello {{ who }}.',
    };
    const v1 = await call(server, 'POST', '/llm/prompts', greeting);
    expect(v1.status).toBe(201);
    expect(v1.json).toMatchObject({
      name: 'greeting',
      active_version: 1,
      version: { version: 1, created_by: 'api' },
    });
    const v2 = await call(server, 'POST', '/llm/prompts', { ...greeting, user: 'Well met, {{ who }}!' });
    expect(v2.json).toMatchObject({ active_version: 2, version: { version: 2, active: true } });
    const v3 = await call(server, 'POST', '/llm/prompts', {
      ...greeting,
      user: 'Draft {{ who }}',
      activate: false,
    });
    expect(v3.json).toMatchObject({ active_version: 2, version: { version: 3, active: false } });

    const render = async (body: Json = {}) =>
      (await call(server, 'POST', '/llm/prompts/greeting/render', { sample: true, ...body })).json;
    expect((await render()).messages[0].content).toBe('Well met, Mira!');
    expect((await render({ version: 1 })).messages[0].content).toBe('Hello Mira.');
    expect((await render({ version: 3 })).messages[0].content).toBe('Draft Mira');
    expect((await call(server, 'POST', '/llm/prompts/greeting/render', { version: 9 })).status).toBe(404);

    const activated = await call(server, 'POST', '/llm/prompts/greeting/activate', { version: 1 });
    expect(activated.json.active_version).toBe(1);
    expect((await render()).messages[0].content).toBe('Hello Mira.');
    const detail = await call(server, 'GET', '/llm/prompts/greeting');
    expect(detail.json.versions.map((v: Json) => [v.version, v.active, v.definition.user])).toEqual([
      [1, true, 'Hello {{ who }}.'],
      [2, false, 'Well met, {{ who }}!'],
      [3, false, 'Draft {{ who }}'],
    ]);
  });

  it('runs a JSON prompt through the model and records the version with the call', async () => {
    await server.store.callLog.flush();
    const before = await server.store.calls.count();
    const run = await call(server, 'POST', '/llm/prompts/turn_analysis/complete', { sample: true });
    expect(run.status).toBe(200);
    // One row per call: the gateway logs it, with the prompt its meta names.
    await server.store.callLog.flush();
    expect(await server.store.calls.count()).toBe(before + 1);
    const row = await server.store.calls.get(run.json.call_id);
    expect(row).toMatchObject({ call_type: 'prompt', prompt_version: 1, prompt_arm: '', status: 'ok' });
    expect(run.json).toMatchObject({ prompt: 'turn_analysis', version: 1, provider: 'offline' });
    expect(Array.isArray(run.json.json.updates)).toBe(true);
    expect(Array.isArray(run.json.json.creations)).toBe(true);
    const feedback = await call(server, 'POST', '/llm/feedback', { call_id: run.json.call_id, rating: 4 });
    expect(feedback.status).toBe(201);
    expect(feedback.json.prompt).toMatchObject({ version: 1, variant: '', arm: '' });
    const stats = await call(server, 'GET', '/llm/prompts/turn_analysis/stats');
    expect(stats.json.data).toEqual([
      {
        version: 1,
        variant: '',
        arm: '',
        calls: 1,
        errors: 0,
        feedback: 1,
        mean_rating: 4,
        positive: 1,
        negative: 0,
      },
    ]);
  });

  it('A/B arms stick to a session, are recorded with each call, and feed per-arm stats', async () => {
    const created = await call(server, 'POST', '/llm/prompts', {
      name: 'ab_greeting',
      variables: { who: { type: 'string' } },
      sample: { who: 'Mira' },
      user: 'Hello {{ who }}.',
      ab: [
        { name: 'plain', weight: 1 },
        { name: 'warm', weight: 1, user: 'A warm welcome, {{ who }}!' },
      ],
    });
    expect(created.status).toBe(201);
    const armOf = new Map<string, string>();
    const calls: Array<{ id: string; arm: string }> = [];
    for (let session = 0; session < 16; session += 1) {
      for (let repeat = 0; repeat < 3; repeat += 1) {
        const run = await call(server, 'POST', '/llm/prompts/ab_greeting/complete', {
          sample: true,
          session_id: `session-${session}`,
        });
        expect(run.status).toBe(200);
        const arm = run.json.arm as string;
        if (repeat === 0) armOf.set(`session-${session}`, arm);
        else expect(arm).toBe(armOf.get(`session-${session}`));
        calls.push({ id: run.json.call_id, arm });
      }
    }
    expect(new Set(armOf.values())).toEqual(new Set(['plain', 'warm']));
    // The preview picks the same arm for the same session.
    const preview = await call(server, 'POST', '/llm/prompts/ab_greeting/render', {
      sample: true,
      session_id: 'session-0',
    });
    expect(preview.json.arm).toBe(armOf.get('session-0'));

    for (const { id, arm } of calls) {
      const body = arm === 'warm' ? { call_id: id, thumbs: 'up' } : { call_id: id, thumbs: 'down' };
      const feedback = await call(server, 'POST', '/llm/feedback', body);
      expect(feedback.status).toBe(201);
      expect(feedback.json.prompt.arm).toBe(arm);
    }
    const stats = await call(server, 'GET', '/llm/prompts/ab_greeting/stats');
    expect(stats.status).toBe(200);
    const byArm = Object.fromEntries(stats.json.data.map((row: Json) => [row.arm, row]));
    const warmCalls = calls.filter((c) => c.arm === 'warm').length;
    expect(byArm.warm).toMatchObject({ version: 1, calls: warmCalls, feedback: warmCalls, mean_rating: 5 });
    expect(byArm.warm.positive).toBe(warmCalls);
    expect(byArm.plain).toMatchObject({ calls: 48 - warmCalls, negative: 48 - warmCalls, mean_rating: 1 });
  });

  it('a failed model call is answered with its error and counted in the stats', async () => {
    const failed = await call(server, 'POST', '/llm/prompts/rumor/complete', {
      sample: true,
      model: 'openai',
      session_id: 'no-key',
    });
    expect(failed.status).toBe(503);
    expect(failed.json.error.code).toBe('provider_not_configured');
    const stats = await call(server, 'GET', '/llm/prompts/rumor/stats');
    expect(stats.json.data).toHaveLength(1);
    expect(stats.json.data[0]).toMatchObject({
      version: 1,
      calls: 1,
      errors: 1,
      feedback: 0,
      mean_rating: null,
    });
  });

  it('feedback needs a known call and exactly one of rating or thumbs', async () => {
    expect(
      (await call(server, 'POST', '/llm/feedback', { call_id: 'nope', rating: 5 })).json.error.code,
    ).toBe('call_not_found');
    const both = await call(server, 'POST', '/llm/feedback', { call_id: 'x', rating: 5, thumbs: 'up' });
    expect(both.status).toBe(400);
    expect(both.json.error.message).toMatch(/either rating \(1-5\) or thumbs/);
    expect((await call(server, 'POST', '/llm/feedback', { call_id: 'x', rating: 9 })).status).toBe(400);
  });

  it('GET /llm/context shows what fits the budget and what is dropped, by priority', async () => {
    const roomy = await call(server, 'GET', '/llm/context/narrator?sample=true&budget_tokens=4000');
    expect(roomy.status).toBe(200);
    expect(roomy.json).toMatchObject({
      object: 'context',
      prompt: 'narrator',
      budget_tokens: 4000,
      dropped: [],
    });
    expect(roomy.json.included[0]).toMatchObject({ section: 'system', id: 'template' });
    const sections = new Set(roomy.json.included.map((e: Json) => e.section));
    expect(sections).toEqual(
      new Set(['system', 'character', 'game_state', 'notes', 'recent_turns', 'world_facts', 'lore']),
    );
    const total = roomy.json.included.reduce((sum: number, e: Json) => sum + e.tokens, 0);
    expect(total).toBe(roomy.json.used_tokens);

    const tight = await call(
      server,
      'GET',
      `/llm/context/narrator?sample=true&budget_tokens=${roomy.json.template_tokens + 40}`,
    );
    expect(tight.status).toBe(200);
    expect(tight.json.used_tokens).toBeLessThanOrEqual(tight.json.budget_tokens);
    const dropped = tight.json.dropped.map((e: Json) => e.section);
    expect(dropped).toContain('lore');
    // Higher-priority sections are kept before lower ones.
    const kept = tight.json.included.map((e: Json) => e.section);
    expect(kept).toContain('game_state');
    expect(tight.json.messages[0].content).not.toContain('The drowned chapel');
  });

  it('GET /llm/context reads the world and the character from the store; with a session, it is what the turn sends', async () => {
    const store = server.store;
    const world = await store.worlds.createWorld({
      name: 'Karsk',
      description: 'A mining town under the ice.',
    });
    const hero = await store.worlds.createEntity(world.id, {
      kind: 'character',
      name: 'Ilse',
      data: { traits: ['brave'] },
      summary: 'A young ice-cutter.',
      changedBy: 'import',
    });
    await store.worlds.createEntity(world.id, {
      kind: 'character',
      name: 'Borin',
      data: {},
      summary: 'Borin sells lamp oil at the gate.',
      changedBy: 'import',
    });
    await store.context.set('world', world.id, 'lore', [
      { title: 'The gate', text: 'The gate of Karsk is sealed at night.' },
    ]);
    const query = new URLSearchParams({
      world_id: world.id,
      character_id: hero.entity.id,
      input: 'I knock on the gate.',
      budget_tokens: '3000',
    });
    const built = await call(server, 'GET', `/llm/context/narrator?${query}`);
    expect(built.status, JSON.stringify(built.json)).toBe(200);
    const system = built.json.messages[0].content as string;
    expect(system).toContain('Karsk');
    expect(system).toContain('Ilse');
    expect(system).toContain('Borin sells lamp oil');
    expect(system).toContain('The gate of Karsk is sealed at night.');

    // A session's narrator context is the one its next turn sends: its notes, state and turns.
    const session = await store.sessions.create({
      worldId: world.id,
      metadata: { notes: ['Ilse owes Borin ten coins.'], state: { time: 'night' } },
    });
    const turn = await store.sessions.addTurn(session.id, {
      input: 'I walk to the gate.',
      output: 'The gate is shut.',
    });
    expect(turn.number).toBe(1);
    const next = await call(
      server,
      'GET',
      `/llm/context/narrator?${new URLSearchParams({ session_id: session.id, input: 'I knock on the gate.' })}`,
    );
    expect(next.status, JSON.stringify(next.json)).toBe(200);
    const sent = JSON.stringify(next.json.messages);
    expect(sent).toContain('Karsk');
    expect(sent).toContain('Ilse owes Borin ten coins.');
    expect(sent).toContain('night');
    expect(sent).toContain('I knock on the gate.');
    expect(sent).toContain('The gate is shut.');
  });

  it("a turn's narrator call counts in the narrator prompt's statistics, with its version", async () => {
    const world = await call(server, 'POST', '/worlds', { name: 'Stat Harbour' });
    const session = await call(server, 'POST', `/worlds/${world.json.id}/sessions`, {});
    const before = await call(server, 'GET', '/llm/prompts/narrator/stats');
    const callsBefore = before.json.data.reduce((sum: number, row: Json) => sum + row.calls, 0);
    const turn = await call(server, 'POST', `/sessions/${session.json.id}/turns`, {
      input: 'I look around.',
    });
    expect(turn.status).toBe(201);
    await server.store.callLog.flush();
    const after = await call(server, 'GET', '/llm/prompts/narrator/stats');
    expect(after.status).toBe(200);
    expect(after.json.data.reduce((sum: number, row: Json) => sum + row.calls, 0)).toBe(callsBefore + 1);
    expect(after.json.data[0]).toMatchObject({ version: 1, variant: '', arm: '', errors: 0 });
  });
});

describe('LOREMASTER_ENV', () => {
  let server: TestServer | undefined;
  afterAll(async () => {
    await server?.stop();
  });

  it("picks each prompt's environment override for the server's environment", async () => {
    const before = process.env.LOREMASTER_ENV;
    process.env.LOREMASTER_ENV = 'development';
    try {
      server = await startLoremaster();
    } finally {
      if (before === undefined) delete process.env.LOREMASTER_ENV;
      else process.env.LOREMASTER_ENV = before;
    }
    const rendered = await call(server, 'POST', '/llm/prompts/narrator/render', { sample: true });
    expect(rendered.json).toMatchObject({ environment: 'development', temperature: 0 });
    // A prompt without a development override keeps its own parameters.
    const rumor = await call(server, 'POST', '/llm/prompts/rumor/render', { sample: true });
    expect(rumor.json).toMatchObject({ environment: '', temperature: 1 });
  });
});
