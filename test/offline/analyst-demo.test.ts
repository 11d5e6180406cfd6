/**
 * The offline analyst on the shipped demo session: the 50 turns of worlds/demo/session.yaml played
 * through the HTTP API on SQLite, analysed by the embedded default model. Every recorded fact must be
 * grounded (at least 90% of them a verbatim part of their turn's input or narration), and every entity
 * created in play must be a real new name: one the turn wrote, not a sentence-initial word, a pronoun,
 * an imperative, a game-mechanic word, dice notation or interface text.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEMO_SESSION_FILE,
  DEMO_WORLD_FILE,
  readSessionFile,
  readWorldFile,
} from '../../src/narrative/index.js';
import { FUNCTION_WORDS, IMPERATIVES, MECHANICS } from '../../src/providers/offline/analyst/words.js';
import { call, drained } from '../narrative/support.js';
import { startLoremaster, type TestServer } from '../support/loremaster.js';

const world = readWorldFile(DEMO_WORLD_FILE);
const script = readSessionFile(DEMO_SESSION_FILE);

/** Names the session introduces that the world file does not hold (each written in the player's input). */
const NEW_NAMES = [
  'Nettie Quill',
  'Cobb Farrow',
  'Jem Callow',
  'Osric Penhallow',
  'Dace Whitlow',
  'Hewett Marsh',
  'Greta Fenn',
  'Abel Wick',
  "Saint Odile's Lamp",
  'Brimstone Accounts',
];

interface Turn {
  number: number;
  input: string;
  output: string;
  analysis: {
    updates: Array<{ entity_id: string; entity_name: string; new_information: string }>;
    creations: Array<{ name: string; entityType: string }>;
  };
}

const squash = (text: string) => text.replace(/\s+/g, ' ').trim();

/** Why a created name is junk, or undefined when it is a real name written in its turn. */
function junk(name: string, turnText: string): string | undefined {
  const words = name.split(/\s+/);
  if (/[[\]{}<>]/.test(name)) return 'bracketed interface text';
  if (/\b\d*d\d+\b/i.test(name)) return 'dice notation';
  if (!turnText.includes(name) && !turnText.includes(name.replace(/^The /, 'the ')))
    return 'not written in its turn';
  const lower = (words[0] as string).toLowerCase();
  if (words.length === 1 && (FUNCTION_WORDS.has(lower) || IMPERATIVES.has(lower) || MECHANICS.has(lower)))
    return 'a common word, imperative or game term';
  if (!/^\p{Lu}/u.test(name)) return 'not capitalised';
  if (words.length === 1) {
    // A lone word at the start of every sentence it appears in proves nothing.
    const midSentence = new RegExp(`[\\p{L},] ${name}\\b`, 'u');
    if (!midSentence.test(turnText)) return 'only ever sentence-initial';
  }
  return undefined;
}

describe('the offline analyst on the shipped demo session', () => {
  let server: TestServer;
  let worldId: string;
  let sessionId: string;

  beforeAll(async () => {
    server = await startLoremaster({ config: { narrative: { simulation_every_turns: 1000 } } });
    const imported = await call(server.url, 'POST', '/worlds/import', world);
    expect(imported.status).toBe(201);
    worldId = imported.body.id;
    sessionId = (await call(server.url, 'POST', `/worlds/${worldId}/sessions`, { player: script.player }))
      .body.id;
  }, 120_000);

  afterAll(async () => {
    await server?.stop();
  });

  it('records facts grounded in their turn and creates only real new names', async () => {
    for (const turn of script.turns) {
      const played = await call(server.url, 'POST', `/sessions/${sessionId}/turns`, { input: turn.input });
      expect(played.status, JSON.stringify(played.body)).toBe(201);
    }
    const status = await drained(server.url, 120_000);
    expect(status.totals.failed).toBe(0);
    const turns = (await call(server.url, 'GET', `/sessions/${sessionId}?limit=100`)).body.turns as Turn[];
    expect(turns).toHaveLength(50);

    // Facts: each update's new information is a sentence or clause of its turn.
    const facts = turns.flatMap((turn) => turn.analysis.updates.map((update) => ({ turn, update })));
    const grounded = facts.filter(({ turn, update }) =>
      squash(`${turn.input}\n${turn.output}`).includes(squash(update.new_information)),
    );
    const ungrounded = facts.filter((fact) => !grounded.includes(fact)).slice(0, 5);
    expect(facts.length, 'facts recorded').toBeGreaterThanOrEqual(50);
    expect(
      grounded.length / facts.length,
      `${grounded.length}/${facts.length} grounded; e.g. ${JSON.stringify(ungrounded.map((f) => f.update.new_information))}`,
    ).toBeGreaterThanOrEqual(0.9);
    // A fact is about its entity: the clause names it (by name or a part of it) in most cases.
    const naming = facts.filter(({ update }) =>
      update.entity_name
        .split(/\s+/)
        .filter((part) => part.length >= 4)
        .some((part) => update.new_information.toLowerCase().includes(part.toLowerCase())),
    );
    expect(naming.length / facts.length).toBeGreaterThanOrEqual(0.8);

    // Creations: real names, written in their turn; the session's new people and things among them.
    const created = turns.flatMap((turn) =>
      turn.analysis.creations.map((creation) => ({ turn, name: creation.name })),
    );
    const junkNames = created
      .map(({ turn, name }) => ({ name, why: junk(name, `${turn.input}\n${turn.output}`) }))
      .filter((entry) => entry.why);
    expect(junkNames, JSON.stringify(junkNames)).toEqual([]);
    const entities = (await call(server.url, 'GET', `/worlds/${worldId}/entities?session_id=${sessionId}`))
      .body.data as Array<{ name: string }>;
    const names = entities.map((entity) => entity.name);
    for (const name of NEW_NAMES) expect(names, `"${name}" was not created`).toContain(name);
    // Nothing created twice under two spellings of one name ("Nettie" beside "Nettie Quill").
    const playNames = names.filter((name) => !world.entities.some((entity) => entity.name === name));
    for (const name of playNames)
      for (const other of playNames)
        if (other !== name && !name.includes(' '))
          expect(other.split(' '), `${name} / ${other}`).not.toContain(name);
  }, 300_000);
});
