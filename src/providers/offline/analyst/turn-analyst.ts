/**
 * The offline analysis role: a turn's Intentions read from its own text.
 *
 * - updates: for each known entity the turn mentions (by name, alias, or a distinctive part of its name:
 *   "Doctor Penhallow" for Osric Penhallow), the sentence or clause that mentions it, verbatim; the
 *   player's words first, the narration for entities the player did not name.
 * - creations: proper names the turn introduces (see proper-names.ts) that no known entity answers to.
 *   A title with one word ("Captain Ashdale") and a lone first name are references to someone, not new
 *   names, unless the text says "named" or "called".
 */
import { clauseAround, sentences } from './clauses.js';
import { isInterfaceText } from './interface-text.js';
import { findProperNames, type ProperName } from './proper-names.js';
import type { KnownEntity, TurnRequest } from './requests.js';
import {
  EVENT_HEADS,
  FACTION_HEADS,
  FUNCTION_WORDS,
  ITEM_HEADS,
  PLACE_HEADS,
  PLACE_SUFFIXES,
  TITLES,
} from './words.js';

const MAX_UPDATES = 12;
const MAX_CREATIONS = 6;

export interface OfflineIntentions {
  updates: Array<{ entity_id: string; update_type: string; new_information: string; reasoning: string }>;
  creations: Array<{
    entity_type: string;
    name: string;
    aliases?: string[];
    initial_data: Record<string, unknown>;
    reasoning: string;
  }>;
}

