/**
 * Playground: chat with any model (streamed from /v1/chat/completions), and play a world session:
 * narration streamed from POST /sessions/{id}/turns, the embedded panel, the lore the narrator was
 * given and why it was found, the turn's analysis and what it changed, the tasks each turn queued with
 * their state and outcome (GET /sessions/{id}/turns/{number}/tasks), live from /ws/llm/events.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { components } from '../../client/schema.ts';
import { api, get, type LoremasterEvent, openEventSocket, postStream, streamError } from '../api.ts';
import { ErrorBox, Json, Section, useApi } from '../ui.tsx';
import { type SessionSummary, useWorldSession, WorldSessionPicker } from '../world-session-picker.tsx';

type Session = components['schemas']['Session'];
type Turn = components['schemas']['Turn'];
type TurnTasksList = components['schemas']['TurnTasks'];

/** A turn's tasks are read again every second while any waits or runs, this many times at most. */
const TASK_POLLS = 120;
interface ChatMessage {
  role: 'user' | 'assistant';
  content: string;
}

export function Playground() {
  return (
    <>
      <WorldSession />
      <Chat />
    </>
  );
}

function Chat() {
  const models = useApi((signal) => get<{ data: Array<{ id: string }> }>('/v1/models', signal), []);
  const [model, setModel] = useState('generation');
  const [messages, setMessages] = useState<ChatMessage[]>([]);
  const [draft, setDraft] = useState('');
  const [answer, setAnswer] = useState<string | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);

  const send = async (event: Event) => {
    event.preventDefault();
    if (!draft.trim() || answer !== undefined) return;
    const history: ChatMessage[] = [...messages, { role: 'user', content: draft.trim() }];
    setMessages(history);
    setDraft('');
    setError(undefined);
    let text = '';
    setAnswer('');
    try {
      await postStream('/v1/chat/completions', { model, messages: history, stream: true }, ({ data }) => {
        if (data === '[DONE]') return;
        const chunk = JSON.parse(data) as {
          choices?: Array<{ delta?: { content?: string } }>;
          error?: { message: string };
        };
        if (chunk.error) throw streamError(data);
        text += chunk.choices?.[0]?.delta?.content ?? '';
        setAnswer(text);
      });
      setMessages([...history, { role: 'assistant', content: text }]);
    } catch (failure) {
      setError(failure);
    } finally {
      setAnswer(undefined);
    }
  };

  return (
    <Section title="Chat with a model">
      <ErrorBox error={models.error} />
      <form class="row" onSubmit={send}>
        <label>
          Model{' '}
          <select id="chat-model" value={model} onChange={(event) => setModel(event.currentTarget.value)}>
            {(models.data?.data ?? [{ id: 'generation' }]).map((entry) => (
              <option key={entry.id} value={entry.id}>
                {entry.id}
              </option>
            ))}
          </select>
        </label>
        <input
          id="chat-input"
          class="grow"
          placeholder="Say something"
          value={draft}
          onInput={(event) => setDraft(event.currentTarget.value)}
        />
        <button type="submit" disabled={answer !== undefined}>
          Send
        </button>
        <button type="button" onClick={() => setMessages([])}>
          Clear
        </button>
      </form>
      <div id="chat-log" class="log">
        {messages.map((message, index) => (
          <p key={index} class={message.role}>
            <b>{message.role === 'user' ? 'You' : model}:</b> {message.content}
          </p>
        ))}
        {answer !== undefined && (
          <p class="assistant streaming">
            <b>{model}:</b> {answer}
          </p>
        )}
      </div>
      <ErrorBox error={error} />
    </Section>
  );
}

