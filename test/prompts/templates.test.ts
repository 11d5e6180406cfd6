/**
 * The shipped templates and the sandboxed engine: every template in prompts/ renders with its sample
 * variables (and with only its required ones), for every provider variant; the JSON ones, answered by
 * the offline provider through the gateway, give JSON valid against their schema; hostile templates
 * are stopped with an error that says why; bad variables are named.
 */
import { Ajv } from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger, loadConfig } from '../../src/config/index.js';
import { createGateway, type Gateway } from '../../src/gateway/index.js';
import {
  CompiledPrompt,
  checkDefinition,
  minimalVariables,
  readPromptDirectory,
  TemplateEngine,
  TemplateError,
} from '../../src/prompts/index.js';

const files = readPromptDirectory();
const engine = new TemplateEngine();
const engines = [engine];
/** An engine closed after the tests (its render threads stopped). */
function newEngine(...args: ConstructorParameters<typeof TemplateEngine>): TemplateEngine {
  const created = new TemplateEngine(...args);
  engines.push(created);
  return created;
}
afterAll(async () => {
  await Promise.all(engines.map((each) => each.close()));
});
const PROVIDERS = [
  undefined,
  { name: 'openai', kind: 'openai' },
  { name: 'anthropic', kind: 'anthropic' },
  { name: 'mistral', kind: 'mistral' },
  { name: 'ollama', kind: 'openai-compatible' },
];

function compiled(name: string): CompiledPrompt {
  const file = files.find((f) => f.definition.name === name);
  if (!file) throw new Error(`no shipped prompt ${name}`);
  return new CompiledPrompt(name, 1, file.definition, engine);
}

describe('shipped templates', () => {
  it('ship every content type of the issue', () => {
    expect(files.map((f) => f.definition.name).sort()).toEqual(
      [
        'campaign_plot',
        'character',
        'dialogue_line',
        'entity_creation',
        'item',
        'location',
        'narrator',
        'note_rewrite',
        'npc',
        'quest',
        'rumor',
        'turn_analysis',
        'turn_summary',
        'world_description',
        'world_simulation',
      ].sort(),
    );
  });

  describe.each(files.map((f) => [f.definition.name, f] as const))('%s', (name, file) => {
    it('declares every variable it reads, and its sample is valid', () => {
      expect(() => checkDefinition(file.definition, engine)).not.toThrow();
      expect(Object.keys(file.definition.sample).length).toBeGreaterThan(0);
    });

    it('renders its sample variables for every provider variant, without leftover Liquid', async () => {
      const prompt = compiled(name);
      for (const provider of PROVIDERS) {
        const rendered = await prompt.render(file.definition.sample, { provider });
        const user = rendered.messages.at(-1)!;
        expect(user.role).toBe('user');
        expect(user.content.length).toBeGreaterThan(10);
        for (const message of rendered.messages) expect(message.content).not.toMatch(/{{|{%|%}|}}/);
      }
    });

    it('renders with only its required variables', async () => {
      const prompt = compiled(name);
      const minimal = minimalVariables(file.definition.variables, file.definition.sample);
      const rendered = await prompt.render(minimal);
      expect(rendered.messages.at(-1)!.content.length).toBeGreaterThan(0);
    });
  });

  it('narrator asks for the embedded panel, and its Anthropic variant uses XML sections', async () => {
    const prompt = compiled('narrator');
    const sample = files.find((f) => f.definition.name === 'narrator')!.definition.sample;
    const plain = await prompt.render(sample);
    expect(plain.selection.variant).toBe('');
    expect(plain.messages[0]!.content).toContain('<panel>');
    expect(plain.messages[0]!.content).toContain('The bell of Old Karsk sank');
    const anthropic = await prompt.render(sample, { provider: { name: 'claude', kind: 'anthropic' } });
    expect(anthropic.selection.variant).toBe('anthropic');
    expect(anthropic.messages[0]!.content).toContain('<facts>');
    const local = await prompt.render(sample, { provider: { name: 'ollama', kind: 'openai-compatible' } });
    expect(local.selection.variant).toBe('local');
    const noPanel = await prompt.render({ ...sample, panel: false });
    expect(noPanel.messages[0]!.content).not.toContain('<panel>');
  });
});

