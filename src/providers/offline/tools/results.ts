/**
 * A tool's results woven into the offline model's next answer: each result of the last round of
 * calls is said in a sentence ("roll_dice returned total 17."), before the narration goes on.
 */
import type { ChatMessage } from '../../../vocabulary/index.js';

const MAX_RESULT_CHARS = 300;

/** The sentences for the tool results after the last assistant message; '' when there are none. */
export function toolResultSentences(messages: readonly ChatMessage[]): string {
  const names = new Map<string, string>();
  for (const message of messages) for (const call of message.toolCalls ?? []) names.set(call.id, call.name);
  const sentences: string[] = [];
  for (let i = messages.length - 1; i >= 0 && messages[i]!.role === 'tool'; i--) {
    const message = messages[i]!;
    const name = names.get(message.toolCallId ?? '') ?? 'The tool';
    sentences.unshift(`${name} returned ${summarise(message.content)}.`);
  }
  return sentences.join(' ');
}

/** A JSON object becomes "key value, key value"; other text is kept, shortened. */
function summarise(content: string): string {
  let value: unknown;
  try {
    value = JSON.parse(content);
  } catch {
    return clip(content.trim() || 'nothing');
  }
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const parts = Object.entries(value).map(([key, inner]) => `${key} ${plain(inner)}`);
    return clip(parts.join(', ') || 'nothing');
  }
  return clip(plain(value));
}

function plain(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function clip(text: string): string {
  const trimmed = text.replace(/[.\s]+$/, '');
  return trimmed.length > MAX_RESULT_CHARS ? `${trimmed.slice(0, MAX_RESULT_CHARS)}…` : trimmed;
}
