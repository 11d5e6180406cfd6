/**
 * The demo world played for 50 scripted turns, offline, through the HTTP API: on SQLite (table queue)
 * and on PostgreSQL (pg-boss). The outcomes are asserted: entities created, notes updated by the
 * maintenance role, simulation updates applied, and the new facts findable by search.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEMO_SESSION_FILE,
  DEMO_WORLD_FILE,
  readSessionFile,
  readWorldFile,
} from '../../src/narrative/index.js';
import { startLoremaster, type TestServer } from '../support/loremaster.js';
import { createTestDatabase, type TestDatabase } from '../support/postgres.js';
import { call, drained } from './support.js';

const world = readWorldFile(DEMO_WORLD_FILE);
const script = readSessionFile(DEMO_SESSION_FILE);
const SIMULATE_EVERY = 10;

describe.each(['sqlite', 'postgres'] as const)('the demo session on %s', (backend) => {
  let server: TestServer;
  let database: TestDatabase | undefined;
  let worldId: string;
  let sessionId: string;

  beforeAll(async () => {
    database = backend === 'postgres' ? await createTestDatabase() : undefined;
    server = await startLoremaster({
      config: {
        narrative: { simulation_every_turns: SIMULATE_EVERY },
        ...(database && { database: { url: database.url }, jobs: { queue: 'pg-boss' } }),
      },
    });
    const imported = await call(server.url, 'POST', '/worlds/import', world);
    expect(imported.status).toBe(201);
    worldId = imported.body.id;
    const session = await call(server.url, 'POST', `/worlds/${worldId}/sessions`, { player: script.player });
    sessionId = session.body.id;
  }, 120_000);

  afterAll(async () => {
    await server?.stop();
    await database?.drop();
  });

  it('plays 50 turns and keeps the world up to date behind them', async () => {
    expect(script.turns).toHaveLength(50);
    for (const [index, turn] of script.turns.entries()) {
      const played = await call(server.url, 'POST', `/sessions/${sessionId}/turns`, { input: turn.input });
      expect(played.status, JSON.stringify(played.body)).toBe(201);
      expect(played.body.number).toBe(index + 1);
      expect(played.body.narration.length).toBeGreaterThan(0);
      expect(played.body.panel.actions.length).toBeGreaterThan(0);
    }
    const status = await drained(server.url, 90_000);
    expect(status.backend).toBe(backend === 'postgres' ? 'pg-boss' : 'table');
    expect(status.totals.failed).toBe(0);
    expect(status.by_type.ANALYZE_TURN.completed).toBe(50);
    expect(status.by_type.SIMULATE_WORLD.completed).toBe(50 / SIMULATE_EVERY);

    // Every turn analysed; the plans name entities of this world only.
    const session = (await call(server.url, 'GET', `/sessions/${sessionId}?limit=100`)).body;
    expect(session.turns).toHaveLength(50);
    expect(session.turns.every((turn: { analysed: boolean }) => turn.analysed)).toBe(true);

    const entities = (await call(server.url, 'GET', `/worlds/${worldId}/entities?session_id=${sessionId}`))
      .body.data as Array<{
      id: string;
      name: string;
      changed_by: string;
      version: number;
      scope: string;
      note: string;
    }>;
    // Entities created in play, beside the 43 of the file, without duplicating any name.
    expect(entities.length).toBeGreaterThan(world.entities.length);
    const names = entities.map((entity) => entity.name.toLowerCase());
    expect(new Set(names).size).toBe(names.length);

    // Notes rewritten by maintenance and by simulation, as session overlays (the world is not shared).
    const histories = await Promise.all(
      entities.map(
        async (entity) =>
          (await call(server.url, 'GET', `/worlds/${worldId}/entities/${entity.id}/versions`)).body
            .data as Array<{ changed_by: string; scope: string; session_id: string | null }>,
      ),
    );
    const versions = histories.flat();
    const byMaintenance = versions.filter((version) => version.changed_by === 'maintenance');
    const bySimulation = versions.filter((version) => version.changed_by === 'simulation');
    expect(byMaintenance.length).toBeGreaterThan(20);
    expect(bySimulation.length).toBeGreaterThan(0);
    expect(
      [...byMaintenance, ...bySimulation].every(
        (version) => version.scope === 'session' && version.session_id === sessionId,
      ),
    ).toBe(true);

    // The new facts are findable, asked about as a game asks ("Chimney Row: <fact>"): the entity whose
    // note took the fact is in the top 5, and the text search returns for it holds the fact. (Searched
    // alone, an offline fact is a stock sentence that several notes share, so which of them ranks first
    // says nothing about Loremaster.)
    const updates = session.turns.flatMap(
      (turn: {
        analysis: { updates: Array<{ entity_id: string; entity_name: string; new_information: string }> };
      }) => turn.analysis.updates,
    );
    expect(updates.length).toBeGreaterThan(20);
    const sample = updates.filter((_: unknown, index: number) => index % 5 === 0);
    let entityFound = 0;
    let factInNote = 0;
    for (const update of sample) {
      const byEntity = await call(server.url, 'POST', `/worlds/${worldId}/search`, {
        q: `${update.entity_name}: ${update.new_information}`,
        k: 5,
        filters: { session_id: sessionId },
      });
      expect(byEntity.status).toBe(200);
      const hit = byEntity.body.data.find(
        (result: { id: string }) => result.id.split('@')[0] === update.entity_id,
      );
      if (hit) entityFound += 1;
      if (hit?.text.includes(update.new_information)) factInNote += 1;
    }
    const rates = `entity found ${entityFound}/${sample.length}, with the fact in its text ${factInNote}/${sample.length}`;
    expect(entityFound / sample.length, rates).toBeGreaterThanOrEqual(0.9);
    expect(factInNote / sample.length, rates).toBeGreaterThanOrEqual(0.9);

    // Entities created in play are findable by their name. Names of two words or more: the offline
    // analyst also creates entities named by one stray capitalised word ("Fire", "Known"), which many
    // notes contain. (By meaning alone, a short name is too close to the stock sentences of the offline
    // notes to rank reliably; vector search itself is tested in test/memory.)
    const created = entities.filter((entity) => !world.entities.some((e) => e.name === entity.name));
    const named = created.filter((entity) => entity.name.trim().includes(' '));
    expect(named.length, JSON.stringify(created.map((entity) => entity.name))).toBeGreaterThan(0);
    for (const entity of named) {
      const byName = await call(server.url, 'POST', `/worlds/${worldId}/search`, {
        q: entity.name,
        k: 5,
        filters: { session_id: sessionId },
      });
      expect(byName.body.data.map((result: { id: string }) => result.id.split('@')[0])).toContain(entity.id);
    }
  }, 300_000);
});
