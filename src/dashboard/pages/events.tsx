/**
 * Live events: everything Loremaster publishes, as it happens, over /ws/llm/events (the key goes as
 * the subprotocol bearer.<key>), filtered by type pattern; the stored log's latest events first.
 */
import { useEffect, useState } from 'preact/hooks';
import { get, type LoremasterEvent, openEventSocket } from '../api.ts';
import { ErrorBox, Json, Section, time, useApi } from '../ui.tsx';

const KEEP = 200;
const HOUR_MS = 3_600_000;

export function Events() {
  const [types, setTypes] = useState('');
  const [applied, setApplied] = useState('');
  const [live, setLive] = useState<LoremasterEvent[]>([]);
  const [state, setState] = useState('connecting');
  const [socketError, setSocketError] = useState('');
  // The log reads oldest first from a time: the last hour's, shown newest first.
  const stored = useApi(
    (signal) => {
      const since = new Date(Date.now() - HOUR_MS).toISOString();
      const filter = applied ? `&types=${encodeURIComponent(applied)}` : '';
      return get<{ data: LoremasterEvent[] }>(`/llm/events?since=${since}&limit=500${filter}`, signal).then(
        (page) => page.data.reverse(),
      );
    },
    [applied],
  );
  useEffect(() => {
    setLive([]);
    setState('connecting');
    setSocketError('');
    const socket = openEventSocket({ types: applied }, (message) => {
      if (message.type === 'ready') setState('live');
      else if (message.type === 'error') setSocketError(`${message.error?.type}: ${message.error?.message}`);
      else if (message.type === 'event' && message.event) {
        const event = message.event;
        setLive((list) => [event, ...list].slice(0, KEEP));
      }
    });
    socket.onclose = (event) => setState(`closed (${event.code}${event.reason ? ` ${event.reason}` : ''})`);
    return () => socket.close();
  }, [applied]);
  return (
    <>
      <Section title="Live events">
        <form
          class="row"
          onSubmit={(event) => {
            event.preventDefault();
            setApplied(types.trim());
          }}
        >
          <input
            id="event-types"
            class="grow"
            placeholder="types, e.g. turn.*,entity.* (empty: all)"
            value={types}
            onInput={(event) => setTypes(event.currentTarget.value)}
          />
          <button type="submit">Follow</button>
          <span id="socket-state" class="muted">
            {state}
          </span>
        </form>
        {socketError && <div class="error">{socketError}</div>}
        <EventList id="live-events" events={live} empty="Nothing yet: play a turn, or post an event." />
      </Section>
      <Section title="Stored log (the last hour, newest first)">
        <ErrorBox error={stored.error} />
        <EventList id="stored-events" events={stored.data ?? []} empty="The log is empty." />
      </Section>
    </>
  );
}

function EventList({ id, events, empty }: { id: string; events: LoremasterEvent[]; empty: string }) {
  if (events.length === 0) return <p class="muted">{empty}</p>;
  return (
    <ul id={id} class="events">
      {events.map((event) => (
        <li key={event.id}>
          <details>
            <summary>
              <code>{event.type}</code> {time(event.time)} <span class="muted">{event.source}</span>
            </summary>
            <Json value={event.data} />
          </details>
        </li>
      ))}
    </ul>
  );
}
