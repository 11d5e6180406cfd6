/**
 * The offline narrator: turns a chat prompt into a few sentences of game narration, with no model
 * and no network. It reads the prompt for "facts" (characters, places, items, the player's action),
 * then fills sentence templates chosen by a PRNG seeded from a hash of the whole input, so the same
 * input always gives the same text, in any process, and different inputs usually differ.
 *
 * Everything here is a single linear scan over bounded text: no backtracking regular expressions,
 * no per-call tables, so a call costs microseconds.
 */
import type { ChatMessage, FinishReason } from '../../vocabulary/index.js';
import { decode, encode } from '../../vocabulary/tokenizer.js';
import { countTextTokens } from '../../vocabulary/tokens.js';
import { removeInterfaceText, withoutInterfaceText } from './analyst/interface-text.js';
import { IMPERATIVES, MECHANICS } from './analyst/words.js';

// ---------------------------------------------------------------------------------------------
// Hashing and the seeded PRNG
// ---------------------------------------------------------------------------------------------

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** 32-bit FNV-1a over UTF-16 code units; `hash` chains several strings into one digest. */
export function fnv1a(text: string, hash = FNV_OFFSET): number {
  let h = hash;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, FNV_PRIME);
  }
  return h >>> 0;
}

export interface SeedInput {
  system?: string | undefined;
  model: string;
  temperature?: number | undefined;
  seed?: number | undefined;
  /** Anything else that defines the request (other sampling options), as text. */
  extra?: string | undefined;
}

/** The seed of a request: a hash of everything that defines it (the full messages, not a scanned prefix). */
export function hashRequest(messages: readonly ChatMessage[], input: SeedInput): number {
  // A NUL between parts keeps ("ab", "c") and ("a", "bc") apart.
  const part = (text: string, h: number) => fnv1a('\u0000', fnv1a(text, h));
  let h = part(input.system ?? '', FNV_OFFSET);
  for (const message of messages) {
    h = part(message.role, h);
    h = part(message.name ?? '', h);
    h = part(message.content, h);
  }
  h = part(input.model, h);
  h = part(String(input.temperature ?? ''), h);
  // Left out when empty, so requests without other options keep the seed (and text) they always had.
  if (input.extra) h = part(input.extra, h);
  for (const message of messages) {
    for (const call of message.toolCalls ?? []) h = part(call.name + call.arguments, h);
    if (message.toolCallId) h = part(message.toolCallId, h);
  }
  return part(String(input.seed ?? ''), h);
}

export interface Rng {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [0, maxExclusive). */
  int(maxExclusive: number): number;
  /** One element of a non-empty list. */
  pick<T>(items: readonly T[]): T;
}

/** mulberry32: tiny, fast, and good enough to choose templates; pure integer arithmetic, so portable. */
export function createRng(seed: number): Rng {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (maxExclusive: number): number => Math.floor(next() * maxExclusive);
  return { next, int, pick: <T>(items: readonly T[]): T => items[int(items.length)] as T };
}

// ---------------------------------------------------------------------------------------------
// Word lists
// ---------------------------------------------------------------------------------------------

const words = (list: string): ReadonlySet<string> => new Set(list.split(' '));

/** Function words, prompt-instruction words and interjections: never names, never keywords. */
const COMMON = words(
  'the a an this that these those it its he she they them we us you your yours i me my mine his her hers ' +
    'their our there here what when where who whom whose why how which is are was were be been being am ' +
    'do does did done can could will would shall should may might must have has had if then and but or nor ' +
    'so as in at on to from into onto with without after before now yes no not please once suddenly ' +
    'meanwhile today tonight yesterday tomorrow everyone nobody someone something nothing everything all ' +
    'some any each every hello hi hey thanks thank okay ok well oh ah welcome greetings good great also ' +
    'only always never just still soon later finally first next while because although though since until ' +
    "let let's don't can't won't i'm i've i'll i'd keep stay describe respond reply answer write act " +
    'remember avoid include return output provide generate continue narrate note consider make give be ' +
    'for of by about over under up down out off again maybe perhaps sure right very too more most less ' +
    'such other another same own than like into upon within through across toward towards around near ' +
    "is isn't it's that's what's",
);

/** Verbs a player types as a bare command ("open the gate"); also never names at a sentence start. */
const COMMAND_VERBS = words(
  'open close look go walk run climb enter leave exit take grab pick drop use attack fight strike hit cast ' +
    'draw sheathe search examine inspect read talk speak ask tell say shout whisper call listen wait rest ' +
    'sleep eat drink follow sneak hide push pull light unlock lock break jump swim ride buy sell trade give ' +
    'show throw equip wear kneel pray head move turn check investigate approach touch dig craft forge flee ' +
    'steal help offer descend ascend cross travel explore greet hug nod smile laugh sit stand wake pay bribe ' +
    'threaten persuade charm intimidate shoot aim block dodge defend heal summon play sing pour fill burn cut ' +
    'chop mine fish hunt track feed pet mount dismount board sail row knock ring pocket loot collect gather ' +
    'return bow salute wave point study listen stare glance peer crouch duck charge retreat hold lift carry',
);

/** Words about the conversation itself, not the story ("You are the Narrator", "Respond in JSON"). */
const META = words(
  'narrator player players user users assistant system human ai model json markdown english game master ' +
    'gm dm storyteller npc npcs character characters rules scene state lore notes previously facts',
);

/** Titles and epithets that make a name a person: "Captain Voss", "the Lich of Grimhold". */
const TITLES = words(
  'captain lord lady king queen prince princess sir dame master mistress elder father mother brother ' +
    'sister doctor dr professor mr mrs ms baron baroness duke duchess count countess general commander ' +
    'sergeant lieutenant admiral saint archmage magister high chancellor emperor empress chief warden ' +
    'lich dragon witch wizard sorcerer sorceress necromancer knight giant troll demon god goddess ghost ' +
    'wraith oracle prophet hermit',
);

/** What only a person has: "Seraphina's gentle smile", "Mira's voice" make Seraphina and Mira people. */
const PERSON_PARTS = words(
  'eyes eye voice smile face hair hand hands gaze lips brow mouth heart mind laugh fingers arm ' +
    'arms shoulder shoulders expression name words body head cheeks skin gentle soft warm cold kind ' +
    'stern quiet',
);

