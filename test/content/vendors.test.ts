/**
 * The content service through real vendor wire formats: the fake upstream answers as OpenAI, Anthropic,
 * Mistral and an OpenAI-compatible server would, with documents a test scripts. Each content type comes
 * back validated through each vendor (asked with its JSON schema); a vendor that writes a theme's banned
 * word is asked again with the finding and its clean answer kept, or, when it keeps the word, the word is
 * scrubbed; a character whose numbers break the rules is repaired without another call; an answer that
 * is not the document is asked again; one that never is gives a 422 naming the failure.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_TYPES, type ContentType } from '../../src/content/schemas.js';
import { call } from '../narrative/support.js';
import { type FakeUpstream, startFakeUpstream } from '../support/fake-upstream.js';
import { startLoremaster, type TestServer } from '../support/loremaster.js';
import { VENDOR_KEYS, VENDORS, vendorProviders } from '../support/vendors.js';
import { fighter } from './fixtures.js';

// biome-ignore lint/suspicious/noExplicitAny: vendors' request bodies, read as JSON
type Json = Record<string, any>;

let fake: FakeUpstream;
let server: TestServer;
/** A valid document of each type, as the offline provider writes it. */
const documents = new Map<ContentType, Json>();

beforeAll(async () => {
  fake = await startFakeUpstream();
  server = await startLoremaster({
    env: VENDOR_KEYS,
    config: {
      providers: vendorProviders(fake.url, 30_000),
      gateway: { cache: { enabled: false } },
    },
  });
  for (const type of CONTENT_TYPES) {
    const offline = await call(server.url, 'POST', `/content/${type}`, { model: 'offline' });
    expect(offline.status, JSON.stringify(offline.body)).toBe(200);
    expect(offline.body.provider).toBe('offline');
    documents.set(type, offline.body.content);
  }
}, 120_000);

afterAll(async () => {
  await server?.stop();
  await fake?.close();
}, 60_000);

/** The chat requests the fake received since `before` (its ring keeps the last 50). */
function chatRequestsSince(before: number) {
  return fake
    .lastRequests()
    .slice(-(fake.stats().total - before))
    .filter((request) => /\/(chat\/completions|messages)$/.test(request.path));
}

/** The JSON schema a chat request asked for, wherever its vendor's format puts it. */
function schemaAskedFor(body: Json): Json | undefined {
  if (body.response_format?.type === 'json_schema') return body.response_format.json_schema?.schema;
  if (body.output_format?.type === 'json_schema') return body.output_format.schema;
  if (body.output_config?.format?.type === 'json_schema') return body.output_config.format.schema;
  // Anthropic without output_config: a forced tool whose input is the document.
  if (body.tool_choice?.type === 'tool' || body.tool_choice?.type === 'any')
    return body.tools?.find((tool: Json) => tool.name === (body.tool_choice.name ?? 'json'))?.input_schema;
  return undefined;
}

describe('each content type through each vendor', () => {
  for (const vendor of VENDORS) {
    it.each(CONTENT_TYPES)(`${vendor.name}: %s comes back validated`, async (type) => {
      const document = documents.get(type)!;
      fake.reset();
      fake.scriptAnswers(JSON.stringify(document));
      const response = await call(server.url, 'POST', `/content/${type}`, { model: vendor.name });
      expect(response.status, JSON.stringify(response.body)).toBe(200);
      const { body } = response;
      expect(body.provider).toBe(vendor.name);
      expect(body.model).toBe(vendor.model);
      expect(body.validation).toMatchObject({ valid: true, attempts: 1 });
      expect(body.content).toEqual(document);
      const requests = chatRequestsSince(0);
      expect(requests).toHaveLength(1);
      const sent = requests[0]!.body as Json;
      expect(sent.model).toBe(vendor.model);
      // Asked with the document's own schema, in the vendor's way of asking.
      const schema = schemaAskedFor(sent);
      expect(schema?.title).toBe(`loremaster.content.${type}`);
      expect(Object.keys(schema?.properties ?? {})).toContain('name');
    });
  }
});

