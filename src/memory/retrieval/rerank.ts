/**
 * Reranking the fused candidates. The local scorer costs microseconds per candidate: it blends the
 * fused rank with how much of the question the entry covers (stemmed words, the title and aliases
 * counting double) and whether the entry is about an entity the question names. A model reranker,
 * when configured, orders the top candidates itself; any failure falls back to the local order.
 */

import { LRUCache } from 'lru-cache';
import type { Gateway } from '../../gateway/index.js';
import type { MemoryDocument } from '../../store/repositories/memory-documents.js';
import { stem, words } from './text.js';

export interface RerankCandidate {
  document: MemoryDocument;
  /** The fused score (RRF), or the single list's normalised score. */
  fused: number;
  mentioned: boolean;
}

export interface Reranker {
  readonly name: string;
  rerank(question: string, candidates: RerankCandidate[]): Promise<number[]>;
}

/** A document's stemmed words, kept while the document is unchanged (the same lore is ranked often). */
const stemCache = new LRUCache<string, { title: Set<string>; body: Set<string> }>({ max: 5_000 });

function stemsOf(document: MemoryDocument): { title: Set<string>; body: Set<string> } {
  const key = `${document.id}\u0000${document.updatedAt}`;
  let stems = stemCache.get(key);
  if (!stems) {
    stems = {
      title: new Set(words([document.title, ...document.aliases].join(' ')).map(stem)),
      body: new Set(words(document.body).map(stem)),
    };
    stemCache.set(key, stems);
  }
  return stems;
}

export class LocalReranker implements Reranker {
  readonly name = 'local';

  constructor(private readonly weights = { fused: 0.6, coverage: 0.25, title: 0.1, mention: 0.05 }) {}

  async rerank(question: string, candidates: RerankCandidate[]): Promise<number[]> {
    const query = [...new Set(words(question).map(stem))];
    const top = Math.max(...candidates.map((candidate) => candidate.fused), Number.EPSILON);
    return candidates.map((candidate) => {
      const { title, body } = stemsOf(candidate.document);
      const inBody = query.filter((word) => body.has(word) || title.has(word)).length;
      const inTitle = query.filter((word) => title.has(word)).length;
      const coverage = query.length > 0 ? inBody / query.length : 0;
      const titled = query.length > 0 ? inTitle / query.length : 0;
      const w = this.weights;
      return (
        w.fused * (candidate.fused / top) +
        w.coverage * coverage +
        w.title * titled +
        w.mention * (candidate.mentioned ? 1 : 0)
      );
    });
  }
}

/** Asks a model to order the candidates; answers the local scores when the model fails. */
export class ModelReranker implements Reranker {
  readonly name = 'model';
  private readonly fallback = new LocalReranker();

  constructor(
    private readonly gateway: Pick<Gateway, 'complete'>,
    private readonly model = 'maintenance',
  ) {}

  async rerank(question: string, candidates: RerankCandidate[]): Promise<number[]> {
    const local = await this.fallback.rerank(question, candidates);
    try {
      const list = candidates
        .map(
          (candidate, index) =>
            `[${index}] ${candidate.document.title}: ${candidate.document.body.slice(0, 300)}`,
        )
        .join('\n');
      const result = await this.gateway.complete({
        model: this.model,
        messages: [
          {
            role: 'system',
            content:
              'Order the passages by how well they answer the question. Answer only the passage numbers, best first, comma separated.',
          },
          { role: 'user', content: `Question: ${question}\n\n${list}` },
        ],
        options: { temperature: 0, maxTokens: 64 },
        signal: AbortSignal.timeout(10_000),
      });
      const order = [...new Set((result.text.match(/\d+/g) ?? []).map(Number))].filter(
        (index) => index < candidates.length,
      );
      if (order.length === 0) return local;
      // Ranked by the model first, the rest after in local order, every score below the model's.
      const scores = local.map((score) => score / 10);
      order.forEach((index, rank) => {
        scores[index] = 1 + (order.length - rank);
      });
      return scores;
    } catch {
      return local;
    }
  }
}
