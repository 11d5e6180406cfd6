import { describe, expect, it } from 'vitest';
import type { Gateway } from '../../src/gateway/index.js';
import {
  expandWithNames,
  importanceHeuristic,
  LocalReranker,
  memoryScoringSchema,
  minMax,
  parseImportance,
  rateImportance,
  reciprocalRankFusion,
  scoreMemories,
} from '../../src/memory/index.js';
import type { ChatResult } from '../../src/vocabulary/index.js';

describe('reciprocal rank fusion', () => {
  it('adds 1/(60 + rank) over the lists; agreement beats one first place', () => {
    const fused = reciprocalRankFusion({ lexical: ['a', 'b', 'c'], vector: ['b', 'd', 'a'] });
    expect(fused.map((f) => f.key)).toEqual(['b', 'a', 'd', 'c']);
    expect(fused[0]!.score).toBeCloseTo(1 / 62 + 1 / 61, 10);
    expect(fused[0]!.ranks).toEqual({ lexical: 2, vector: 1 });
    expect(fused[3]!.ranks).toEqual({ lexical: 3 });
  });
});

describe('query transformation (offline)', () => {
  const entities = [
    { id: 'mira', title: 'Mira Thornwood', aliases: ['the innkeeper', 'Old Mira'] },
    { id: 'stag', title: 'The Gilded Stag', aliases: [] },
    { id: 'tam', title: 'Old Tam', aliases: ['the ferryman'] },
  ];
  it('finds names and aliases the question uses, expands with the full name and aliases', () => {
    const q = expandWithNames('What does the innkeeper fear?', entities);
    expect(q.mentioned.map((m) => m.id)).toEqual(['mira']);
    expect(q.expansion).toEqual(expect.arrayContaining(['mira', 'thornwood']));
    expect(q.vectorText).toContain('Mira Thornwood');
  });
  it('a distinctive part of a long name counts; a word several names share does not', () => {
    expect(expandWithNames('Is Thornwood honest?', entities).mentioned.map((m) => m.id)).toEqual(['mira']);
    expect(expandWithNames('Who is old?', entities).mentioned).toEqual([]);
  });
});

describe('local reranker', () => {
  it('prefers the candidate that covers the question, given equal fused ranks', async () => {
    const doc = (id: string, title: string, body: string) => ({
      id,
      worldId: 'w',
      sessionId: null,
      source: 'lore',
      kind: 'note',
      title,
      aliases: [],
      body,
      tags: [],
      importance: 5,
      gameHour: null,
      createdAt: '',
      updatedAt: '',
    });
    const scores = await new LocalReranker().rerank('who forged the silver sword', [
      { document: doc('a', 'Bread', 'Barley bread is baked daily.'), fused: 0.03, mentioned: false },
      {
        document: doc('b', 'The silver sword', 'Forged by the smith of Karsk.'),
        fused: 0.03,
        mentioned: false,
      },
    ]);
    expect(scores[1]).toBeGreaterThan(scores[0]!);
  });
});

describe('Generative Agents memory scoring', () => {
  const q = { vector: [1, 0, 0], gameHour: 100 };
  it('recency decays per game hour, importance and relevance count, each normalised to [0, 1]', () => {
    const scored = scoreMemories(
      [
        { id: 'old-important', importance: 10, gameHour: 0, vector: [0, 1, 0] },
        { id: 'recent-trivial', importance: 1, gameHour: 99, vector: [0, 1, 0] },
        { id: 'relevant', importance: 5, gameHour: 50, vector: [1, 0, 0] },
      ],
      q,
    );
    const by = Object.fromEntries(scored.map((s) => [s.id, s]));
    expect(by['recent-trivial']!.raw.recency).toBeCloseTo(0.995, 6);
    expect(by['old-important']!.raw.recency).toBeCloseTo(0.995 ** 100, 6);
    for (const s of scored)
      for (const part of [s.recency, s.importance, s.relevance]) expect(part).toBeGreaterThanOrEqual(0);
    expect(by['old-important']!.importance).toBe(1);
    expect(by['recent-trivial']!.recency).toBe(1);
    expect(by.relevant!.relevance).toBe(1);
    expect(scored[0]!.id).toBe('relevant');
  });
  it('weights are configurable: relevance only, then recency only', () => {
    const memories = [
      { id: 'a', importance: 5, gameHour: 0, vector: [1, 0, 0] },
      { id: 'b', importance: 5, gameHour: 99, vector: [0, 1, 0] },
    ];
    const relevance = memoryScoringSchema.parse({ weights: { recency: 0, importance: 0, relevance: 1 } });
    expect(scoreMemories(memories, q, relevance)[0]!.id).toBe('a');
    const recency = memoryScoringSchema.parse({
      weights: { recency: 1, importance: 0, relevance: 0 },
      decay_per_hour: 0.9,
    });
    expect(scoreMemories(memories, q, recency)[0]!.id).toBe('b');
    expect(minMax([2, 2])).toEqual([1, 1]);
  });
  it('importance offline: mundane low, grave high, always 1–10; a model answer is parsed', () => {
    const mundane = importanceHeuristic('I ate breakfast and walked to the well.');
    const grave = importanceHeuristic('Mira betrayed the king; the heir was murdered and the war began!');
    expect(mundane).toBeLessThanOrEqual(3);
    expect(grave).toBeGreaterThanOrEqual(8);
    expect(grave).toBeLessThanOrEqual(10);
    expect(parseImportance('Rating: 7')).toBe(7);
    expect(parseImportance('10')).toBe(10);
    expect(parseImportance('none')).toBeUndefined();
  });
});

describe('importance rated when a memory is written', () => {
  const answering = (text: string | Error): Pick<Gateway, 'complete'> => ({
    complete: async () => {
      if (text instanceof Error) throw text;
      return { text } as ChatResult;
    },
  });
  it('by the model when it answers a number, else by the heuristic', async () => {
    const memory = 'The duke was murdered at the wedding!';
    expect(await rateImportance(memory, answering(' 9'))).toEqual({ importance: 9, by: 'model' });
    const heuristic = importanceHeuristic(memory);
    expect(await rateImportance(memory, answering('very poignant'))).toEqual({
      importance: heuristic,
      by: 'heuristic',
    });
    expect(await rateImportance(memory, answering(new Error('upstream down')))).toEqual({
      importance: heuristic,
      by: 'heuristic',
    });
    expect(await rateImportance(memory)).toEqual({ importance: heuristic, by: 'heuristic' });
  });
});
