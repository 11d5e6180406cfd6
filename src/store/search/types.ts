/** What a search asks and returns (shared by both engines). */

export interface SearchHit {
  conversationId: string;
  /** null when the conversation's title matched. */
  messageId: number | null;
  role: string | null;
  title: string | null;
  /** The matching text around the hit, HTML-escaped, matched words in `<mark>…</mark>`. */
  snippet: string;
  /** Higher is better; comparable within one backend's results. */
  score: number;
  createdAt: string;
}

export interface SearchQuery {
  text: string;
  limit: number;
  includeArchived?: boolean;
}

/** Private-use characters mark hits inside the engine's snippet; they become <mark> after escaping. */
export const MARK_START = '\uE000';
export const MARK_END = '\uE001';