/** Lower case, accents and punctuation folded, leading article dropped: how names are compared. */
function key(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .replace(/^(the|a|an) /, '');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

interface Term {
  entity: KnownEntity;
  pattern: RegExp;
}

/** The words a name is called by on its own: "Osric Penhallow" → Osric, Penhallow. */
function nameParts(name: string): string[] {
  return name
    .split(/\s+/)
    .map((word) => word.replace(/['’]s$/i, ''))
    .filter((word) => {
      const lower = word.toLowerCase();
      return word.length >= 4 && /^\p{Lu}/u.test(word) && !TITLES.has(lower) && !FUNCTION_WORDS.has(lower);
    });
}

/** How each known entity may be written: full names and aliases (any case), unshared name parts (capitalised). */
function termsFor(known: readonly KnownEntity[]): Term[] {
  const owners = new Map<string, Set<string>>();
  for (const entity of known)
    for (const part of [entity.name, ...entity.aliases].flatMap(nameParts))
      owners.set(part, (owners.get(part) ?? new Set()).add(entity.id));
  const terms: Term[] = [];
  for (const entity of known) {
    for (const name of [entity.name, ...entity.aliases]) {
      const plain = name.replace(/^(the|a|an)\s+/i, '').trim();
      if (plain.length >= 3)
        terms.push({ entity, pattern: new RegExp(`\\b${escapeRegExp(plain)}\\b`, 'iu') });
    }
    for (const part of new Set([entity.name, ...entity.aliases].flatMap(nameParts)))
      if (owners.get(part)?.size === 1)
        terms.push({ entity, pattern: new RegExp(`\\b${escapeRegExp(part)}\\b`, 'u') });
  }
  return terms;
}

interface Mention {
  entity: KnownEntity;
  start: number;
  end: number;
}

/** Known entities a sentence mentions; a mention inside a longer one ("Emberglass" in "Emberglass Shard") yields. */
function mentionsIn(sentence: string, terms: readonly Term[]): Mention[] {
  const found: Mention[] = [];
  for (const term of terms) {
    const match = term.pattern.exec(sentence);
    if (match) found.push({ entity: term.entity, start: match.index, end: match.index + match[0].length });
  }
  const kept = found.filter(
    (mention) =>
      !found.some(
        (other) =>
          other.entity.id !== mention.entity.id &&
          other.start <= mention.start &&
          other.end >= mention.end &&
          other.end - other.start > mention.end - mention.start,
      ),
  );
  const byEntity = new Map<string, Mention>();
  for (const mention of kept.sort((a, b) => a.start - b.start))
    if (!byEntity.has(mention.entity.id)) byEntity.set(mention.entity.id, mention);
  return [...byEntity.values()];
}

const LOCATION_VERBS =
  /\b(arrive|arrives|go|goes|went|walk|walks|travel|travels|return|returns|climb|climbs|enter|enters|lead|leads|hide|hides)\b/i;
const INVENTORY_VERBS =
  /\b(give|gives|gave|take|takes|took|accept|accepts|borrow|borrows|buy|buys|steal|steals|carry|carries|hand|hands|toss|tosses)\b/i;

function updateType(clause: string): string {
  if (INVENTORY_VERBS.test(clause)) return 'inventory';
  if (LOCATION_VERBS.test(clause)) return 'location';
  return 'fact';
}

function updatesFor(request: TurnRequest, terms: readonly Term[]): OfflineIntentions['updates'] {
  const updates: OfflineIntentions['updates'] = [];
  const done = new Set<string>();
  for (const [source, text] of [
    ['player', request.input],
    ['narration', request.narration],
  ] as const) {
    for (const sentence of sentences(text)) {
      for (const mention of mentionsIn(sentence, terms)) {
        if (done.has(mention.entity.id) || updates.length >= MAX_UPDATES) continue;
        const clause = clauseAround(sentence, mention.start);
        if (isInterfaceText(clause) && clause.replace(/\[[^\]]*\]/g, '').trim().length < 20) continue;
        done.add(mention.entity.id);
        updates.push({
          entity_id: mention.entity.id,
          update_type: updateType(clause),
          new_information: clause,
          reasoning: `The ${source === 'player' ? "player's action" : 'narration'} says this about ${mention.entity.name}.`,
        });
      }
    }
  }
  return updates;
}

function hasPlaceSuffix(word: string): boolean {
  const lower = word.toLowerCase();
  return PLACE_SUFFIXES.some((suffix) => lower.length > suffix.length + 2 && lower.endsWith(suffix));
}

function lastWord(name: string): string {
  return (name.split(/\s+/).at(-1) ?? '').toLowerCase();
}

function entityType(name: ProperName): string {
  const head = lastWord(name.name);
  if (name.titled) return 'character';
  if (FACTION_HEADS.has(head)) return 'faction';
  if (PLACE_HEADS.has(head)) return 'location';
  if (ITEM_HEADS.has(head)) return 'item';
  if (EVENT_HEADS.has(head)) return 'event';
  const words = name.name.split(/\s+/);
  if (
    words.length === 1 &&
    PLACE_SUFFIXES.some((suffix) => head.length > suffix.length + 2 && head.endsWith(suffix))
  )
    return 'location';
  return 'character';
}

/** Whether a name is someone or something the world already knows, or a piece of such a name. */
function isKnown(name: ProperName, known: readonly KnownEntity[]): boolean {
  const names = known.flatMap((entity) => [entity.name, ...entity.aliases]);
  const keys = new Set(names.map(key));
  if (keys.has(key(name.name)) || keys.has(key(name.written))) return true;
  const parts = new Set(names.flatMap(nameParts));
  return nameParts(name.name).some((part) => parts.has(part));
}

function creationsFor(request: TurnRequest): OfflineIntentions['creations'] {
  const texts = [request.input, request.narration];
  const candidates = texts.flatMap((text) =>
    findProperNames(text).map((name) => ({
      name,
      sentence: sentences(text).find((sentence) => sentence.includes(name.written)) ?? '',
    })),
  );
  const multiWordParts = new Set(
    candidates.filter((c) => c.name.name.includes(' ')).flatMap((c) => nameParts(c.name.name)),
  );
  const creations: OfflineIntentions['creations'] = [];
  const taken = new Set<string>();
  for (const { name, sentence } of candidates) {
    if (creations.length >= MAX_CREATIONS || !sentence || isInterfaceText(name.written)) continue;
    if (taken.has(key(name.name)) || isKnown(name, request.known)) continue;
    const words = name.name.split(/\s+/);
    // "Captain Ashdale", "Widow Soane": how one calls someone already met, not a new name.
    if (!name.cued && TITLES.has((words[0] as string).toLowerCase()) && words.length <= 2) continue;
    // One uncued word is most often someone met before by a first name ("we carry Hewett out"): it is
    // new only in apposition ("his grey mule, Sixpence,") or with a place's ending ("Lowmere").
    if (!name.cued && words.length === 1) {
      const word = words[0] as string;
      if (multiWordParts.has(word)) continue;
      const apposition = new RegExp(`\\p{L}, ${escapeRegExp(word)}[,.;]`, 'u').test(sentence);
      if (!apposition && !hasPlaceSuffix(word)) continue;
    }
    taken.add(key(name.name));
    const type = entityType(name);
    const aliases = name.written !== name.name ? [name.written] : [];
    const surname = words.length >= 2 ? words.at(-1) : undefined;
    const title = name.titled
      ? name.written.split(/\s+/)[name.written.startsWith('The ') ? 1 : 0]
      : undefined;
    if (title && surname && type === 'character') aliases.push(`${title} ${surname}`);
    creations.push({
      entity_type: type,
      name: name.name,
      ...(request.creationAliases && { aliases }),
      initial_data: { description: sentence, ...(aliases.length > 0 && { aliases }) },
      reasoning: name.cued
        ? `The turn introduces ${name.name} by name.`
        : `The turn names ${name.name}, whom the world does not know yet.`,
    });
  }
  return creations;
}

export function analyseTurn(request: TurnRequest): OfflineIntentions {
  const terms = termsFor(request.known);
  return { updates: updatesFor(request, terms), creations: creationsFor(request) };
}
