/**
 * A world session played from the terminal through a running server: each line is a turn
 * (`POST /sessions/{id}/turns`, streamed), the narration arrives as it is written, then the embedded
 * panel (where, when, who is present, the objective, the suggested actions). A new session is
 * started unless `--session` resumes one.
 */
import type { Session, Turn, World } from '../client/index.js';
import { addUsage } from './chat-model.js';
import type { ChatConversation, ChatReply, Usage } from './chat-types.js';
import { CliError } from './cli-error.js';
import { refused, type ServerConnection } from './server-connection.js';

export interface WorldChatOptions {
  /** The world's id or name. */
  world?: string;
  /** A session to resume. */
  session?: string;
  /** The player's name for a new session. */
  player?: string;
}

export function worldConversation(connection: ServerConnection, options: WorldChatOptions): ChatConversation {
  const { client } = connection;
  let world: World | undefined;
  let session: Session | undefined;
  let lastTurn: Turn | undefined;
  let turns = 0;
  const totals: Usage = { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 };

  const conversation: ChatConversation = {
    banner: '',
    async start() {
      try {
        if (options.session) {
          session = await client.sessions.get(options.session);
          if (!session.world_id) throw new CliError(`session ${session.id} belongs to no world`);
          world = await client.worlds.get(session.world_id);
          if (options.world && options.world !== world.id && options.world !== world.name)
            throw new CliError(
              `session ${session.id} is a session of "${world.name}", not of "${options.world}"`,
            );
        } else {
          world = await findWorld(connection, options.world ?? '');
          session = await client.sessions.start(world.id, options.player ? { player: options.player } : {});
        }
      } catch (error) {
        throw refused(error);
      }
      conversation.banner =
        `${options.session ? 'resuming' : 'playing'} "${world.name}", session ${session.id}` +
        `${session.player ? ` as ${session.player}` : ''} on ${connection.baseUrl}`;
    },
    async send(input, onDelta): Promise<ChatReply> {
      const id = (session as Session).id;
      let turn: Turn | undefined;
      for await (const event of client.turns.stream(id, { input })) {
        if (event.type === 'delta') onDelta(event.text);
        else turn = event.turn;
      }
      if (!turn) throw new CliError('the turn stream ended without its turn');
      lastTurn = turn;
      turns++;
      addUsage(totals, turn.usage);
      return { json: { type: 'turn', ...turn }, after: formatPanel(turn.panel) };
    },
    panel: () => (lastTurn ? { text: formatPanel(lastTurn.panel), json: lastTurn.panel } : undefined),
    reset: () => undefined,
    summary: () => ({
      type: 'summary',
      world_id: world?.id ?? null,
      world: world?.name ?? null,
      session_id: session?.id ?? null,
      turns,
      last_turn: lastTurn?.number ?? session?.turn_count ?? 0,
      usage: totals,
    }),
  };
  return conversation;
}

async function findWorld(connection: ServerConnection, ref: string): Promise<World> {
  const worlds = (await connection.client.worlds.list()).data;
  const found = worlds.find((world) => world.id === ref) ?? worlds.find((world) => world.name === ref);
  if (found) return found;
  const known = worlds.map((world) => `"${world.name}"`).join(', ');
  throw new CliError(
    `no world "${ref}" on ${connection.baseUrl} (${known ? `known: ${known}` : 'none yet: try `loremaster import --demo`'})`,
  );
}

/** The embedded panel as a few lines a player reads; fields the narrator left empty are left out. */
export function formatPanel(panel: Turn['panel']): string {
  const lines: string[] = [];
  const place = [
    panel.location && `Location: ${panel.location}`,
    panel.time && `Time: ${panel.time}`,
    panel.mood && `Mood: ${panel.mood}`,
  ].filter(Boolean);
  if (place.length > 0) lines.push(place.join(' · '));
  if (panel.present.length > 0) lines.push(`Present: ${panel.present.join(', ')}`);
  if (panel.objective) lines.push(`Objective: ${panel.objective}`);
  if (panel.actions.length > 0)
    lines.push('Actions:', ...panel.actions.map((action, index) => `  ${index + 1}. ${action}`));
  if (panel.visible_entities.length > 0)
    lines.push(
      `Nearby: ${panel.visible_entities.map((entity) => `${entity.name} (${entity.type})`).join(', ')}`,
    );
  return ['── panel ──', ...(lines.length > 0 ? lines : ['(empty)'])].join('\n');
}
