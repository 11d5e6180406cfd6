/**
 * The embedded panel: the structured part of a narrator's answer (where the player is, who is
 * present, what they can do). The narrator template asks for a `<panel>…</panel>` block; what the
 * model gives is parsed, and what it leaves out is filled from what Loremaster knows (the session's
 * state and the world's entities named in the scene), so the game always gets the same shape.
 */

export interface PanelEntity {
  id: string;
  name: string;
  type: string;
}

export interface Panel {
  location: string | null;
  time: string | null;
  /** Characters in the scene, by name. */
  present: string[];
  objective: string | null;
  /** Suggested next actions. */
  actions: string[];
  mood: string | null;
  /** World entities the scene names (input or narration), resolved to their ids. */
  visible_entities: PanelEntity[];
}

const PANEL_BLOCK = /<panel>([\s\S]*?)(?:<\/panel>|$)/i;
const MAX_FIELD = 300;

/** Splits a narrator's text into the narration and the raw panel fields. */
export function splitPanel(text: string): { narration: string; fields: Map<string, string> } {
  const match = PANEL_BLOCK.exec(text);
  const fields = new Map<string, string>();
  if (!match) return { narration: text.trim(), fields };
  // Fields come one per line ("Location: …") or, from small models, separated by " / ".
  for (const line of (match[1] ?? '').split(/\n| \/ /)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const key = line.slice(0, colon).trim().toLowerCase();
    const value = line
      .slice(colon + 1)
      .trim()
      .slice(0, MAX_FIELD);
    if (key && value && !fields.has(key)) fields.set(key, value);
  }
  return { narration: text.replace(PANEL_BLOCK, '').trim(), fields };
}

const MOODS: Array<[RegExp, string]> = [
  [/\b(blood|scream|danger|blade|attack|threat)/i, 'tense'],
  [/\b(laugh|smile|warm|cheer|feast)/i, 'warm'],
  [/\b(whisper|shadow|secret|strange|hidden)/i, 'mysterious'],
  [/\b(grief|mourn|tears|loss|drown)/i, 'somber'],
];

export function buildPanel(
  text: string,
  known: {
    location?: string | undefined;
    time?: string | undefined;
    objective?: string | undefined;
    /** World entities named in the scene. */
    entities: PanelEntity[];
  },
): { narration: string; panel: Panel } {
  const { narration, fields } = splitPanel(text);
  const characters = known.entities.filter((entity) => entity.type === 'character');
  const places = known.entities.filter((entity) => entity.type === 'location');
  const list = (value: string | undefined) =>
    value
      ? value
          .split(/\s*\|\s*|\s*,\s*|\s*;\s*/)
          .map((item) => item.trim())
          .filter((item) => item.length > 0)
          .slice(0, 8)
      : [];
  const present = list(fields.get('present'));
  const actions = list(fields.get('actions'));
  const suggested = [
    ...characters.slice(0, 2).map((character) => `Talk to ${character.name}`),
    ...places.slice(0, 1).map((place) => `Go to ${place.name}`),
    'Look around',
  ];
  return {
    narration,
    panel: {
      location: fields.get('location') ?? known.location ?? places[0]?.name ?? null,
      time: fields.get('time') ?? known.time ?? null,
      present: present.length > 0 ? present : characters.map((character) => character.name).slice(0, 8),
      objective: fields.get('objective') ?? known.objective ?? null,
      actions: actions.length > 0 ? actions : suggested.slice(0, 3),
      mood: fields.get('mood') ?? MOODS.find(([pattern]) => pattern.test(narration))?.[1] ?? 'calm',
      visible_entities: known.entities.slice(0, 20),
    },
  };
}
