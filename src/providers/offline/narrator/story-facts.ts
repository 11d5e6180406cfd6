/**
 * What the narrator reads from a prompt (characters, places, items, the player's action, keywords): the
 * shape every other part of the offline model writes from.
 */
export type EntityKind = 'character' | 'place' | 'item';

export type ActionKind = 'deed' | 'speech' | 'question';

export interface PlayerAction {
  kind: ActionKind;
  /**
   * For a deed, a second-person clause ("you open the rusted gate"); for speech and questions, the
   * player's own words ("Where is Mira?").
   */
  text: string;
  /** What the deed acts upon, when it names a thing ("the rusted gate"). */
  object: string | undefined;
}

export interface StoryFacts {
  /** People and factions by name ("Mira", "the Lich of Grimhold"), most relevant first. */
  characters: string[];
  /** Places ("the Sunken Library", "Eldhollow", "the dark forest"), most relevant first. */
  places: string[];
  /** Named or handled things ("the Crown of Ash", "the rusted gate"), most relevant first. */
  items: string[];
  /** The player's last message, read as a deed, speech or a question; undefined when there is none. */
  action: PlayerAction | undefined;
  /** Content words of the player's last message, for topics and tags. */
  keywords: string[];
}
