/**
 * A tool call's arguments, valid against the function's JSON schema and filled from the player's
 * last message where it can ("roll a d20" gives `sides: 20`, "the weather in Paris" a city of
 * Paris); every other value comes from the schema generator, so the arguments always validate.
 */
import type { ChatMessage, JsonSchema, ToolDefinition } from '../../../vocabulary/index.js';
import { checkAgainstSchema } from '../../schema-validator.js';
import { generateFromSchema } from '../json/index.js';
import type { Rng, StoryFacts } from '../narrator/index.js';

type Schema = Record<string, unknown>;

interface Clues {
  text: string;
  /** Dice notation: `2d6+1` → count 2, sides 6, modifier 1. */
  dice: { notation: string; count: number; sides: number; modifier: number } | undefined;
  /** Plain numbers in the text, dice notation left out, in order. */
  numbers: number[];
  /** A capitalised phrase after in/at/to/for/near/from ("in Paris" → Paris). */
  place: string | undefined;
  /** Capitalised words that do not start a sentence: names. */
  names: string[];
}

export function toolArguments(
  tool: ToolDefinition,
  messages: readonly ChatMessage[],
  facts: StoryFacts,
  rng: Rng,
): string {
  const generated = generateFromSchema(tool.parameters, facts, rng);
  const clues = cluesOf(messages.findLast((message) => message.role === 'user')?.content ?? '');
  const filled = fill(tool.parameters, generated, clues);
  // What the prompt gave is kept only where the whole stays valid.
  if (filled !== generated && checkAgainstSchema(tool.parameters, filled).ok) return JSON.stringify(filled);
  return JSON.stringify(generated ?? {});
}

function cluesOf(text: string): Clues {
  const diceMatch = /\b(\d*)d(\d+)\s*(?:([+-])\s*(\d+))?/i.exec(text);
  const dice = diceMatch
    ? {
        notation: diceMatch[0].replace(/\s+/g, ''),
        count: diceMatch[1] ? Number(diceMatch[1]) : 1,
        sides: Number(diceMatch[2]),
        modifier: diceMatch[4] ? Number(diceMatch[4]) * (diceMatch[3] === '-' ? -1 : 1) : 0,
      }
    : undefined;
  const withoutDice = diceMatch ? text.replace(diceMatch[0], ' ') : text;
  const numbers = [...withoutDice.matchAll(/-?\b\d+(?:\.\d+)?\b/g)].map((match) => Number(match[0]));
  const place = /\b(?:in|at|to|for|near|from)\s+((?:[A-Z][\w'-]*)(?:\s+[A-Z][\w'-]*)*)/.exec(text)?.[1];
  const names = [...text.matchAll(/(?<![.!?]\s|^)\b[A-Z][a-z][\w'-]*/g)].map((match) => match[0]);
  return { text: text.trim(), dice, numbers, place, names };
}

function fill(schema: JsonSchema, value: unknown, clues: Clues): unknown {
  const properties = schema.properties;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  if (typeof properties !== 'object' || properties === null) return value;
  const out: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  const numbers = [...clues.numbers];
  let changed = false;
  const keys = new Set([
    ...Object.keys(properties),
    ...(Array.isArray(schema.required) ? (schema.required as string[]) : []),
  ]);
  for (const key of keys) {
    const property = (properties as Record<string, unknown>)[key];
    if (typeof property !== 'object' || property === null) continue;
    const guess = guessValue(key, property as Schema, clues, numbers);
    if (guess === undefined) continue;
    out[key] = guess;
    changed = true;
  }
  return changed ? out : value;
}

function typesOf(schema: Schema): string[] {
  const type = schema.type;
  return Array.isArray(type) ? (type as string[]) : typeof type === 'string' ? [type] : [];
}

function guessValue(key: string, schema: Schema, clues: Clues, numbers: number[]): unknown {
  const types = typesOf(schema);
  const name = key.toLowerCase();
  if (Array.isArray(schema.enum)) {
    const lower = clues.text.toLowerCase();
    return schema.enum.find((option) => typeof option === 'string' && lower.includes(option.toLowerCase()));
  }
  if (types.includes('integer') || types.includes('number')) {
    const { dice } = clues;
    if (dice && /side|face|die|dice|^d$|sides/.test(name)) return dice.sides;
    if (dice && /count|number|num|quantity|amount|times|rolls/.test(name)) return dice.count;
    if (dice && /modifier|bonus|mod|plus/.test(name)) return dice.modifier;
    const next = numbers.shift();
    if (next === undefined) return undefined;
    return types.includes('integer') && !Number.isInteger(next) ? undefined : next;
  }
  if (!types.includes('string') && types.length > 0) return undefined;
  if (clues.dice && /dice|notation|expression|formula|roll/.test(name)) return clues.dice.notation;
  if (/city|location|place|town|where|destination|region|area/.test(name))
    return clues.place ?? clues.names[0];
  if (/query|text|prompt|question|input|message|search|topic|request/.test(name)) return clues.text;
  if (/name|target|character|npc|who|person|creature/.test(name)) return clues.names[0];
  return undefined;
}
