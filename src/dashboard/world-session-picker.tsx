/**
 * The world and session picker the playground and the world browser share: the worlds (the first one
 * picked once they load), and the chosen world's sessions. `useWorldSession` holds the choice and
 * loads the lists; `WorldSessionPicker` draws the two selects (a change of world clears the session).
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { components } from '../client/schema.ts';
import { get } from './api.ts';
import { type Loaded, time, useApi } from './ui.tsx';

type World = components['schemas']['World'];
export type SessionSummary = components['schemas']['SessionSummary'];

export interface WorldSession {
  worlds: Loaded<{ data: World[] }>;
  sessions: Loaded<{ data: SessionSummary[] }>;
  worldId: string;
  sessionId: string;
  setWorldId(id: string): void;
  setSessionId(id: string): void;
}

export function useWorldSession(): WorldSession {
  const worlds = useApi((signal) => get<{ data: World[] }>('/worlds', signal), []);
  const [worldId, setWorldId] = useState('');
  const [sessionId, setSessionId] = useState('');
  const firstWorld = worlds.data?.data[0]?.id;
  useEffect(() => {
    if (!worldId && firstWorld) setWorldId(firstWorld);
  }, [firstWorld, worldId]);
  const sessions = useApi(
    (signal) =>
      worldId ? get<{ data: SessionSummary[] }>(`/worlds/${worldId}/sessions?limit=50`, signal) : undefined,
    [worldId],
  );
  return {
    worlds,
    sessions,
    worldId,
    sessionId,
    setWorldId: (id) => {
      setWorldId(id);
      setSessionId('');
    },
    setSessionId,
  };
}

export function WorldSessionPicker(props: {
  state: WorldSession;
  /** The session select's id and label ("session" in the playground, "view" in the world browser). */
  sessionSelect: { id: string; label: string };
  /** The first option's text: no session picked (what that means on the page). */
  noSession: string;
  describeWorld?: (world: World) => string;
  describeSession?: (session: SessionSummary) => string;
  /** Told after the world changed (the page clears what depended on it). */
  onWorldChange?: () => void;
  /** More controls for the same row (a player name, a button). */
  children?: ComponentChildren;
}) {
  const { state } = props;
  const describeSession =
    props.describeSession ??
    ((session: SessionSummary) =>
      `${session.player ?? 'session'} · ${session.turn_count} turns · ${time(session.updated_at)}`);
  return (
    <div class="row">
      <label>
        World{' '}
        <select
          id="world"
          value={state.worldId}
          onChange={(event) => {
            state.setWorldId(event.currentTarget.value);
            props.onWorldChange?.();
          }}
        >
          {state.worlds.data?.data.map((world) => (
            <option key={world.id} value={world.id}>
              {props.describeWorld ? props.describeWorld(world) : world.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        {props.sessionSelect.label}{' '}
        <select
          id={props.sessionSelect.id}
          value={state.sessionId}
          onChange={(event) => state.setSessionId(event.currentTarget.value)}
        >
          <option value="">{props.noSession}</option>
          {state.sessions.data?.data.map((session) => (
            <option key={session.id} value={session.id}>
              {describeSession(session)}
            </option>
          ))}
        </select>
      </label>
      {props.children}
    </div>
  );
}