/** Requests to the narrator rather than deeds in the world ("Describe the room", "Tell me a joke"). */
const REQUEST_VERBS = words('describe explain summarize summarise define list translate write');

const PLACE_NOUNS = words(
  'library keep tower hall halls forest woods wood gate gates inn tavern castle city village hollow vale ' +
    'valley mountain mountains river lake sea isle island bridge temple shrine crypt cave caves cavern mine ' +
    'mines market square road pass harbor harbour port citadel fortress palace manor ruins marsh swamp ' +
    'desert wastes peak spire academy sanctum abbey cathedral chapel dungeon vault archive archives garden ' +
    'gardens grove glade field fields plains reach falls bay coast shore hills kingdom empire realm district ' +
    'quarter street alley docks mill farm camp outpost catacombs sewers barracks forge stables tunnel ' +
    'tunnels chamber throne throneroom courtyard cellar attic kitchen room hut cabin lighthouse well graveyard ' +
    'cemetery crossroads town capital province land lands bog fen moor heath canyon gorge cliffs ridge pit ' +
    'watchtower wall walls',
);

/** Endings that make a single made-up word a place: Eldhollow, Ravensford, Stormhaven. */
const PLACE_SUFFIXES =
  'hollow holm ford burg borough shire wick port haven dale fell gard heim moor vale keep stead march reach spire watch crest mere field grad polis'.split(
    ' ',
  );

const ITEM_NOUNS = words(
  'sword blade crown ring amulet staff tome book key shield orb stone gem chalice cup dagger bow axe ' +
    'hammer scroll map lantern relic idol talisman cloak helm helmet armor armour potion elixir coin coins ' +
    'letter chest box bag satchel pouch rope torch candle mirror compass wand rod spear mace locket necklace ' +
    'bracelet journal diary note crystal shard skull bone horn flute lute pendant sigil seal banner bell ' +
    'door lever statue altar table window painting barrel crate cart wagon fire campfire cauldron pedestal ' +
    'trapdoor hatch portcullis chain lock cage',
);

/** Heads that follow "in the..." without being places ("in the morning", "at the same time"). */
const NOT_PLACE = words(
  'morning evening night day dawn dusk time moment meantime end beginning way hope fear silence case ' +
    'order name mood middle dark light distance past future meanwhile rain wind person tense form format ' +
    'style words paragraphs prose line lines json',
);

/** "the heart of Karsk": a capitalised name after these and "of" is a place. */
const PLACE_OF = words('heart edge outskirts streets center centre depths borders shores ruins gates walls');

/** Prepositions after which a phrase is a place ("into the Sunken Library"). */
const PLACE_PREPS = words(
  'in at into inside within through across beneath under beyond near around outside throughout toward ' +
    'towards to from past along onto upon over behind',
);

/** After these, a bare capitalised name is as likely a person ("speak to Mira") as a place. */
const PERSON_PREPS = words('to toward towards from past behind');

const DETERMINERS = words('the a an this that');

/** Words that may join capitalised words into one name: "Order of the Silver Hand". */
const NAME_CONNECTORS = words('of the de du von van la le del');

/** Where a lowercase noun phrase ends. */
const PHRASE_STOP = words(
  'and or but with to of for from in at on into by as than then that which who where when while if ' +
    'is are was were be it its so not',
);

const MOODS =
  'wary hopeful curious grim amused anxious determined weary suspicious elated calm defiant'.split(' ');

// ---------------------------------------------------------------------------------------------
// Scanning
// ---------------------------------------------------------------------------------------------

interface Token {
  /** False for punctuation and line breaks, which end names and phrases. */
  word: boolean;
  text: string;
  lower: string;
  capitalised: boolean;
  /** First word of a sentence, where capitalisation proves nothing. */
  sentenceStart: boolean;
}

/** Each text is scanned up to this many characters: enough for any prompt, bounded for huge ones. */
const SCAN_LIMIT = 4000;
/** Only the latest messages are scanned; older history rarely names what matters now. */
const SCAN_MESSAGES = 16;

function isWordCode(c: number): boolean {
  return (
    (c >= 48 && c <= 57) || // 0-9
    (c >= 65 && c <= 90) || // A-Z
    (c >= 97 && c <= 122) || // a-z
    (c >= 0xc0 && c !== 0xd7 && c !== 0xf7 && !(c >= 0x2000 && c <= 0x206f) && !(c >= 0x3000 && c <= 0x303f))
  );
}

/** Apostrophes and hyphens stay inside a word when a letter follows: "Mira's", "Eld-hollow". */
function isJoiner(c: number): boolean {
  return c === 39 || c === 0x2019 || c === 45;
}

function isWhitespace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13) || c === 0xa0;
}

function isCapitalised(word: string): boolean {
  const first = word.charAt(0);
  return first !== first.toLowerCase() && first === first.toUpperCase();
}

/** All-capital words are acronyms (JSON, HP, NPC), not names. */
function isAcronym(word: string): boolean {
  return word.length > 1 && word === word.toUpperCase();
}

function scan(raw: string): Token[] {
  // Interface text ("[OOC: roll]") and dice ("2d6+3") are not story: they hold no names.
  const text = withoutInterfaceText(raw.slice(0, SCAN_LIMIT));
  const tokens: Token[] = [];
  const n = Math.min(text.length, SCAN_LIMIT);
  let sentenceStart = true;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (isWordCode(c)) {
      let j = i + 1;
      while (j < n) {
        const d = text.charCodeAt(j);
        if (isWordCode(d)) j++;
        else if (isJoiner(d) && j + 1 < n && isWordCode(text.charCodeAt(j + 1))) j += 2;
        else break;
      }
      const word = text.slice(i, j);
      tokens.push({
        word: true,
        text: word,
        lower: word.toLowerCase().replace('\u2019', "'"),
        capitalised: isCapitalised(word),
        sentenceStart,
      });
      sentenceStart = false;
      i = j;
      continue;
    }
    if (!isWhitespace(c) || c === 10) {
      const mark = text.charAt(i);
      tokens.push({ word: false, text: mark, lower: mark, capitalised: false, sentenceStart: false });
      // A new sentence (or a quotation) starts after these; a capital there proves nothing.
      if ('.!?:;\n"\u201c\u201d*'.includes(mark)) sentenceStart = true;
    }
    i++;
  }
  return tokens;
}

