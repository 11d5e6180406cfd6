/**
 * Narration: fills the template slots from the story facts and strings sentences together (the
 * action or an opening, an answer, scene and reaction, a hook); also the single sentences, lines and
 * moods that JSON fields ask for.
 */
import { solveArithmetic } from './arithmetic.js';
import { capitalise } from './characters.js';
import { namedIn } from './entity-book.js';
import type { Rng } from './random.js';
import type { StoryFacts } from './story-facts.js';
import {
  ANSWER,
  choose,
  DEED,
  HOOK,
  LINES,
  mentions,
  OPENING,
  QUESTION,
  REACTION,
  REASONS,
  SCENE,
  type Slots,
  SPEECH,
} from './templates.js';
import { COMMAND_VERBS, MOODS } from './word-lists.js';

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
