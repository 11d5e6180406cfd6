/**
 * The offline model's answers to Loremaster's world-keeping prompts: a turn's Intentions from its own
 * text (turn-analyst.ts), a new entity built from what the turn said of it, and a note that keeps what
 * it said and adds the new information. Undefined for any other request.
 */
import type { ChatMessage, JsonSchema } from '../../../vocabulary/index.js';
import { readCreationRequest, readNoteRequest, readTurnRequest } from './requests.js';
import { analyseTurn } from './turn-analyst.js';

const SUMMARY_MAX = 300;

function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.lastIndexOf(' ', max - 1);
  return `${text.slice(0, cut > 0 ? cut : max - 1)}…`;
}

/** The answer text, or undefined when the request is not one of the world-keeping prompts. */
export function answerWorldRequest(
  messages: readonly ChatMessage[],
  options: { jsonSchema?: JsonSchema | undefined; json?: boolean | undefined },
): string | undefined {
  if (options.jsonSchema) {
    const turn = readTurnRequest(messages, options.jsonSchema);
    if (turn) return JSON.stringify(analyseTurn(turn));
    const creation = readCreationRequest(messages, options.jsonSchema);
    if (creation) {
      const said =
        typeof creation.initialData.description === 'string' ? creation.initialData.description.trim() : '';
      const description = said || creation.reasoning || `${creation.name}, first met in play.`;
      return JSON.stringify({
        entity_type: creation.entityType,
        name: creation.name,
        summary: clip(description, SUMMARY_MAX),
        description,
        attributes: {},
        tags: [creation.entityType],
      });
    }
    return undefined;
  }
  if (options.json) return undefined;
  const note = readNoteRequest(messages);
  if (!note) return undefined;
  return note.currentNote ? `${note.currentNote}\n${note.newInformation}` : note.newInformation;
}
