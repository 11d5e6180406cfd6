/**
 * Keywords: the content words of the player's last message (no function words, no words about the
 * conversation itself), for topics and tags.
 */
import { isWordCode } from './characters.js';
import { SCAN_LIMIT } from './scan.js';
import { COMMON, META, REQUEST_VERBS } from './word-lists.js';

export function extractKeywords(content: string): string[] {
  const found: string[] = [];
  for (const raw of content.slice(0, SCAN_LIMIT).split(/\s+/)) {
    const word = trimPunctuation(raw);
    const lower = word.toLowerCase();
    const meaningful =
      /\d/.test(word) ||
      (word.length > 2 && !COMMON.has(lower) && !META.has(lower) && !REQUEST_VERBS.has(lower));
    if (meaningful && !found.some((known) => known.toLowerCase() === lower)) found.push(word);
    if (found.length >= 8) break;
  }
  return found;
}

function trimPunctuation(word: string): string {
  let start = 0;
  let end = word.length;
  while (start < end && !isWordCode(word.charCodeAt(start))) start++;
  while (end > start && !isWordCode(word.charCodeAt(end - 1))) end--;
  return word.slice(start, end);
}
