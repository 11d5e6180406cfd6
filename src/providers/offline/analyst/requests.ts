/**
 * Recognises the world-keeping requests Loremaster's own prompts make of the analysis and maintenance
 * roles (turn_analysis, entity_creation, note_rewrite), by the shape of their answer and the lines of
 * their prompt, so the offline model can answer them from the text instead of with generic prose.
 * Any other request, or one whose prompt does not read as expected, is left to the generic answers.
 */
import type { ChatMessage, JsonSchema } from '../../../vocabulary/index.js';

export interface KnownEntity {
  id: string;
  type: string;
  name: string;
  aliases: string[];
}

export interface TurnRequest {
  kind: 'turn-analysis';
  known: KnownEntity[];
  input: string;
  narration: string;
  /** The answer's creation objects accept `aliases`. */
  creationAliases: boolean;
}

export interface CreationRequest {
  kind: 'entity-creation';
  entityType: string;
  name: string;
  initialData: Record<string, unknown>;
  reasoning: string;
}

export interface NoteRequest {
  kind: 'note-rewrite';
  currentNote: string;
  newInformation: string;
}

type Schema = Record<string, unknown>;

function record(value: unknown): Schema | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Schema) : undefined;
}

function itemProperties(schema: Schema | undefined, key: string): Schema | undefined {
  return record(record(record(record(schema?.properties)?.[key])?.items)?.properties);
}

function lastUserText(messages: readonly ChatMessage[]): string {
  return messages.findLast((message) => message.role === 'user')?.content ?? '';
}

/** `- ent-id (character): Name - summary`, optionally `Name (also: A, B)` or `Name [aliases: A, B]`. */
const KNOWN_LINE = /^- (\S+) \(([^)\n]{1,50})\): (.+)$/;
const ALIASES = /\s*[([](?:also|aliases|aka)[:\s]+([^)\]]+)[)\]]\s*$/i;

function knownEntities(text: string): KnownEntity[] {
  const out: KnownEntity[] = [];
  for (const line of text.split('\n')) {
    const match = KNOWN_LINE.exec(line.trim());
    if (!match) continue;
    let name = (match[3] as string).split(' - ')[0]?.trim() ?? '';
    let aliases: string[] = [];
    const listed = ALIASES.exec(name);
    if (listed) {
      aliases = (listed[1] as string)
        .split(',')
        .map((alias) => alias.trim())
        .filter(Boolean);
      name = name.slice(0, listed.index).trim();
    }
    if (name) out.push({ id: match[1] as string, type: match[2] as string, name, aliases });
  }
  return out;
}

export function readTurnRequest(
  messages: readonly ChatMessage[],
  schema: JsonSchema | undefined,
): TurnRequest | undefined {
  const updates = itemProperties(schema, 'updates');
  const creations = itemProperties(schema, 'creations');
  if (!updates?.entity_id || !updates.new_information || !creations?.name) return undefined;
  const text = lastUserText(messages);
  const player = text.search(/^Player: /m);
  const narrator = text.indexOf('\nNarrator: ', player);
  if (player < 0 || narrator < 0) return undefined;
  return {
    kind: 'turn-analysis',
    known: knownEntities(text.slice(0, player)),
    input: text.slice(player + 'Player: '.length, narrator).trim(),
    narration: text.slice(narrator + '\nNarrator: '.length).trim(),
    creationAliases: 'aliases' in creations,
  };
}

export function readCreationRequest(
  messages: readonly ChatMessage[],
  schema: JsonSchema | undefined,
): CreationRequest | undefined {
  const properties = record(schema?.properties);
  if (!properties?.summary || !properties.description || !properties.attributes) return undefined;
  const text = lastUserText(messages);
  const head = /^Create the (\w+) "([^"\n]{1,200})"\.?$/m.exec(text);
  if (!head) return undefined;
  let initialData: Record<string, unknown> = {};
  const known = /^Known so far: (.+)$/m.exec(text);
  if (known) {
    try {
      initialData = record(JSON.parse(known[1] as string)) ?? {};
    } catch {
      // Not JSON: the entity is created from its name alone.
    }
  }
  const reasoning = /^Context: (.+)$/m.exec(text)?.[1]?.trim() ?? '';
  return {
    kind: 'entity-creation',
    entityType: head[1] as string,
    name: head[2] as string,
    initialData,
    reasoning,
  };
}

export function readNoteRequest(messages: readonly ChatMessage[]): NoteRequest | undefined {
  const text = lastUserText(messages);
  if (!/\nWrite the new note\.\s*$/.test(text)) return undefined;
  const current = /^Current note: ([\s\S]*?)\nNew information: /m.exec(text);
  const information = /^New information: ([\s\S]*?)(?:\nWhy: [\s\S]*)?\nWrite the new note\.\s*$/m.exec(text);
  if (!current || !information) return undefined;
  const note = (current[1] as string).trim();
  return {
    kind: 'note-rewrite',
    currentNote: note === '(none yet)' ? '' : note,
    newInformation: (information[1] as string).trim(),
  };
}