// ---------------------------------------------------------------------------------------------
// Facts: characters, places, items
// ---------------------------------------------------------------------------------------------

export type EntityKind = 'character' | 'place' | 'item';

export type ActionKind = 'deed' | 'speech' | 'question';

export interface PlayerAction {
  kind: ActionKind;
  /**
   * For a deed, a second-person clause ("you open the rusted gate"); for speech and questions, the
   * player's own words ("Where is Mira?").
   */
  text: string;
  /** What the deed acts upon, when it names a thing ("the rusted gate"). */
  object: string | undefined;
}

export interface StoryFacts {
  /** People and factions by name ("Mira", "the Lich of Grimhold"), most relevant first. */
  characters: string[];
  /** Places ("the Sunken Library", "Eldhollow", "the dark forest"), most relevant first. */
  places: string[];
  /** Named or handled things ("the Crown of Ash", "the rusted gate"), most relevant first. */
  items: string[];
  /** The player's last message, read as a deed, speech or a question; undefined when there is none. */
  action: PlayerAction | undefined;
  /** Content words of the player's last message, for topics and tags. */
  keywords: string[];
}

interface Entity {
  display: string;
  kind: EntityKind;
  /** How sure the kind is: a title or a place noun (3) beats a preposition (2) beats a guess (1). */
  evidence: number;
  score: number;
  order: number;
}

/** Collects mentions across texts; later evidence can reclassify, repeated mentions raise the score. */
class EntityBook {
  private readonly entities = new Map<string, Entity>();
  private readonly excluded = new Set<string>();

  exclude(name: string): void {
    this.excluded.add(name.toLowerCase());
  }

  add(display: string, kind: EntityKind, evidence: number, weight: number): void {
    const key = stripDeterminer(display).toLowerCase();
    if (key.length === 0 || this.excluded.has(key)) return;
    const known = this.entities.get(key);
    if (!known) {
      this.entities.set(key, { display, kind, evidence, score: weight, order: this.entities.size });
      return;
    }
    known.score += weight;
    if (evidence > known.evidence) {
      known.kind = kind;
      known.evidence = evidence;
    }
    // Same key, longer display: "the Sunken Library" once any mention says "the".
    if (display.length > known.display.length) known.display = display;
  }

  list(kind: EntityKind): string[] {
    const found = [...this.entities.values()].filter((entity) => entity.kind === kind).map((e) => ({ ...e }));
    const merged = kind === 'character' ? mergeShortNames(found) : found;
    return merged.sort((a, b) => b.score - a.score || a.order - b.order).map((entity) => entity.display);
  }
}

/** "Mira" and "Mira Thornwood" are one person: the short form's mentions count for the full name. */
function mergeShortNames(characters: Entity[]): Entity[] {
  const full = characters.filter((entity) => entity.display.includes(' '));
  return characters.filter((entity) => {
    if (entity.display.includes(' ')) return true;
    const owner = full.find((other) => nameParts(other.display).includes(entity.display));
    if (!owner) return true;
    owner.score += entity.score;
    owner.order = Math.min(owner.order, entity.order);
    return false;
  });
}

/** The words a name is called by: "Captain Voss" → ["Voss"], "Mira Thornwood" → ["Mira", "Thornwood"]. */
function nameParts(name: string): string[] {
  return name
    .split(' ')
    .filter(
      (part) =>
        part.length > 1 && !TITLES.has(part.toLowerCase()) && !NAME_CONNECTORS.has(part.toLowerCase()),
    );
}

/** Whether the text already says this name, or part of it ("Mira" for "Mira Thornwood"). */
function namedIn(text: string, name: string): boolean {
  return text.includes(name) || nameParts(name).some((part) => text.includes(part));
}

function stripDeterminer(phrase: string): string {
  const space = phrase.indexOf(' ');
  return space > 0 && DETERMINERS.has(phrase.slice(0, space).toLowerCase())
    ? phrase.slice(space + 1)
    : phrase;
}

function hasPlaceSuffix(word: string): boolean {
  const lower = word.toLowerCase();
  return PLACE_SUFFIXES.some((suffix) => lower.length > suffix.length + 1 && lower.endsWith(suffix));
}

function stripPossessive(word: string): { word: string; possessive: boolean } {
  const lower = word.toLowerCase();
  if (lower.endsWith("'s") || lower.endsWith('\u2019s')) return { word: word.slice(0, -2), possessive: true };
  return { word, possessive: false };
}

function startsName(token: Token): boolean {
  if (!token.word || !token.capitalised || isAcronym(token.text) || token.lower === 'i') return false;
  // "I've", "I'd": the player, never a name.
  if (token.lower.startsWith("i'")) return false;
  if (MECHANICS.has(token.lower)) return false;
  return !(
    token.sentenceStart &&
    (COMMON.has(token.lower) || COMMAND_VERBS.has(token.lower) || IMPERATIVES.has(token.lower))
  );
}

/** Reads a capitalised name starting at `start`; returns its words and the index after it. */
function readName(tokens: readonly Token[], start: number): { names: string[]; end: number } {
  const names: string[] = [];
  let i = start;
  while (i < tokens.length && names.length < 6) {
    const token = tokens[i];
    if (!token?.word) break;
    if (names.length > 0 && !token.capitalised) {
      // Connectors only count when a capitalised word follows: "Order of the Silver Hand".
      let j = i;
      while (j < tokens.length && tokens[j]?.word && NAME_CONNECTORS.has(tokens[j]?.lower ?? '')) j++;
      const next = tokens[j];
      if (j === i || !next?.word || !next.capitalised || isAcronym(next.text)) break;
      for (let k = i; k < j; k++) names.push(tokens[k]?.text ?? '');
      i = j;
      continue;
    }
    if (!token.capitalised || isAcronym(token.text) || token.lower === 'i') break;
    const { word, possessive } = stripPossessive(token.text);
    i++;
    // "Zoë's Hollow" is one name; "Zoë's sword" ends the name at "Zoë".
    const continues = tokens[i]?.word === true && tokens[i]?.capitalised === true;
    names.push(possessive && continues ? token.text : word);
    if (possessive && !continues) break;
  }
  return { names, end: i };
}

