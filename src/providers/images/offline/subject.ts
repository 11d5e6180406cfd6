/** What an offline picture shows when the caller did not say: read from the prompt's words. */
import type { ImageSubject } from '../types.js';

const WORDS: Array<[ImageSubject, RegExp]> = [
  [
    'heraldry',
    /\b(heraldry|heraldic|crest|coat of arms|shield|banner|sigil|emblem|faction|guild|order|house|item|sword|blade|axe|amulet|ring|relic|artifact|artefact|weapon|armou?r)\b/i,
  ],
  [
    'map',
    /\b(map|location|town|city|village|hamlet|keep|castle|fortress|forest|wood|mountain|valley|coast|island|harbou?r|port|ruins?|dungeon|region|realm|kingdom|landscape|vignette)\b/i,
  ],
  [
    'portrait',
    /\b(portrait|face|character|npc|person|man|woman|king|queen|knight|wizard|mage|witch|elf|dwarf|halfling|gnome|orc|innkeeper|merchant|bard|rogue|cleric|paladin|ranger|warrior)\b/i,
  ],
];

/** The subject whose words come first in the prompt; a portrait when none do. */
export function subjectOf(prompt: string, negativePrompt?: string): ImageSubject {
  let best: { subject: ImageSubject; at: number } | undefined;
  for (const [subject, pattern] of WORDS) {
    if (negativePrompt && pattern.test(negativePrompt)) continue;
    const match = pattern.exec(prompt);
    if (match && (best === undefined || match.index < best.at)) best = { subject, at: match.index };
  }
  return best?.subject ?? 'portrait';
}
