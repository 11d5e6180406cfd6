/**
 * SillyTavern cards and lorebooks are written with placeholders that SillyTavern fills in when it builds
 * a prompt: `{{char}}` (the character being played) and `{{user}}` (the player), and their older forms
 * `<BOT>`, `<CHAR>` and `<USER>`, in any letter case. Loremaster keeps them as imported (so an export
 * gives back the same card) and fills them in the same way, at the moment a prompt is built, so the model
 * reads "Seraphina" and the player's name instead of template syntax.
 */
import type { World } from '../../store/index.js';

const MACRO = /\{\{\s*(char|user)\s*\}\}|<(bot|char|user)>/gi;

export interface CardNames {
  /** Who `{{char}}` is: the NPC speaking, or the card's character for the narrator. */
  char: string;
  /** Who `{{user}}` is: the player. */
  user: string;
}

/** Fills the placeholders in; text without any comes back as the same string. */
export function expandCardMacros(text: string, names: CardNames): string {
  if (!text.includes('{{') && !text.includes('<')) return text;
  return text.replace(MACRO, (match, curly: string | undefined, angle: string | undefined) => {
    const which = (curly ?? angle ?? '').toLowerCase();
    if (which === 'user') return names.user;
    if (which === 'char' || which === 'bot') return names.char;
    return match;
  });
}

/** Whether a world came from SillyTavern files (only those are written with the placeholders). */
export function usesCardMacros(world: World): boolean {
  return world.settings.sillytavern !== undefined && world.settings.sillytavern !== null;
}

/** The character a card import was made from, who `{{char}}` means when the narrator speaks. */
export function cardCharacter(world: World): string | undefined {
  const saved = world.settings.sillytavern as { card?: { name?: unknown } } | undefined;
  const name = saved?.card?.name;
  return typeof name === 'string' && name.trim() ? name.trim() : undefined;
}