/** `preposition` is the word before the name; for "of", the word before it ("watchtower of Karsk"). */
function classifyName(names: readonly string[], preposition: string | undefined, hasDeterminer: boolean) {
  const ofIndex = names.indexOf('of');
  const head = (names[(ofIndex > 0 ? ofIndex : names.length) - 1] ?? '').toLowerCase();
  const first = (names[0] ?? '').toLowerCase();
  if (TITLES.has(first)) return { kind: 'character' as const, evidence: 3 };
  if (ITEM_NOUNS.has(head)) return { kind: 'item' as const, evidence: 3 };
  if (PLACE_NOUNS.has(head) || (names.length === 1 && hasPlaceSuffix(head))) {
    return { kind: 'place' as const, evidence: 3 };
  }
  if (preposition && PLACE_PREPS.has(preposition) && (hasDeterminer || !PERSON_PREPS.has(preposition))) {
    return { kind: 'place' as const, evidence: 2 };
  }
  // People are rarely "the" anything; "the Gilded Stag" is an inn, "the Silver Hand" an order.
  if (hasDeterminer) return { kind: 'place' as const, evidence: 2 };
  return { kind: 'character' as const, evidence: 1 };
}

function isMetaName(names: readonly string[]): boolean {
  return names.every((name) => META.has(name.toLowerCase()) || name.toLowerCase() === 'dungeon');
}

/**
 * Reads a lowercase noun phrase after a determiner ("the rusted gate"): up to three words, ending at a
 * stop word, punctuation or a capital. It is cut after the first known noun; without one, it is kept only
 * when short and cleanly ended, since "the guard stands watch" is not a thing.
 */
function readNounPhrase(tokens: readonly Token[], start: number, lenient: boolean): string[] | undefined {
  const found: string[] = [];
  let i = start;
  while (i < tokens.length && found.length < 3) {
    const token = tokens[i];
    if (!token?.word || token.capitalised || PHRASE_STOP.has(token.lower) || DETERMINERS.has(token.lower))
      break;
    if (token.lower.endsWith('ly') || token.lower.endsWith('ing')) break;
    found.push(token.lower);
    if (PLACE_NOUNS.has(token.lower) || ITEM_NOUNS.has(token.lower)) return found;
    i++;
  }
  if (found.length === 0) return undefined;
  const endedCleanly = found.length < 3 || !tokens[i]?.word;
  if (endedCleanly) return found;
  return lenient ? found.slice(0, 2) : undefined;
}

/**
 * The words the texts capitalise where a capital means something: inside a sentence. A single word at
 * a sentence start ("Traits, you say?", "*Opening a window…*") is a name only when it is one of these.
 */
function capitalisedMidSentence(texts: ReadonlyArray<readonly Token[]>): Set<string> {
  const seen = new Set<string>();
  for (const tokens of texts)
    for (const token of tokens)
      if (token.word && token.capitalised && !token.sentenceStart && !isAcronym(token.text))
        seen.add(stripPossessive(token.lower).word);
  return seen;
}

function collectEntities(
  tokens: readonly Token[],
  book: EntityBook,
  weight: number,
  confirmed: ReadonlySet<string>,
): void {
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (!token?.word) continue;
    if (startsName(token)) {
      const { names, end } = readName(tokens, i);
      // "Seraphina's gentle smile": whoever owns a smile is a person, even at a sentence start.
      const owner = tokens[end - 1]?.lower.endsWith("'s") && PERSON_PARTS.has(tokens[end]?.lower ?? '');
      const unconfirmed =
        token.sentenceStart && names.length === 1 && !confirmed.has((names[0] ?? '').toLowerCase());
      if (names.length > 0 && owner && !isMetaName(names)) book.add(names.join(' '), 'character', 3, weight);
      else if (names.length > 0 && !unconfirmed && !isMetaName(names))
        addName(tokens, i, names, book, weight);
      i = Math.max(i, end - 1);
      continue;
    }
    if (DETERMINERS.has(token.lower) && tokens[i + 1]?.word && !tokens[i + 1]?.capitalised) {
      addNounPhrase(tokens, i, book, weight);
    }
  }
}

function addName(tokens: readonly Token[], start: number, names: string[], book: EntityBook, weight: number) {
  const before = tokens[start - 1];
  const hasDeterminer = before?.word === true && before.lower === 'the';
  const at = start - (hasDeterminer ? 2 : 1);
  const prepToken = tokens[at];
  let preposition = prepToken?.word ? prepToken.lower : undefined;
  const owner = tokens[at - 1];
  if (preposition === 'of' && owner?.word && (PLACE_NOUNS.has(owner.lower) || PLACE_OF.has(owner.lower))) {
    preposition = 'in';
  }
  const { kind, evidence } = classifyName(names, preposition, hasDeterminer);
  const name = names.join(' ');
  book.add(hasDeterminer ? `the ${name}` : name, kind, evidence, weight);
}

function addNounPhrase(tokens: readonly Token[], at: number, book: EntityBook, weight: number) {
  const phrase = readNounPhrase(tokens, at + 1, false);
  if (!phrase) return;
  const head = phrase[phrase.length - 1] ?? '';
  const display = `${tokens[at]?.lower} ${phrase.join(' ')}`;
  const prep = tokens[at - 1];
  // Half weight: a proper name ("the Sunken Library") says more than "the dark corridor".
  if (ITEM_NOUNS.has(head)) book.add(display, 'item', 3, weight / 2);
  else if (prep?.word && PLACE_PREPS.has(prep.lower) && !NOT_PLACE.has(head)) {
    book.add(display, 'place', 2, weight / 2);
  }
}

// ---------------------------------------------------------------------------------------------
// The player's action
// ---------------------------------------------------------------------------------------------

/** First person → second person; "am"/"was" only change right after "I". */
const SECOND_PERSON: Record<string, string> = {
  i: 'you',
  me: 'you',
  my: 'your',
  mine: 'yours',
  myself: 'yourself',
  we: 'you',
  us: 'you',
  our: 'your',
  ours: 'yours',
  ourselves: 'yourselves',
  "i'm": "you're",
  "i've": "you've",
  "i'll": "you'll",
  "i'd": "you'd",
  "we're": "you're",
  "we've": "you've",
  "we'll": "you'll",
};