function WorldSession() {
  const picker = useWorldSession();
  const { worlds, sessions, worldId, sessionId } = picker;
  const [player, setPlayer] = useState('Traveller');
  const [error, setError] = useState<unknown>(undefined);

  const newSession = async () => {
    setError(undefined);
    try {
      const created = await api<SessionSummary>('POST', `/worlds/${worldId}/sessions`, { player });
      sessions.reload();
      picker.setSessionId(created.id);
    } catch (failure) {
      setError(failure);
    }
  };

  return (
    <Section title="Play a world session">
      <ErrorBox error={worlds.error} />
      {worlds.data && worlds.data.data.length === 0 && (
        <p>No world yet: import one with `loremaster import --demo`, or POST /worlds/import.</p>
      )}
      <WorldSessionPicker
        state={picker}
        sessionSelect={{ id: 'session', label: 'Session' }}
        noSession="(pick one)"
      >
        <label>
          Player{' '}
          <input id="player" value={player} onInput={(event) => setPlayer(event.currentTarget.value)} />
        </label>
        <button id="new-session" type="button" disabled={!worldId} onClick={newSession}>
          New session
        </button>
      </WorldSessionPicker>
      <ErrorBox error={error ?? sessions.error} />
      {sessionId && worldId && <TurnPlayer key={sessionId} sessionId={sessionId} />}
    </Section>
  );
}

function TurnPlayer({ sessionId }: { sessionId: string }) {
  const [input, setInput] = useState('');
  const [narration, setNarration] = useState('');
  const [playing, setPlaying] = useState(false);
  const [turn, setTurn] = useState<Turn | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const events = useSessionEvents(sessionId);
  const session = useApi((signal) => get<Session>(`/sessions/${sessionId}?limit=20`, signal), [sessionId]);
  // The analysis runs after the answer: the session is read again when the socket says it ran.
  const analysed = events.filter((event) => event.type === 'turn.analysed').length;
  useEffect(() => session.reload(), [analysed]);

  const play = async (event: Event) => {
    event.preventDefault();
    const said = input.trim();
    if (!said || playing) return;
    setPlaying(true);
    setError(undefined);
    setNarration('');
    setTurn(undefined);
    let text = '';
    try {
      await postStream(`/sessions/${sessionId}/turns`, { input: said, stream: true }, ({ event, data }) => {
        if (event === 'delta') {
          text += (JSON.parse(data) as { text: string }).text;
          setNarration(text);
        } else if (event === 'turn') setTurn(JSON.parse(data) as Turn);
        else if (event === 'error') throw streamError(data);
      });
      setInput('');
      session.reload();
    } catch (failure) {
      setError(failure);
    } finally {
      setPlaying(false);
    }
  };

  const turns = session.data?.turns ?? [];
  return (
    <div class="turns">
      <form class="row" onSubmit={play}>
        <input
          id="turn-input"
          class="grow"
          placeholder="What do you do?"
          value={input}
          onInput={(event) => setInput(event.currentTarget.value)}
        />
        <button id="play" type="submit" disabled={playing}>
          {playing ? 'Playing…' : 'Play turn'}
        </button>
      </form>
      <ErrorBox error={error} />
      <div id="narration" class={playing ? 'narration streaming' : 'narration'}>
        {narration}
      </div>
      {turn && <Panel turn={turn} onAction={setInput} />}
      {turn && <Lore turn={turn} />}
      <div class="columns">
        <div>
          <h3>Turns and their analysis</h3>
          <ErrorBox error={session.error} />
          {[...turns].reverse().map((stored) => (
            <details key={stored.id} open={stored.number === turn?.number}>
              <summary>
                Turn {stored.number}: {stored.input} {stored.analysed ? '· analysed' : '· analysis pending'}
              </summary>
              <p>{stored.output}</p>
              {stored.analysed ? <Json value={stored.analysis} /> : <p>The analysis has not run yet.</p>}
              <TurnTasks sessionId={sessionId} number={stored.number} latestEvent={events[0]?.id ?? ''} />
            </details>
          ))}
        </div>
        <div>
          <h3>What happened behind the turn (live)</h3>
          <ul id="session-events" class="events">
            {events.map((event) => (
              <li key={event.id}>
                <code>{event.type}</code> {describe(event)}
              </li>
            ))}
          </ul>
        </div>
      </div>
    </div>
  );
}

/**
 * The tasks a turn queued (its analysis, then the notes, entities and embeddings that queued), each with
 * its state and how it ended: `done`, `already-done`, or `skipped` and why. While any waits or runs, the
 * list is read again when the session's socket brings an event and every second (bounded); once all
 * have finished it stays as it is.
 */
