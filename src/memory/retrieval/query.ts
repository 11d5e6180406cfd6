/**
 * Query transformation. Offline: the names and aliases of the world's entities that the question
 * mentions (whole, or by a distinctive word of a longer name: "Mira" for "Mira Thornwood") are found,
 * and the query is expanded with each entity's full name and aliases, so a question that says "the
 * innkeeper" also finds the entry titled "Mira Thornwood" when that is one of her aliases. With a
 * model configured, the model may add search terms too (see ModelQueryExpander).
 */
import type { Gateway } from '../../gateway/index.js';
import { NameIndex } from './names.js';
import { words } from './text.js';

export interface NamedEntity {
  id: string;
  title: string;
  aliases: readonly string[];
}

export interface TransformedQuery {
  original: string;
  /** Words for the lexical search: the question's own, then the expansion's. */
  lexicalWords: string[];
  /** Text for the vector search: the question, with the full names it refers to. */
  vectorText: string;
  /** Entities the question mentions (their entries get a boost in reranking). */
  mentioned: Array<{ id: string; title: string; matched: string }>;
  /** Terms added by the expansion. */
  expansion: string[];
}

/** Expands a question with the names it mentions (builds a one-off index; retrieval keeps one per world). */
export function expandWithNames(question: string, entities: readonly NamedEntity[]): TransformedQuery {
  return NameIndex.from(entities).expand(question);
}

/** Asks a model for extra search terms; any failure leaves the offline expansion as it was. */
export class ModelQueryExpander {
  constructor(
    private readonly gateway: Pick<Gateway, 'complete'>,
    private readonly model = 'maintenance',
  ) {}

  async expand(query: TransformedQuery, timeoutMs = 5_000): Promise<TransformedQuery> {
    try {
      const result = await this.gateway.complete({
        model: this.model,
        messages: [
          {
            role: 'system',
            content:
              'You help search the lore of a game world. Answer with at most 8 search keywords (names, places, synonyms) for the question, comma separated, nothing else.',
          },
          { role: 'user', content: query.original },
        ],
        options: { temperature: 0, maxTokens: 48 },
        signal: AbortSignal.timeout(timeoutMs),
      });
      const extra = words(result.text)
        .filter((word) => !query.lexicalWords.includes(word))
        .slice(0, 8);
      return {
        ...query,
        lexicalWords: [...query.lexicalWords, ...extra].slice(0, 32),
        expansion: [...query.expansion, ...extra],
      };
    } catch {
      return query;
    }
  }
}