const AFTER_I: Record<string, string> = { am: 'are', was: 'were' };

/** A table's own entry: the player's "constructor" is a word, not Object.prototype's. */
const ownWord = (table: Record<string, string>, word: string) =>
  Object.hasOwn(table, word) ? table[word] : undefined;

const QUESTION_STARTS = words(
  'what who whom whose where when why how which is are was were do does did can could will would shall ' +
    'should may might must have has had am',
);

const THIRD_PERSON_STARTS = words('the a an this that these those he she they it his her their its you your');

const MAX_ACTION_WORDS = 40;
/** Bounds the work on a huge pasted message; an action is one sentence. */
const MAX_ACTION_CHARS = 400;

/** Rewrites first-person words outside quotation marks; quoted speech keeps the player's own words. */
export function toSecondPerson(text: string): string {
  let out = '';
  let quoted = false;
  let previous = '';
  let i = 0;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (!isWordCode(c)) {
      if (c === 34 || c === 0x201c || c === 0x201d) quoted = !quoted;
      out += text.charAt(i);
      i++;
      continue;
    }
    let j = i + 1;
    while (j < text.length) {
      const d = text.charCodeAt(j);
      if (isWordCode(d)) j++;
      else if (isJoiner(d) && j + 1 < text.length && isWordCode(text.charCodeAt(j + 1))) j += 2;
      else break;
    }
    const word = text.slice(i, j);
    const lower = word.toLowerCase().replace('\u2019', "'");
    const mapped = quoted
      ? undefined
      : (ownWord(SECOND_PERSON, lower) ?? (previous === 'i' ? ownWord(AFTER_I, lower) : undefined));
    out += mapped === undefined ? word : matchCase(word, mapped);
    previous = lower;
    i = j;
  }
  return out;
}

/** Keeps a capital where the original had one, except "I", which is capital everywhere. */
function matchCase(original: string, replacement: string): string {
  const lower = original.toLowerCase();
  return isCapitalised(original) && !lower.startsWith('i') ? capitalise(replacement) : replacement;
}

/** Strips roleplay markup (*I draw my sword*) and keeps the first sentence, bounded in length. */
function firstSentence(text: string): string {
  // Asterisks mark actions in roleplay chat; they are not part of the narration.
  const cleaned = text.slice(0, MAX_ACTION_CHARS).replaceAll('*', '').trim();
  let quoted = false;
  let end = cleaned.length;
  for (let i = 0; i < cleaned.length; i++) {
    const c = cleaned.charAt(i);
    if (c === '"' || c === '\u201c' || c === '\u201d') quoted = !quoted;
    else if (
      !quoted &&
      '.!?\n'.includes(c) &&
      (i + 1 >= cleaned.length || isWhitespace(cleaned.charCodeAt(i + 1)))
    ) {
      end = c === '\n' ? i : i + 1;
      break;
    }
  }
  return limitWords(cleaned.slice(0, end).trim(), MAX_ACTION_WORDS);
}

function limitWords(text: string, max: number): string {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    if (isWhitespace(text.charCodeAt(i)) && i > 0 && !isWhitespace(text.charCodeAt(i - 1))) {
      count++;
      if (count >= max) return text.slice(0, i);
    }
  }
  return text;
}

function stripEndPunctuation(text: string): string {
  let end = text.length;
  while (end > 0 && '.!;,:\u2026'.includes(text.charAt(end - 1))) end--;
  return text.slice(0, end).trim();
}

/**
 * What the player did, from the last user message. A prompt template may put context lines before it
 * ("Scene: the mill.", "Previously: …") and end with the player's own line, "Aren: I open the gate":
 * then that last line, without its speaker, is the action.
 */
