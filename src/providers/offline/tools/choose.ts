/**
 * Which tools the offline model calls. `none` calls nothing; a named choice calls that function;
 * `required` calls the tools the player's last message asks for (else the first); `auto` calls them
 * only when the last user message asks for what a tool's name or description says, and never right
 * after the tools' own results came back (then it answers, weaving the results in).
 */
import type { ChatMessage, ToolChoice, ToolDefinition } from '../../../vocabulary/index.js';

/** Words too common to say which tool is meant. */
const STOP_WORDS = new Set(
  (
    'a an the of to in on at for from by with and or is are be was it its this that these those ' +
    'get set do does make current given some any all me my you your i we our us what which who how ' +
    'when where why can could would should will please tool function call use using returns return ' +
    'value values input output data info information about into as'
  ).split(' '),
);

/** The lower-case words of a text, `_`, `-` and camelCase split, crudely stemmed (rolls → roll). */
export function wordsOf(text: string): string[] {
  return text
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((word) => word.length > 1 && !STOP_WORDS.has(word))
    .map(stem);
}

function stem(word: string): string {
  if (word.length > 4 && word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (word.length > 3 && word.endsWith('s') && !word.endsWith('ss')) return word.slice(0, -1);
  return word;
}

/** How strongly `request` asks for `tool`: a name word counts 2, a description word 1. */
export function toolScore(tool: ToolDefinition, request: ReadonlySet<string>): number {
  let score = 0;
  for (const word of new Set(wordsOf(tool.name))) if (request.has(word)) score += 2;
  for (const word of new Set(wordsOf(tool.description ?? ''))) if (request.has(word)) score += 1;
  // A die roll is asked for with dice notation ("a d20", "2d6") as often as with words.
  if (request.has('#dice') && /dice|die|roll/i.test(`${tool.name} ${tool.description ?? ''}`)) score += 2;
  return score;
}

/** The words of the last user message, with `#dice` when it holds dice notation. */
export function requestWords(messages: readonly ChatMessage[]): Set<string> {
  const last = messages.findLast((message) => message.role === 'user');
  const text = last?.content ?? '';
  const words = new Set(wordsOf(text));
  if (/\b\d*d\d+\b/i.test(text)) words.add('#dice');
  return words;
}

export function chooseTools(
  tools: readonly ToolDefinition[],
  choice: ToolChoice,
  parallel: boolean,
  messages: readonly ChatMessage[],
): ToolDefinition[] {
  if (tools.length === 0 || choice === 'none') return [];
  if (typeof choice === 'object') {
    const named = tools.find((tool) => tool.name === choice.name);
    return named ? [named] : [];
  }
  // The results of this turn's calls are in: an `auto` model answers now.
  if (choice === 'auto' && messages.at(-1)?.role === 'tool') return [];
  const request = requestWords(messages);
  const scored = tools
    .map((tool, order) => ({ tool, order, score: toolScore(tool, request) }))
    .filter((entry) => entry.score > 0)
    .sort((a, b) => b.score - a.score || a.order - b.order);
  if (scored.length === 0) return choice === 'required' ? [tools[0]!] : [];
  const chosen = parallel ? scored.map((entry) => entry.tool) : [scored[0]!.tool];
  // Parallel calls keep the order the tools were given in, as a model reads them.
  return parallel ? tools.filter((tool) => chosen.includes(tool)) : chosen;
}