describe('JSON templates through the offline provider', () => {
  let gateway: Gateway;
  const ajv = new Ajv({ allErrors: true, strict: false });
  beforeAll(async () => {
    const config = loadConfig({ env: {} });
    gateway = await createGateway({ ...config, logger: createLogger('silent') });
  });
  afterAll(async () => {
    await gateway?.close();
  });

  const jsonFiles = files.filter((f) => f.definition.output === 'json');
  it('covers Intentions, entity creation, world simulation and the generators', () => {
    expect(jsonFiles.map((f) => f.definition.name)).toEqual(
      expect.arrayContaining([
        'turn_analysis',
        'entity_creation',
        'world_simulation',
        'npc',
        'quest',
        'item',
      ]),
    );
  });

  it.each(jsonFiles.map((f) => [f.definition.name, f] as const))(
    '%s answers JSON valid against its schema',
    async (name, file) => {
      const rendered = await compiled(name).render(file.definition.sample);
      const validate = ajv.compile(rendered.jsonSchema!);
      for (const seed of [1, 2, 3]) {
        const result = await gateway.complete({
          model: 'offline',
          messages: rendered.messages,
          options: { jsonSchema: rendered.jsonSchema!, temperature: 0, seed },
          cache: 'off',
        });
        const answer: unknown = JSON.parse(result.text);
        expect(validate(answer), JSON.stringify(validate.errors)).toBe(true);
      }
    },
  );

  it('turn analysis gives Intentions JSON: updates and creations with their fields', async () => {
    const file = jsonFiles.find((f) => f.definition.name === 'turn_analysis')!;
    const rendered = await compiled('turn_analysis').render(file.definition.sample);
    const result = await gateway.complete({
      model: 'analysis',
      messages: rendered.messages,
      options: { jsonSchema: rendered.jsonSchema! },
      cache: 'off',
    });
    const intentions = JSON.parse(result.text) as { updates: unknown[]; creations: unknown[] };
    expect(Array.isArray(intentions.updates)).toBe(true);
    expect(Array.isArray(intentions.creations)).toBe(true);
    const schema = rendered.jsonSchema as { properties: Record<string, { items: { required: string[] } }> };
    expect(schema.properties.updates!.items.required).toEqual([
      'entity_id',
      'update_type',
      'new_information',
      'reasoning',
    ]);
    expect(schema.properties.creations!.items.required).toEqual([
      'entity_type',
      'name',
      'initial_data',
      'reasoning',
    ]);
  });
});

describe('variables', () => {
  const prompt = () => compiled('narrator');
  const sample = () =>
    structuredClone(files.find((f) => f.definition.name === 'narrator')!.definition.sample);

  async function errorOf(work: () => Promise<unknown>): Promise<TemplateError> {
    try {
      await work();
    } catch (error) {
      expect(error).toBeInstanceOf(TemplateError);
      return error as TemplateError;
    }
    throw new Error('expected a TemplateError');
  }

  it('a missing variable is named', async () => {
    const values = sample();
    delete values.player_input;
    const error = await errorOf(() => prompt().render(values));
    expect(error.code).toBe('template_variable');
    expect(error.message).toBe('variable player_input is required (expected a string)');
  });

  it('a wrong type is named with its path, nested ones too', async () => {
    const values = sample();
    (values.character as Record<string, unknown>).name = 42;
    expect((await errorOf(() => prompt().render(values))).message).toMatch(
      /^variable character\.name: .*expected a string/,
    );
    const lore = sample();
    (lore.lore as Array<Record<string, unknown>>)[0]!.title = ['x'];
    expect((await errorOf(() => prompt().render(lore))).message).toMatch(/^variable lore\.0\.title:/);
  });

  it('an undeclared variable is refused by name', async () => {
    expect((await errorOf(() => prompt().render({ ...sample(), mood: 'grim' }))).message).toBe(
      'variable mood is not declared by this template',
    );
  });

  it('defaults fill in and absent optionals read as null', () => {
    const variables = prompt().variables({ ...sample(), panel: undefined, notes: undefined });
    expect(variables.panel).toBe(true);
    expect(variables.notes).toBeNull();
  });

  it('a template that reads an undeclared variable is refused when checked', () => {
    const definition = structuredClone(files.find((f) => f.definition.name === 'rumor')!.definition);
    definition.user = '{{ secret_key }}';
    expect(() => checkDefinition(definition, engine)).toThrow(
      /reads variable secret_key, which is not declared/,
    );
  });
});

