/**
 * Versions from files, on a real store (SQLite in a temp dir): a shipped file becomes version 1; an
 * unchanged file adds nothing; a changed file adds a version and activates it, unless a user chose a
 * version made through the API; the watcher picks a change up by itself.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { databaseConfigSchema } from '../../src/config/store-schema.js';
import { PromptLibrary, SHIPPED_PROMPTS_DIR, TemplateEngine } from '../../src/prompts/index.js';
import { openStore, type Store } from '../../src/store/index.js';
import { createTestDatabase } from '../support/postgres.js';

describe('prompt versions from files', () => {
  let dir: string;
  let store: Store;
  let library: PromptLibrary;
  const rumorFile = () => join(dir, 'prompts', 'rumor.yaml');

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'loremaster-prompts-'));
    store = await openStore(databaseConfigSchema.parse({ sqlite_path: join(dir, 'db.sqlite') }));
    library = new PromptLibrary(store, new TemplateEngine());
    const prompts = join(dir, 'prompts');
    rmSync(prompts, { recursive: true, force: true });
    await import('node:fs').then((fs) => fs.mkdirSync(prompts));
    writeFileSync(rumorFile(), readFileSync(join(SHIPPED_PROMPTS_DIR, 'rumor.yaml')));
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  function edit(find: string, replace: string) {
    const text = readFileSync(rumorFile(), 'utf8');
    expect(text).toContain(find);
    writeFileSync(rumorFile(), text.replace(find, replace));
  }

  it('creates version 1 from a file, and nothing more while the file is unchanged', async () => {
    expect(await library.syncFiles(join(dir, 'prompts'))).toMatchObject([
      { name: 'rumor', action: 'created', version: 1, activated: true },
    ]);
    expect(await library.syncFiles(join(dir, 'prompts'))).toMatchObject([
      { name: 'rumor', action: 'unchanged', version: 1 },
    ]);
    const prompt = await library.find('rumor');
    expect(prompt.activeVersion).toBe(1);
    expect(await library.versions(prompt)).toHaveLength(1);
  });

  it('a changed file is a new active version; the old version stays as it was', async () => {
    await library.syncFiles(join(dir, 'prompts'));
    const before = await library.compiled('rumor');
    edit('You write rumors', 'You invent rumors');
    expect(await library.syncFiles(join(dir, 'prompts'))).toMatchObject([
      { action: 'versioned', version: 2, activated: true },
    ]);
    const after = await library.compiled('rumor');
    expect(after.version).toBe(2);
    expect(after.body.system).toContain('You invent rumors');
    expect((await library.compiled('rumor', 1)).body.system).toBe(before.body.system);
  });

  it('a file change does not replace a version a user chose through the API', async () => {
    await library.syncFiles(join(dir, 'prompts'));
    const v1 = await library.compiled('rumor');
    await library.create({ ...v1.body, name: 'rumor', system: 'Custom rumor system.' });
    expect((await library.find('rumor')).activeVersion).toBe(2);
    edit('You write rumors', 'You invent rumors');
    expect(await library.syncFiles(join(dir, 'prompts'))).toMatchObject([
      { action: 'versioned', version: 3, activated: false },
    ]);
    expect((await library.find('rumor')).activeVersion).toBe(2);
  });

  it("renders a file's templates on the calling thread, a version made through the API in a render thread", async () => {
    const engine = new TemplateEngine();
    const local = new PromptLibrary(store, engine);
    try {
      await local.syncFiles(join(dir, 'prompts'));
      const shipped = await local.compiled('rumor');
      const sample = shipped.body.sample ?? {};
      const fromFile = await shipped.render(sample);
      expect(fromFile.messages.at(-1)?.content).toMatch(/rumor/i);
      expect(engine.renderThreads).toBe(0);
      await local.create({ ...shipped.body, name: 'rumor', system: 'Custom rumor system.' });
      const custom = await local.compiled('rumor');
      expect(custom.version).toBe(2);
      await engine.close(); // the threads that checked the new version's renders
      expect(engine.renderThreads).toBe(0);
      const fromApi = await custom.render(sample);
      expect(engine.renderThreads).toBeGreaterThan(0);
      expect(fromApi.messages[0]).toEqual({ role: 'system', content: 'Custom rumor system.' });
    } finally {
      await engine.close();
    }
  });

  it('a broken file is refused with its name and the bad key, and changes nothing', async () => {
    await library.syncFiles(join(dir, 'prompts'));
    edit('temperature: 1', 'temperature: hot');
    await expect(library.syncFiles(join(dir, 'prompts'))).rejects.toThrow(/rumor\.yaml: temperature:/);
    expect((await library.find('rumor')).activeVersion).toBe(1);
  });

  it('the watcher turns a file change into a new version by itself', async () => {
    await library.syncFiles(join(dir, 'prompts'));
    const synced: unknown[] = [];
    const stop = library.watch(join(dir, 'prompts'), { onSync: (result) => synced.push(result) });
    try {
      edit('You write rumors', 'You whisper rumors');
      const deadline = Date.now() + 5_000;
      while (synced.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    } finally {
      stop();
    }
    expect(synced).toMatchObject([{ name: 'rumor', action: 'versioned', version: 2, activated: true }]);
    expect((await library.compiled('rumor')).body.system).toContain('You whisper rumors');
  });
});

describe.each(['sqlite', 'postgres'] as const)('servers starting at once on %s', (backend) => {
  it('sync the same files concurrently: every prompt once, and a changed file once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'loremaster-prompts-race-'));
    const files = join(dir, 'prompts');
    cpSync(SHIPPED_PROMPTS_DIR, files, { recursive: true });
    const database = backend === 'postgres' ? await createTestDatabase() : undefined;
    const config = databaseConfigSchema.parse(
      database ? { url: database.url, pool_max: 4 } : { sqlite_path: join(dir, 'db.sqlite') },
    );
    const first = await openStore(config);
    const second = await openStore(config, { migrate: false });
    const libraries = [first, second].map((store) => new PromptLibrary(store, new TemplateEngine()));
    const versionsOf = async () => {
      const out: Record<string, number[]> = {};
      for (const prompt of await first.prompts.list()) {
        out[prompt.name] = (await first.prompts.versions(prompt.id)).map((v) => v.version);
        expect(prompt.activeVersion).toBe(out[prompt.name]!.at(-1));
      }
      return out;
    };
    try {
      await Promise.all(libraries.map((library) => library.syncFiles(files)));
      const created = await versionsOf();
      expect(Object.keys(created)).toHaveLength(15);
      for (const versions of Object.values(created)) expect(versions).toEqual([1]);

      const rumor = join(files, 'rumor.yaml');
      writeFileSync(rumor, readFileSync(rumor, 'utf8').replace('You write rumors', 'You trade rumors'));
      const results = await Promise.all(libraries.map((library) => library.syncFile(rumor)));
      expect(results.map((r) => r.action).sort()).toEqual(['unchanged', 'versioned']);
      expect((await versionsOf()).rumor).toEqual([1, 2]);
    } finally {
      await second.close();
      await first.close();
      await database?.drop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
