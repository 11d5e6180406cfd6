/**
 * Sentence templates (deeds, speech, questions, answers, scene, reactions, hooks, reasons, lines of
 * dialogue) and how one is picked: only templates whose slots are filled, preferring those that name
 * something from the prompt.
 */
import { capitalise } from './characters.js';
import type { Rng } from './random.js';

export interface Slots {
  clause?: string | undefined;
  quote?: string | undefined;
  object?: string | undefined;
  place?: string | undefined;
  character?: string | undefined;
  topic?: string | undefined;
}

/** A sentence template; it returns undefined when a slot it needs is empty. */
type Template = (s: Slots) => string | undefined;

function possessive(name: string): string {
  return `${name}'s`;
}

export const DEED: Template[] = [
  (s) => s.clause && `${capitalise(s.clause)}.`,
  (s) => s.clause && `Slowly, ${s.clause}.`,
  (s) => s.clause && `Without a word, ${s.clause}.`,
  (s) => s.clause && `With a steadying breath, ${s.clause}.`,
  (s) => s.clause && s.place && `${capitalise(s.clause)}, and the sound carries through ${s.place}.`,
  (s) => s.clause && s.place && `${capitalise(s.clause)}; for a heartbeat, nothing in ${s.place} moves.`,
  (s) => s.clause && s.character && `${capitalise(s.clause)} while ${s.character} watches.`,
];

export const SPEECH: Template[] = [
  (s) => s.quote && `You say, "${s.quote}"`,
  (s) => s.quote && `Your words hang in the air: "${s.quote}"`,
  (s) => s.quote && s.character && `You turn to ${s.character}: "${s.quote}"`,
  (s) => s.quote && s.place && `Your voice carries across ${s.place}: "${s.quote}"`,
];

export const QUESTION: Template[] = [
  (s) => s.quote && `You ask, "${s.quote}"`,
  (s) => s.quote && `"${s.quote.replace(/\.$/, ',')}" you ask.`,
  (s) => s.quote && s.character && `You turn to ${s.character} and ask, "${s.quote}"`,
];

export const ANSWER: Template[] = [
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

export const OPENING: Template[] = [
  (s) => s.place && `The story opens in ${s.place}, where the lamps burn low.`,
  (s) => s.character && `${s.character} waits for you, patient as stone.`,
  () => 'The world holds its breath, waiting for your first move.',
];

export const SCENE: Template[] = [
  (s) => s.place && `Dust drifts through ${s.place} as the echo fades.`,
  (s) => s.place && `Somewhere deep in ${s.place}, something old answers with a low groan.`,
  (s) => s.place && `The air in ${s.place} turns cold and smells of rain and iron.`,
  (s) => s.place && `Shadows lengthen across ${s.place}, and the quiet feels deliberate.`,
  (s) => s.place && s.object && `Lantern light flickers across ${s.place}, catching on ${s.object}.`,
  (s) => s.object && `For a moment, every eye is on ${s.object}.`,
  () => 'The silence that follows feels deliberate.',
  () => 'Somewhere far off, a bell tolls once.',
];

export const LINES: Template[] = [
  () => 'Careful. Not everything here wants to be found.',
  () => 'You are braver than you look.',
  (s) => s.place && `Nothing in ${s.place} stays hidden for long.`,
  (s) => s.object && `Mind ${s.object}. Some things are best left alone.`,
  (s) => s.place && `They say ${s.place} remembers everyone who passes through.`,
];

export const REACTION: Template[] = [
  (s) => s.character && `${s.character} watches you in silence, weighing what this means.`,
  (s) => s.character && `${s.character} nods once, as if this was always going to happen.`,
  (s) => s.character && `A thin smile crosses ${possessive(s.character)} face.`,
  (s) =>
    s.character && `${s.character} steps closer and says quietly: "${render(LINES, s, s.character.length)}"`,
  () => 'No one stops you.',
  () => 'If anyone saw, they keep it to themselves.',
];

export const HOOK: Template[] = [
  () => 'What do you do next?',
  () => 'The way forward is open, for now.',
  (s) => s.place && `Somewhere beyond ${s.place}, a door you cannot see creaks shut.`,
  (s) => s.character && `Whatever happens next, ${s.character} will remember this.`,
];

export const REASONS: Template[] = [
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
export function choose(templates: readonly Template[], slots: Slots, rng: Rng, named = false): string {
  const usable = usableTemplates(templates, slots);
  const naming = named ? usable.filter((text) => mentions(text, slots)) : [];
  const pool = naming.length > 0 ? naming : usable;
  return pool.length > 0 ? rng.pick(pool) : '';
}

export function mentions(text: string, slots: Slots): boolean {
  return Boolean(
    (slots.place && text.includes(slots.place)) || (slots.character && text.includes(slots.character)),
  );
}
