/** A theme: the voice, words and look every generation in a world or campaign keeps to. */
import { z } from 'zod';

const word = z.string().trim().min(1).max(100);

export const themeFields = {
  name: z.string().trim().min(1).max(200),
  description: z.string().trim().max(4_000),
  tone: z.string().trim().max(500),
  /** Words the theme favours (content should use some of them). */
  vocabulary: z.array(word).max(200),
  /** Words that must never appear. */
  banned_words: z.array(word).max(200),
  /** Words out of the setting's time (a "telephone" in a bronze-age saga): never appear either. */
  anachronisms: z.array(word).max(200),
  /** Short passages in the theme's voice. */
  style_examples: z.array(z.string().trim().min(1).max(2_000)).max(10),
  /** How pictures of this theme look (for the image service). */
  art_style: z.string().trim().max(1_000).nullable(),
};

export const themeInputSchema = z
  .object({
    name: themeFields.name,
    description: themeFields.description.default(''),
    tone: themeFields.tone.default(''),
    vocabulary: themeFields.vocabulary.default([]),
    banned_words: themeFields.banned_words.default([]),
    anachronisms: themeFields.anachronisms.default([]),
    style_examples: themeFields.style_examples.default([]),
    art_style: themeFields.art_style.default(null),
  })
  .strict();
export type ThemeInput = z.infer<typeof themeInputSchema>;

export const themePatchSchema = z.object(themeFields).partial().strict();
export type ThemePatch = z.infer<typeof themePatchSchema>;

export interface Theme extends ThemeInput {
  id: string;
  created_at: string;
  updated_at: string;
}

/** The text a theme is about, for similarity by meaning. */
export function themeProfile(theme: Theme): string {
  return [theme.name, theme.description, theme.tone, theme.vocabulary.join(', '), ...theme.style_examples]
    .filter((part) => part.length > 0)
    .join('\n');
}

/** Every word the theme forbids (banned words and anachronisms). */
export function forbiddenWords(theme: Pick<Theme, 'banned_words' | 'anachronisms'>): string[] {
  return [...theme.banned_words, ...theme.anachronisms];
}

const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** One regex finding any of the words as whole words, case-insensitively (plural -s/-es too). */
export function wordPattern(words: readonly string[]): RegExp | null {
  if (words.length === 0) return null;
  const alternatives = [...words]
    .sort((a, b) => b.length - a.length)
    .map((w) => escapeRegex(w.trim()).replace(/\s+/g, '\\s+'));
  return new RegExp(`(?<![\\p{L}\\p{N}])(?:${alternatives.join('|')})(?:e?s)?(?![\\p{L}\\p{N}])`, 'giu');
}
