/**
 * What a property holds, judged by its name: splits the name into words ("newInformation",
 * "entity_id") and maps them to a role (an id, a name, narration, a place, a flag...).
 */
type Role =
  | 'id'
  | 'name'
  | 'person'
  | 'title'
  | 'label'
  | 'narrative'
  | 'text'
  | 'reason'
  | 'dialogue'
  | 'mood'
  | 'place'
  | 'item'
  | 'tag'
  | 'type'
  | 'status'
  | 'role'
  | 'action'
  | 'color'
  | 'date'
  | 'email'
  | 'url'
  | 'flag'
  | 'other';

const ROLE_WORDS: ReadonlyArray<[Role, string]> = [
  ['id', 'id ids uuid guid key slug ref identifier handle'],
  [
    'person',
    'character npc speaker owner author who target faction person actor subject sender recipient creator giver villain hero ally enemy companion leader',
  ],
  ['name', 'name'],
  ['title', 'title heading headline caption header'],
  ['label', 'label button option choice verb cta command'],
  ['narrative', 'narration narrative story'],
  [
    'text',
    'description desc summary text content details detail body information info message response answer notes note observation outcome result consequence memory backstory history lore context effect prompt hint clue secret rumor rumour plot event scene',
  ],
  ['reason', 'reasoning reason explanation rationale justification why motivation cause'],
  ['dialogue', 'dialogue dialog line lines speech quote says said utterance reply greeting bark'],
  ['mood', 'mood emotion feeling tone attitude disposition sentiment temper vibe atmosphere'],
  [
    'place',
    'location place region area setting destination origin where zone room city town realm world home hometown site venue landmark',
  ],
  ['item', 'item object weapon loot artifact reward tool gear equipment possession treasure prize thing'],
  [
    'tag',
    'tag tags keyword keywords topic topics trait traits theme themes labels alias aliases skills abilities interests',
  ],
  ['type', 'type kind category class species race genre archetype'],
  ['status', 'status state phase'],
  ['role', 'role occupation job profession rank'],
  ['action', 'action actions intent intention goal objective quest task plan step move decision'],
  ['color', 'color colour'],
  ['date', 'date time timestamp created updated at when day'],
  ['email', 'email mail'],
  ['url', 'url uri link href website image avatar'],
];

const ROLE_BY_WORD = new Map<string, Role>(
  ROLE_WORDS.flatMap(([role, list]) => list.split(' ').map((word): [string, Role] => [word, role])),
);

const FLAG_PREFIXES = new Set(['is', 'has', 'can', 'should', 'was', 'did', 'will']);

/** Splits a property name into lowercase words: "newInformation", "entity_id", "ask-mira". */
export function keyWords(key: string): string[] {
  const parts: string[] = [];
  let current = '';
  for (let i = 0; i < key.length; i++) {
    const c = key.charAt(i);
    const upper = c !== c.toLowerCase();
    if (
      c === '_' ||
      c === '-' ||
      c === ' ' ||
      c === '.' ||
      (upper && current.length > 0 && !isUpper(key.charAt(i - 1)))
    ) {
      if (current) parts.push(current);
      current = c === '_' || c === '-' || c === ' ' || c === '.' ? '' : c.toLowerCase();
    } else current += c.toLowerCase();
  }
  if (current) parts.push(current);
  return parts;
}

function isUpper(c: string): boolean {
  return c !== c.toLowerCase();
}

export function lastWord(key: string): string {
  return keyWords(key).at(-1) ?? '';
}

/** What a property holds, judged by its name: mostly its last word ("new_information" → text). */
export function roleOf(key: string): Role {
  const parts = keyWords(key);
  if (parts.length > 1 && FLAG_PREFIXES.has(parts[0] ?? '')) return 'flag';
  for (let i = parts.length - 1; i >= 0; i--) {
    const role = ROLE_BY_WORD.get(parts[i] ?? '');
    if (role) return role;
  }
  return 'other';
}