const FIRST_PERSON_START = /^(?:["“*]?\s*)(?:i|i'm|i've|i'll|i'd|i’m|my|we|we're|our|me)\b/i;

function playerLine(content: string): { text: string; speaker: string | undefined } {
  const lines = content
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
  const line = lines.at(-1) as string;
  const match = /^([A-Z][\p{L}'’ -]{0,40}):\s+(.+)$/u.exec(line);
  if (!match) return { text: content, speaker: undefined };
  // One line alone is the player's own when it speaks in the first person ("Aren: I open the gate");
  // "Mira: where is the key?" talks to Mira.
  if (lines.length < 2 && !FIRST_PERSON_START.test(match[2] as string))
    return { text: content, speaker: undefined };
  return { text: match[2] as string, speaker: match[1] };
}

function readAction(content: string, knownNames: ReadonlySet<string>): PlayerAction | undefined {
  const sentence = firstSentence(content);
  const tokens = scan(sentence);
  const first = tokens.find((token) => token.word);
  if (!first) return undefined;
  const plain = stripEndPunctuation(sentence);
  const converted = toSecondPerson(plain);
  // Only first-person words outside quotation marks change, so this also tells '"Hi," I say' from '"Hi"'.
  const firstPerson = converted !== plain;
  const quoted = sentence.startsWith('"') || sentence.startsWith('\u201c');
  if (quoted && !firstPerson) return { kind: 'speech', text: unquote(sentence), object: undefined };
  if (!quoted && (sentence.endsWith('?') || QUESTION_STARTS.has(first.lower))) {
    return { kind: 'question', text: withEndPunctuation(sentence, '?'), object: undefined };
  }
  const command = COMMAND_VERBS.has(first.lower);
  // "Give me the key" asks someone for something; "attack with my axe" is still a deed.
  const asksForMe = command && tokens.some((token) => token.lower === 'me' || token.lower === 'us');
  if (REQUEST_VERBS.has(first.lower) || asksForMe) {
    return { kind: 'question', text: withEndPunctuation(sentence, '.'), object: undefined };
  }
  let clause: string | undefined;
  if (command) clause = `you ${lowerFirst(converted)}`;
  else if (firstPerson || first.lower === 'you') clause = converted;
  else if (THIRD_PERSON_STARTS.has(first.lower) || knownNames.has(first.lower)) clause = plain;
  if (clause === undefined)
    return { kind: 'speech', text: withEndPunctuation(sentence, '.'), object: undefined };
  clause = knownNames.has(firstWordLower(clause)) ? clause : lowerFirst(clause);
  return { kind: 'deed', text: clause, object: findObject(clause) };
}

function firstWordLower(text: string): string {
  const space = text.indexOf(' ');
  return (space < 0 ? text : text.slice(0, space)).toLowerCase();
}

function unquote(text: string): string {
  const inner = text.replace(/^["\u201c']+/, '').replace(/["\u201d']+$/, '');
  return withEndPunctuation(inner.trim(), '.');
}

function withEndPunctuation(text: string, mark: string): string {
  return '.!?'.includes(text.charAt(text.length - 1)) ? text : text + mark;
}

/** The first concrete thing a deed acts on, not counting where it happens: "the rusted gate". */
function findObject(clause: string): string | undefined {
  const tokens = scan(clause);
  for (let i = 1; i < tokens.length; i++) {
    const token = tokens[i];
    const before = tokens[i - 1];
    if (!token?.word || !(DETERMINERS.has(token.lower) || token.lower === 'your')) continue;
    if (before?.word && PLACE_PREPS.has(before.lower)) continue;
    const phrase = readNounPhrase(tokens, i + 1, true);
    const head = phrase?.[phrase.length - 1] ?? '';
    // Only a concrete thing is worth a sentence of its own; "the rumours" stays in the clause.
    if (phrase && (ITEM_NOUNS.has(head) || PLACE_NOUNS.has(head)))
      return `${token.lower} ${phrase.join(' ')}`;
  }
  return undefined;
}

function extractKeywords(content: string): string[] {
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

// ---------------------------------------------------------------------------------------------
// extractFacts
// ---------------------------------------------------------------------------------------------

/**
 * Reads the prompt for what the narration can talk about. Names in the player's last message count
 * most, then the two messages before it, then older history and the system prompt. A question's own
 * names are topics, not bystanders, so they are not counted as characters present.
 */
export function extractFacts(messages: readonly ChatMessage[], system?: string): StoryFacts {
  const book = new EntityBook();
  // The player's own name is never a bystander who "watches you".
  for (const message of messages) if (message.role === 'user' && message.name) book.exclude(message.name);
  // A template's last line names the player ("Aren: I open the gate"): not a bystander either.
  const lastUserMessage = messages.findLast((message) => message.role === 'user');
  const speaker = lastUserMessage ? playerLine(lastUserMessage.content).speaker : undefined;
  if (speaker) book.exclude(speaker);
  const systemText = [system ?? '', ...messages.filter((m) => m.role === 'system').map((m) => m.content)];
  const systemTokens = systemText.map(scan);
  const dialogue = messages.filter((m) => m.role !== 'system').slice(-SCAN_MESSAGES);
  const dialogueTokens = dialogue.map((message) => scan(message.content));
  const confirmed = capitalisedMidSentence([...systemTokens, ...dialogueTokens]);
  for (const message of messages) if (message.name) confirmed.add(message.name.toLowerCase());

  for (const tokens of systemTokens) collectEntities(tokens, book, 1, confirmed);
  let lastUser = -1;
  dialogue.forEach((message, index) => {
    if (message.role === 'user') lastUser = index;
  });
  dialogue.forEach((message, index) => {
    if (message.role === 'assistant' && message.name) book.add(message.name, 'character', 3, 3);
    if (index !== lastUser)
      collectEntities(dialogueTokens[index] ?? [], book, index >= lastUser - 2 ? 2 : 1, confirmed);
  });

  const last = dialogue[lastUser];
  // A deed may start with a name ("Aria draws her sword"): the player's own, or one already met.
  const knownNames = new Set(book.list('character').map((name) => firstWordLower(name)));
  if (last?.name) knownNames.add(firstWordLower(last.name));
  const turn = last ? playerLine(removeInterfaceText(last.content)) : undefined;
  const action = turn ? readAction(turn.text, knownNames) : undefined;
  if (last && action?.kind !== 'question')
    collectEntities(dialogueTokens[lastUser] ?? [], book, 4, confirmed);
  // What the player handles is a thing here, even a gate: the scene's places stay the named ones.
  if (action?.object) book.add(action.object, 'item', 4, 1);

  return {
    characters: book.list('character'),
    places: book.list('place'),
    items: book.list('item'),
    action,
    keywords: last ? extractKeywords(action?.text ?? last.content) : [],
  };
}

// ---------------------------------------------------------------------------------------------
// Templates
// ---------------------------------------------------------------------------------------------

interface Slots {
  clause?: string | undefined;
  quote?: string | undefined;
  object?: string | undefined;
  place?: string | undefined;
  character?: string | undefined;
  topic?: string | undefined;
}

/** A sentence template; it returns undefined when a slot it needs is empty. */
type Template = (s: Slots) => string | undefined;

export function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

function possessive(name: string): string {
  return `${name}'s`;
}

const DEED: Template[] = [
  (s) => s.clause && `${capitalise(s.clause)}.`,
  (s) => s.clause && `Slowly, ${s.clause}.`,
  (s) => s.clause && `Without a word, ${s.clause}.`,
  (s) => s.clause && `With a steadying breath, ${s.clause}.`,
  (s) => s.clause && s.place && `${capitalise(s.clause)}, and the sound carries through ${s.place}.`,
  (s) => s.clause && s.place && `${capitalise(s.clause)}; for a heartbeat, nothing in ${s.place} moves.`,
  (s) => s.clause && s.character && `${capitalise(s.clause)} while ${s.character} watches.`,
];

const SPEECH: Template[] = [
  (s) => s.quote && `You say, "${s.quote}"`,
  (s) => s.quote && `Your words hang in the air: "${s.quote}"`,
  (s) => s.quote && s.character && `You turn to ${s.character}: "${s.quote}"`,
  (s) => s.quote && s.place && `Your voice carries across ${s.place}: "${s.quote}"`,
];

const QUESTION: Template[] = [
  (s) => s.quote && `You ask, "${s.quote}"`,
  (s) => s.quote && `"${s.quote.replace(/\.$/, ',')}" you ask.`,
  (s) => s.quote && s.character && `You turn to ${s.character} and ask, "${s.quote}"`,
];

const ANSWER: Template[] = [
  (s) => s.topic && `The narrator turns the matter of ${s.topic} over like a coin in the firelight.`,
  (s) => s.topic && s.character && `${s.character} considers ${s.topic} for a long moment before answering.`,
  (s) =>
    s.topic &&
    s.place &&
    `The old chronicles of ${s.place} speak of ${s.topic}, though no two scribes agree.`,
  (s) =>
    s.topic &&
    s.character &&
    `"${capitalise(s.topic)}," ${s.character} repeats softly. "A question worth asking."`,
];

const OPENING: Template[] = [
  (s) => s.place && `The story opens in ${s.place}, where the lamps burn low.`,
  (s) => s.character && `${s.character} waits for you, patient as stone.`,
  () => 'The world holds its breath, waiting for your first move.',
];

const SCENE: Template[] = [
  (s) => s.place && `Dust drifts through ${s.place} as the echo fades.`,
  (s) => s.place && `Somewhere deep in ${s.place}, something old answers with a low groan.`,
  (s) => s.place && `The air in ${s.place} turns cold and smells of rain and iron.`,
  (s) => s.place && `Shadows lengthen across ${s.place}, and the quiet feels deliberate.`,
  (s) => s.place && s.object && `Lantern light flickers across ${s.place}, catching on ${s.object}.`,
  (s) => s.object && `For a moment, every eye is on ${s.object}.`,
  () => 'The silence that follows feels deliberate.',
  () => 'Somewhere far off, a bell tolls once.',
];

const LINES: Template[] = [
  () => 'Careful. Not everything here wants to be found.',
  () => 'You are braver than you look.',
  (s) => s.place && `Nothing in ${s.place} stays hidden for long.`,
  (s) => s.object && `Mind ${s.object}. Some things are best left alone.`,
  (s) => s.place && `They say ${s.place} remembers everyone who passes through.`,
];

const REACTION: Template[] = [
  (s) => s.character && `${s.character} watches you in silence, weighing what this means.`,
  (s) => s.character && `${s.character} nods once, as if this was always going to happen.`,
  (s) => s.character && `A thin smile crosses ${possessive(s.character)} face.`,
  (s) =>
    s.character && `${s.character} steps closer and says quietly: "${render(LINES, s, s.character.length)}"`,
  () => 'No one stops you.',
  () => 'If anyone saw, they keep it to themselves.',
];

const HOOK: Template[] = [
  () => 'What do you do next?',
  () => 'The way forward is open, for now.',
  (s) => s.place && `Somewhere beyond ${s.place}, a door you cannot see creaks shut.`,
  (s) => s.character && `Whatever happens next, ${s.character} will remember this.`,
];

const REASONS: Template[] = [
  (s) => s.clause && s.character && `Because ${s.clause}, ${s.character} has reason to change.`,
  (s) => s.clause && `${capitalise(s.clause)}, and that changes what the world knows.`,
  (s) => s.place && `The situation in ${s.place} has shifted and must be recorded.`,
  () => 'The latest events change what is known.',
];

/** Renders the `index`-th usable template (wrapping), so a caller can pick without an Rng. */
function render(templates: readonly Template[], slots: Slots, index: number): string {
  const usable = usableTemplates(templates, slots);
  return usable[index % usable.length] ?? '';
}

function usableTemplates(templates: readonly Template[], slots: Slots): string[] {
  const out: string[] = [];
  for (const template of templates) {
    const text = template(slots);
    if (text) out.push(text);
  }
  return out;
}

/**
 * Picks a template. With `named`, only sentences that mention a character or place the prompt gave are
 * eligible when there are any, which is how every answer gets to name something from the prompt.
 */
function choose(templates: readonly Template[], slots: Slots, rng: Rng, named = false): string {
  const usable = usableTemplates(templates, slots);
  const naming = named ? usable.filter((text) => mentions(text, slots)) : [];
  const pool = naming.length > 0 ? naming : usable;
  return pool.length > 0 ? rng.pick(pool) : '';
}

function mentions(text: string, slots: Slots): boolean {
  return Boolean(
    (slots.place && text.includes(slots.place)) || (slots.character && text.includes(slots.character)),
  );
}

// ---------------------------------------------------------------------------------------------
// Narration
// ---------------------------------------------------------------------------------------------

/** Picks one of the few most relevant names, so the answer stays on topic but still varies. */
function pickTop(list: readonly string[], rng: Rng, exclude?: string): string | undefined {
  const pool = list.slice(0, 3).filter((entry) => !exclude || !namedIn(exclude, entry));
  const candidates = pool.length > 0 ? pool : list.slice(0, 1);
  return candidates.length > 0 ? rng.pick(candidates) : undefined;
}

function joinWords(list: readonly string[]): string {
  if (list.length <= 1) return list[0] ?? '';
  return `${list.slice(0, -1).join(', ')} and ${list[list.length - 1]}`;
}

function slotsFor(facts: StoryFacts, rng: Rng): Slots {
  const action = facts.action;
  const actionText = action?.text ?? '';
  return {
    clause: action?.kind === 'deed' ? action.text : undefined,
    quote: action && action.kind !== 'deed' ? action.text : undefined,
    object: action?.object ?? facts.items[0],
    place: pickTop(facts.places, rng),
    // A bystander other than whoever the player is addressing, when there is one.
    character: pickTop(facts.characters, rng, actionText),
    // "Tell me a joke" is about the joke, not the telling.
    topic:
      joinWords(facts.keywords.filter((word) => !COMMAND_VERBS.has(word.toLowerCase())).slice(0, 3)) ||
      undefined,
  };
}

/** Slots for the action's own sentence: names the clause already says are not repeated in it. */
function withoutRepeats(slots: Slots): Slots {
  const said = slots.clause ?? slots.quote ?? '';
  return {
    ...slots,
    place: slots.place && namedIn(said, slots.place) ? undefined : slots.place,
    character: slots.character && namedIn(said, slots.character) ? undefined : slots.character,
  };
}

function openingSentence(facts: StoryFacts, slots: Slots, rng: Rng): string {
  const own = withoutRepeats(slots);
  switch (facts.action?.kind) {
    case 'deed':
      return choose(DEED, own, rng);
    case 'speech':
      return choose(SPEECH, own, rng);
    case 'question':
      return choose(QUESTION, own, rng);
    default:
      return choose(OPENING, slots, rng, true);
  }
}

/** A direct answer for arithmetic ("What is 2+2?"), so plain questions get a real reply. */
export function solveArithmetic(question: string): { expression: string; result: string } | undefined {
  // Bounded input keeps this regex linear in practice.
  const match = /(-?\d+(?:\.\d+)?)\s*(\+|-|\*|\/|x|×|÷|plus|minus|times)\s*(-?\d+(?:\.\d+)?)/i.exec(
    question.slice(0, 200),
  );
  if (!match) return undefined;
  const a = Number(match[1]);
  const b = Number(match[3]);
  const op = (match[2] ?? '').toLowerCase();
  let value: number;
  if (op === '+' || op === 'plus') value = a + b;
  else if (op === '-' || op === 'minus') value = a - b;
  else if (op === '/' || op === '÷') {
    if (b === 0) return undefined;
    value = a / b;
  } else value = a * b;
  return { expression: match[0], result: String(Number(value.toFixed(6))) };
}

function answerSentence(question: string, slots: Slots, rng: Rng): string {
  const solved = solveArithmetic(question);
  if (solved) {
    const who = slots.character ?? 'The narrator';
    return `${who} answers without hesitation: ${solved.expression} makes ${solved.result}.`;
  }
  return choose(ANSWER, { ...slots, topic: slots.topic ?? 'your question' }, rng, true);
}

/**
 * Narrates 2–5 sentences: the player's action (or an opening), an answer for a question, one or two
 * sentences of scene and reaction (the first always naming a place or character when the prompt gave
 * one), and sometimes a closing hook.
 */
export function narrate(facts: StoryFacts, rng: Rng): string {
  const slots = slotsFor(facts, rng);
  const sentences = [openingSentence(facts, slots, rng)];
  const question = facts.action?.kind === 'question';
  if (question && facts.action) sentences.push(answerSentence(facts.action.text, slots, rng));
  // An answered question needs only a line of scene; a deed gets scene and reaction, in either order.
  const middle = rng.next() < 0.5 || question ? [SCENE, REACTION] : [REACTION, SCENE];
  const count = question ? 1 : 1 + rng.int(2);
  for (let i = 0; i < count; i++) {
    const alreadyNamed = sentences.some((sentence) => mentions(sentence, slots));
    sentences.push(choose(middle[i] ?? SCENE, slots, rng, !alreadyNamed));
  }
  if (rng.next() < 0.5) sentences.push(choose(HOOK, slots, rng));
  // Names may start with "the" ("the Lich of Grimhold nods"), so sentences are capitalised last.
  return sentences
    .filter((sentence) => sentence.length > 0)
    .map(capitalise)
    .join(' ');
}

/** One sentence of scene or reaction that names something from the prompt (for JSON descriptions). */
export function describe(facts: StoryFacts, rng: Rng): string {
  return capitalise(choose(rng.next() < 0.5 ? SCENE : REACTION, slotsFor(facts, rng), rng, true));
}

/** One in-character line of dialogue, without quotation marks. */
export function speak(facts: StoryFacts, rng: Rng): string {
  return capitalise(choose(LINES, slotsFor(facts, rng), rng, true));
}

/** One sentence explaining why the world should change (for "reasoning" fields). */
export function explain(facts: StoryFacts, rng: Rng): string {
  return capitalise(choose(REASONS, slotsFor(facts, rng), rng, true));
}

export function pickMood(rng: Rng): string {
  return rng.pick(MOODS);
}

// ---------------------------------------------------------------------------------------------
// Length: token counting, maxTokens and stop sequences
// ---------------------------------------------------------------------------------------------

/** A word longer than this is cut by characters: BPE is quadratic in a run without whitespace. */
const EXACT_COUNT_RUN = 64;
const CHARS_PER_TOKEN = 4;

/** Splits text into word-sized pieces (leading whitespace + word); joined, they give the text back. */
export function splitWords(text: string): string[] {
  const pieces: string[] = [];
  let start = 0;
  let i = 0;
  while (i < text.length) {
    while (i < text.length && isWhitespace(text.charCodeAt(i))) i++;
    while (i < text.length && !isWhitespace(text.charCodeAt(i))) i++;
    pieces.push(text.slice(start, i));
    start = i;
  }
  return pieces;
}

export interface Limits {
  maxTokens?: number | undefined;
  stop?: readonly string[] | undefined;
}

/**
 * Cuts text at the first stop sequence, then to at most `maxTokens` tokens on a word boundary (counting
 * word pieces one by one, so the text is not re-encoded for every word).
 */
export function limitText(text: string, limits: Limits): { text: string; finishReason: FinishReason } {
  let limited = text;
  for (const stop of limits.stop ?? []) {
    const at = stop.length > 0 ? limited.indexOf(stop) : -1;
    if (at >= 0) limited = limited.slice(0, at);
  }
  if (limits.maxTokens === undefined || !Number.isFinite(limits.maxTokens)) {
    return { text: limited, finishReason: 'stop' };
  }
  const max = Math.max(1, Math.floor(limits.maxTokens));
  if (countTextTokens(limited) <= max) return { text: limited, finishReason: 'stop' };
  const kept: string[] = [];
  let used = 0;
  for (const piece of splitWords(limited)) {
    used += countTextTokens(piece);
    if (used > max) break;
    kept.push(piece);
  }
  // Tokens rarely merge across a space, but check the joined text rather than trust the sum.
  while (kept.length > 0 && countTextTokens(kept.join('')) > max) kept.pop();
  return {
    text: kept.length > 0 ? kept.join('') : cutWord(limited.trimStart(), max),
    finishReason: 'length',
  };
}

/** When even the first word is over the limit, it is cut by tokens (or by characters, if huge). */
function cutWord(text: string, maxTokens: number): string {
  const word = splitWords(text)[0] ?? '';
  if (word.length > EXACT_COUNT_RUN) return word.slice(0, maxTokens * CHARS_PER_TOKEN);
  return decode(encode(word).slice(0, maxTokens));
}