function TurnTasks({
  sessionId,
  number,
  latestEvent,
}: {
  sessionId: string;
  number: number;
  latestEvent: string;
}) {
  const [tick, setTick] = useState(0);
  const polls = useRef(0);
  const [finished, setFinished] = useState(false);
  const tasks = useApi(
    (signal) => get<TurnTasksList>(`/sessions/${sessionId}/turns/${number}/tasks?limit=50`, signal),
    [sessionId, number, finished ? '' : latestEvent, tick],
  );
  const list = tasks.data?.data;
  const running = !list || list.some((task) => task.state === 'pending' || task.state === 'processing');
  useEffect(() => {
    if (!running) {
      setFinished(true);
      return;
    }
    if (polls.current >= TASK_POLLS) return;
    const timer = setTimeout(() => {
      polls.current += 1;
      setTick((value) => value + 1);
    }, 1_000);
    return () => clearTimeout(timer);
  }, [running, tasks.data, tasks.error]);

  return (
    <div class="turn-tasks">
      <h4>Tasks this turn queued</h4>
      <ErrorBox error={tasks.error} />
      {list && list.length === 0 && <p class="muted">No task is filed under this turn.</p>}
      {list && list.length > 0 && (
        <table id={`turn-${number}-tasks`}>
          <thead>
            <tr>
              <th>Task</th>
              <th>State</th>
              <th>Outcome</th>
              <th>Why / error</th>
            </tr>
          </thead>
          <tbody>
            {list.map((task) => (
              <tr key={task.id} data-state={task.state} data-outcome={task.outcome ?? ''}>
                <td>{task.type}</td>
                <td>
                  {task.state}
                  {task.attempts > 1 ? ` (attempt ${task.attempts} of ${task.max_attempts})` : ''}
                </td>
                <td>{task.outcome ?? '—'}</td>
                <td>{task.detail ?? task.error ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

function Panel({ turn, onAction }: { turn: Turn; onAction: (action: string) => void }) {
  const { panel } = turn;
  return (
    <div id="panel" class="panel">
      <span>Where: {panel.location ?? '—'}</span>
      <span>When: {panel.time ?? '—'}</span>
      <span>Mood: {panel.mood ?? '—'}</span>
      <span>Present: {panel.present.join(', ') || 'nobody'}</span>
      {panel.objective && <span>Objective: {panel.objective}</span>}
      <div class="row">
        {panel.actions.map((action) => (
          <button key={action} type="button" onClick={() => onAction(action)}>
            {action}
          </button>
        ))}
      </div>
      <small>
        {turn.provider}/{turn.model} · {turn.usage.total_tokens} tokens · {Math.round(turn.timings.total_ms)}{' '}
        ms (retrieval {Math.round(turn.timings.retrieval_ms)} ms)
      </small>
    </div>
  );
}

function Lore({ turn }: { turn: Turn }) {
  return (
    <div id="lore">
      <h3>Lore the narrator was given, and why it was found</h3>
      <table>
        <thead>
          <tr>
            <th>Lore</th>
            <th>Kind</th>
            <th>Found by</th>
            <th>Score</th>
            <th>Why</th>
          </tr>
        </thead>
        <tbody>
          {turn.lore.map((entry) => (
            <tr key={entry.id}>
              <td>{entry.title}</td>
              <td>{entry.kind}</td>
              <td>{entry.found_by}</td>
              <td>{entry.score.toFixed(3)}</td>
              <td>{entry.reasons.join('; ')}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <small>As the turn's retrieval found them: the searches, their ranks, the names the input used.</small>
    </div>
  );
}

/** The session's live events (turns, analyses, entity changes, intentions not carried out). */
function useSessionEvents(sessionId: string): LoremasterEvent[] {
  const [events, setEvents] = useState<LoremasterEvent[]>([]);
  const socket = useRef<WebSocket | undefined>(undefined);
  useEffect(() => {
    socket.current = openEventSocket({ session_id: sessionId }, (message) => {
      if (message.type === 'event' && message.event) {
        const event = message.event;
        setEvents((list) => [event, ...list].slice(0, 100));
      }
    });
    return () => socket.current?.close();
  }, [sessionId]);
  return events;
}

function describe(event: LoremasterEvent): string {
  const data = event.data;
  const parts = ['name', 'changed_by', 'reason', 'outcome', 'updates', 'creations', 'changed', 'number']
    .filter((key) => data[key] !== undefined && data[key] !== null)
    .map((key) => `${key}: ${String(data[key])}`);
  return parts.join(' · ');
}