describe('themes and rules hold against a vendor', () => {
  let themeId: string;

  beforeAll(async () => {
    const theme = await call(server.url, 'POST', '/themes', {
      name: 'Old Harrowmere',
      description: 'A drowned river valley before powder and steam.',
      tone: 'sombre',
      banned_words: ['gunpowder'],
      anachronisms: ['pistol'],
    });
    expect(theme.status, JSON.stringify(theme.body)).toBe(201);
    themeId = theme.body.id;
  });

  function withBackstory(backstory: string): string {
    return JSON.stringify({ ...fighter(), backstory });
  }
  const banned =
    'Brenna Hallow served eight winters on the river wall, and learned to pack gunpowder for the ' +
    'toll-bridge cannon before the flood took the lower town.';
  const clean =
    'Brenna Hallow served eight winters on the river wall of Harrowmere before the flood took the lower ' +
    'town, and now keeps the names of the drowned.';

  it('a banned word in the answer is sent back as a finding, and the clean second answer is kept', async () => {
    fake.reset();
    fake.scriptAnswers(withBackstory(banned), withBackstory(clean));
    const response = await call(server.url, 'POST', '/content/character', {
      model: 'openai',
      theme_id: themeId,
    });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    const { body } = response;
    expect(body.validation).toMatchObject({ valid: true, attempts: 2 });
    expect(body.content.backstory).toBe(clean);
    expect(JSON.stringify(body.content)).not.toMatch(/gunpowder/i);
    const requests = chatRequestsSince(0);
    expect(requests).toHaveLength(2);
    // The second ask carries the finding: where the word was, so the model can fix it.
    const second = JSON.stringify(requests[1]!.body);
    expect(second).toMatch(/\$\.backstory/);
    expect(second).toMatch(/gunpowder/);
  });

  it('a vendor that keeps the banned word has it scrubbed after the bounded attempts', async () => {
    fake.reset();
    fake.scriptAnswers(withBackstory(banned), withBackstory(banned), withBackstory(banned));
    const response = await call(server.url, 'POST', '/content/character', {
      model: 'anthropic',
      theme_id: themeId,
    });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    const { body } = response;
    expect(body.validation.valid).toBe(true);
    expect(body.validation.attempts).toBe(3);
    expect(JSON.stringify(body.content)).not.toMatch(/gunpowder/i);
    expect(body.validation.repairs).toEqual(
      expect.arrayContaining([expect.objectContaining({ path: '$.backstory' })]),
    );
    expect(chatRequestsSince(0)).toHaveLength(3);
  });

  it('a character whose numbers break the rules is repaired from the rules, with no second call', async () => {
    fake.reset();
    fake.scriptAnswers(
      JSON.stringify({ ...fighter(), hit_points: 40, proficiency_bonus: 4, saving_throws: ['DEX', 'CHA'] }),
    );
    const response = await call(server.url, 'POST', '/content/character', { model: 'mistral' });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    const { body } = response;
    expect(body.content).toMatchObject({
      hit_points: 12,
      proficiency_bonus: 2,
      saving_throws: ['STR', 'CON'],
    });
    const repaired = body.validation.repairs.map((repair: { path: string }) => repair.path);
    expect(repaired).toEqual(
      expect.arrayContaining(['$.hit_points', '$.proficiency_bonus', '$.saving_throws']),
    );
    expect(body.validation.attempts).toBe(1);
    expect(chatRequestsSince(0)).toHaveLength(1);
  });

  it('an answer that is not the document is asked again; one that never is gives a 422 naming why', async () => {
    fake.reset();
    fake.scriptAnswers('I would rather not.', JSON.stringify(documents.get('item')));
    const recovered = await call(server.url, 'POST', '/content/item', { model: 'local' });
    expect(recovered.status, JSON.stringify(recovered.body)).toBe(200);
    expect(recovered.body.content).toEqual(documents.get('item'));

    fake.reset();
    fake.scriptAnswers(...Array.from({ length: 12 }, () => JSON.stringify({ name: 'Nothing Else' })));
    const failed = await call(server.url, 'POST', '/content/item', { model: 'openai' });
    expect(failed.status).toBe(422);
    expect(failed.body.error.message).toMatch(/item|schema|rarity/i);
    expect(JSON.stringify(failed.body)).not.toMatch(/at .*\.ts:\d+/);
  });
});
