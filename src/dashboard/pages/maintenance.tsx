/**
 * Maintenance: the queue (counts by state and type, age, throughput, recent failures, workers),
 * refreshed every few seconds, and the dead letters with their error and the model's raw output, each
 * with a retry. Needs an admin key when keys are set.
 */
import { useEffect, useState } from 'preact/hooks';
import type { components } from '../../client/schema.ts';
import { api, get } from '../api.ts';
import { ErrorBox, Section, time, useApi } from '../ui.tsx';

type DeadLetter = components['schemas']['DeadLetter'];
interface StateCounts {
  pending: number;
  processing: number;
  completed: number;
  failed: number;
}
interface QueueStatus {
  backend: string;
  totals: StateCounts;
  by_type: Record<string, StateCounts>;
  oldest_pending_age_ms: number | null;
  throughput: { completed_last_minute: number; per_second: number };
  failures: {
    dead: number;
    recent: Array<{ id: string; type: string; error: string | null; failed_at: string | null }>;
  };
}

const REFRESH_MS = 3_000;

export function Maintenance() {
  const status = useApi((signal) => get<QueueStatus>('/maintenance/queue-status', signal), []);
  const dead = useApi(
    (signal) => get<{ data: DeadLetter[] }>('/maintenance/dead-letters?limit=100', signal),
    [],
  );
  useEffect(() => {
    const timer = setInterval(() => status.reload(), REFRESH_MS);
    return () => clearInterval(timer);
  }, [status.reload]);
  return (
    <>
      <Section title="Maintenance queue">
        <ErrorBox error={status.error} />
        {status.data && <QueueTable status={status.data} />}
      </Section>
      <Section title="Dead letters">
        <ErrorBox error={dead.error} />
        <DeadLetters
          letters={dead.data?.data}
          onRetried={() => {
            dead.reload();
            status.reload();
          }}
        />
      </Section>
    </>
  );
}

const STATES = ['pending', 'processing', 'completed', 'failed'] as const;

function QueueTable({ status }: { status: QueueStatus }) {
  return (
    <>
      <p id="queue-summary">
        Backend {status.backend} · oldest pending{' '}
        {status.oldest_pending_age_ms === null ? '—' : `${Math.round(status.oldest_pending_age_ms / 1000)} s`}{' '}
        · {status.throughput.completed_last_minute} done in the last minute (
        {status.throughput.per_second.toFixed(2)}
        /s) · {status.failures.dead} dead
      </p>
      <table id="queue">
        <thead>
          <tr>
            <th>Task type</th>
            {STATES.map((state) => (
              <th key={state}>{state}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {Object.entries(status.by_type).map(([type, counts]) => (
            <tr key={type}>
              <td>{type}</td>
              {STATES.map((state) => (
                <td key={state}>{counts[state]}</td>
              ))}
            </tr>
          ))}
          <tr>
            <td>
              <b>all</b>
            </td>
            {STATES.map((state) => (
              <td key={state}>
                <b>{status.totals[state]}</b>
              </td>
            ))}
          </tr>
        </tbody>
      </table>
    </>
  );
}

function DeadLetters({ letters, onRetried }: { letters: DeadLetter[] | undefined; onRetried: () => void }) {
  const [message, setMessage] = useState('');
  const [error, setError] = useState<unknown>(undefined);
  const retry = async (id: string) => {
    setError(undefined);
    setMessage('');
    try {
      const task = await api<{ id: string; type: string; state: string }>(
        'POST',
        `/maintenance/dead-letters/${encodeURIComponent(id)}/retry`,
      );
      setMessage(`Task ${task.id} (${task.type}) is ${task.state} again.`);
      onRetried();
    } catch (failure) {
      setError(failure);
    }
  };
  if (!letters) return null;
  return (
    <>
      {message && (
        <p id="retry-message" role="status">
          {message}
        </p>
      )}
      <ErrorBox error={error} />
      {letters.length === 0 ? (
        <p class="muted">No dead letters.</p>
      ) : (
        <table id="dead-letters">
          <thead>
            <tr>
              <th>Task</th>
              <th>Type</th>
              <th>Attempts</th>
              <th>Failed</th>
              <th>Error and raw output</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {letters.map((letter) => (
              <tr key={letter.id}>
                <td>
                  <code>{letter.id}</code>
                </td>
                <td>{letter.type}</td>
                <td>
                  {letter.attempts}/{letter.max_attempts}
                </td>
                <td>{time(letter.failed_at)}</td>
                <td>
                  {letter.error}
                  {letter.raw_output && (
                    <details>
                      <summary>raw output</summary>
                      <pre class="json">{letter.raw_output}</pre>
                    </details>
                  )}
                </td>
                <td>
                  <button type="button" onClick={() => retry(letter.id)}>
                    Retry
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
