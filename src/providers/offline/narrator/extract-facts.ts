/**
 * Reads a whole chat prompt into story facts: which messages to scan and how much each counts, who the
 * player is (never a bystander), the player's action, and the keywords.
 */
import type { ChatMessage } from '../../../vocabulary/index.js';
import { removeInterfaceText } from '../analyst/interface-text.js';
import { capitalisedMidSentence, collectEntities } from './entities.js';
import { EntityBook } from './entity-book.js';
import { extractKeywords } from './keywords.js';
import { firstWordLower, playerLine, readAction } from './player-action.js';
import { SCAN_MESSAGES, scan } from './scan.js';
import type { StoryFacts } from './story-facts.js';

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