describe('sandbox', () => {
  const hostile = newEngine({ renderMs: 100, maxOutputChars: 50_000 });

  async function stopped(
    ...args: [string, TemplateError['code'], RegExp] | [TemplateEngine, string, TemplateError['code'], RegExp]
  ): Promise<void> {
    const [engine, source, code, message] = args.length === 4 ? args : [hostile, ...args];
    try {
      await engine.render([source], { name: 'Mira' });
    } catch (error) {
      expect(error).toBeInstanceOf(TemplateError);
      expect((error as TemplateError).code, (error as Error).message).toBe(code);
      expect((error as TemplateError).message).toMatch(message);
      return;
    }
    throw new Error(`not stopped: ${source}`);
  }

  it('stops an endless loop by time', async () => {
    await stopped(
      '{% assign n = 0 %}{% for i in (1..5000) %}{% for j in (1..5000) %}{% assign n = n | plus: 1 %}{% endfor %}{% endfor %}{{ n }}',
      'template_limit',
      /longer than 100 ms/,
    );
  });

  it('stops a huge range by memory before it is built', async () => {
    await stopped('{% for i in (1..1000000000) %}{{ i }}{% endfor %}', 'template_limit', /memory limit/);
  });

  it('stops exponential growth by memory, whatever the time limit', async () => {
    await stopped(
      newEngine({ renderMs: 60_000 }),
      '{% assign a = "x,y" | split: "," %}{% for i in (1..60) %}{% assign a = a | concat: a %}{% endfor %}{{ a.size }}',
      'template_limit',
      /memory limit/,
    );
  });

  it('stops huge output at the output limit, whatever the time limit', async () => {
    await stopped(
      newEngine({ renderMs: 60_000, maxOutputChars: 50_000 }),
      '{% for i in (1..200000) %}{{ name }} is here. {% endfor %}',
      'template_limit',
      /output limit of 50000/,
    );
  });

  it('stops a captured string that doubles in a loop (capture is bounded too)', async () => {
    await stopped(
      newEngine({ renderMs: 60_000, maxOutputChars: 50_000 }),
      '{% capture s %}xxxxxxxxxx{% endcapture %}{% for i in (1..40) %}{% capture s %}{{ s }}{{ s }}{% endcapture %}{% endfor %}{{ s.size }}',
      'template_limit',
      /output limit of 50000/,
    );
    expect(
      await hostile.render(['{% capture g %}Hello {{ name }}{% endcapture %}{{ g }}!'], { name: 'Mira' }),
    ).toEqual(['Hello Mira!']);
  });

  it.each(['{% include "/etc/passwd" %}', '{% render "../package.json" %}', '{% layout "base" %}x'])(
    'refuses file access: %s',
    async (source) => {
      await stopped(source, 'template_syntax', /is not allowed: templates cannot read files/);
    },
  );

  it('refuses unknown filters, undefined variables and prototype properties', async () => {
    await stopped('{{ name | shell }}', 'template_syntax', /undefined filter: shell/);
    await stopped('{{ nothing }}', 'template_variable', /undefined variable: nothing/);
    await stopped('{{ name.constructor }}', 'template_variable', /undefined variable/);
  });

  it('refuses a template over the size limit', () => {
    const small = new TemplateEngine({ maxTemplateChars: 100 });
    expect(() => small.compile('x'.repeat(101))).toThrow(/over the limit of 100/);
  });

  it('renders a trusted template on the calling thread, an API one in a render thread', async () => {
    const local = newEngine();
    const shipped = 'Hello {{ name }}, {% for x in list %}{{ x }};{% endfor %}';
    local.trust(shipped);
    expect(await local.render([shipped], { name: 'Mira', list: [1, 2] })).toEqual(['Hello Mira, 1;2;']);
    expect(local.renderThreads).toBe(0);
    expect(await local.render([shipped, 'Bye {{ name }}'], { name: 'Mira', list: [] })).toEqual([
      'Hello Mira, ',
      'Bye Mira',
    ]);
    expect(local.renderThreads).toBe(1);
  });

  it('a trusted render keeps every limit and error: too slow here, it goes to a render thread', async () => {
    const local = newEngine({ inlineMs: 1, renderMs: 60_000, maxOutputChars: 50_000 });
    const loop = '{% assign n = 0 %}{% for i in list %}{% assign n = n | plus: i %}{% endfor %}{{ n }}';
    const long = Array.from({ length: 200_000 }, () => 1);
    local.trust(loop);
    expect(await local.render([loop], { list: long })).toEqual(['200000']);
    expect(local.renderThreads).toBe(1);
    for (const [source, code, message] of [
      ['{{ nothing }}', 'template_variable', /undefined variable: nothing/],
      ['{% for i in list %}{{ i }} and more text {% endfor %}', 'template_limit', /output limit of 50000/],
      ['{% for i in (1..1000000000) %}{{ i }}{% endfor %}', 'template_limit', /memory limit/],
    ] as const) {
      const inline = newEngine({ inlineMs: 10_000, renderMs: 60_000, maxOutputChars: 50_000 });
      inline.trust(source);
      await expect(inline.render([source], { list: long.slice(0, 10_000) })).rejects.toMatchObject({
        code,
        message: expect.stringMatching(message),
      });
      expect(inline.renderThreads).toBe(0);
    }
  });

  it('caches compiled templates', () => {
    const cached = new TemplateEngine();
    const first = cached.compile('Hello {{ name }}');
    expect(cached.compile('Hello {{ name }}')).toBe(first);
    expect(cached.cacheStats().size).toBe(1);
    expect(cached.renderSync('Hello {{ name }}', { name: 'Mira' })).toBe('Hello Mira');
  });
});
