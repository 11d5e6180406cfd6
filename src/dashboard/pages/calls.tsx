/**
 * Call log: the latest model calls (provider, model, role, kind, latency, tokens, cost, status); one
 * call's prompt and answer when the log kept them (conversation calls); a replay of that call beside
 * the original (its answer, latency and tokens). Needs an admin key when keys are set.
 */
import { useState } from 'preact/hooks';
import type { components } from '../../client/schema.ts';
import { api, get } from '../api.ts';
import { ErrorBox, money, Section, time, useApi } from '../ui.tsx';

type CallSummary = components['schemas']['LlmCallSummary'];
type Call = components['schemas']['LlmCall'];
type Replay = components['schemas']['LlmCallReplay'];

export function Calls() {
  const calls = useApi((signal) => get<{ data: CallSummary[] }>('/llm/calls?limit=100', signal), []);
  const [selected, setSelected] = useState('');
  return (
    <>
      <Section title="Call log (newest first)">
        <ErrorBox error={calls.error} />
        <button type="button" onClick={calls.reload}>
          Refresh
        </button>
        <table id="calls">
          <thead>
            <tr>
              <th>When</th>
              <th>Provider / model</th>
              <th>Role</th>
              <th>Kind</th>
              <th>Status</th>
              <th>Latency</th>
              <th>Tokens in/out</th>
              <th>Cost</th>
              <th>Prompt kept</th>
            </tr>
          </thead>
          <tbody>
            {calls.data?.data.map((call) => (
              <tr key={call.id} class={call.id === selected ? 'selected' : ''}>
                <td>
                  <button type="button" class="link" onClick={() => setSelected(call.id)}>
                    {time(call.created_at)}
                  </button>
                </td>
                <td>
                  {call.provider}/{call.model}
                </td>
                <td>{call.role || '—'}</td>
                <td>{call.kind}</td>
                <td>{call.status === 'ok' ? 'ok' : `error ${call.error?.code ?? ''}`}</td>
                <td>
                  {call.latency_ms} ms
                  {call.first_token_ms !== null ? ` (first token ${call.first_token_ms} ms)` : ''}
                </td>
                <td>
                  {call.input_tokens}/{call.output_tokens}
                </td>
                <td>{money(call.cost_usd)}</td>
                <td>{call.replayable ? 'yes' : 'no'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Section>
      {selected && <CallDetail key={selected} id={selected} />}
    </>
  );
}

interface StoredRequest {
  model?: string;
  messages?: Array<{ role: string; content: unknown }>;
}

function CallDetail({ id }: { id: string }) {
  const call = useApi((signal) => get<Call>(`/llm/calls/${encodeURIComponent(id)}`, signal), [id]);
  const [replay, setReplay] = useState<Replay | undefined>(undefined);
  const [replaying, setReplaying] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const run = async () => {
    setError(undefined);
    setReplaying(true);
    try {
      setReplay(await api<Replay>('POST', `/llm/calls/${encodeURIComponent(id)}/replay`));
    } catch (failure) {
      setError(failure);
    } finally {
      setReplaying(false);
    }
  };
  const data = call.data;
  const request = (data?.request ?? null) as StoredRequest | null;
  return (
    <Section title={`Call ${id}`}>
      <ErrorBox error={call.error} />
      {data && (
        <div id="call-detail">
          {data.error && (
            <p class="error">
              {data.error.code}: {data.error.message}
            </p>
          )}
          {!data.replayable && (
            <p class="muted">
              The log keeps no prompt for this kind of call ({data.kind}): only its numbers.
            </p>
          )}
          {request?.messages && (
            <>
              <h3>Prompt ({request.model})</h3>
              {request.messages.map((message, index) => (
                <details key={`${message.role}${index}`} open>
                  <summary>{message.role}</summary>
                  <pre class="json">
                    {typeof message.content === 'string'
                      ? message.content
                      : JSON.stringify(message.content, null, 2)}
                  </pre>
                </details>
              ))}
            </>
          )}
          <div class="columns">
            <div>
              <h3>Answer</h3>
              <pre id="call-answer" class="json">
                {data.response ?? '(not kept)'}
              </pre>
              <small>
                {data.provider}/{data.model} · {data.latency_ms} ms · {data.input_tokens}/{data.output_tokens}{' '}
                tokens · {money(data.cost_usd)}
              </small>
            </div>
            {replay && (
              <div>
                <h3>Replayed</h3>
                <pre id="replay-answer" class="json">
                  {replay.replay.text}
                </pre>
                <small>
                  {replay.replay.provider}/{replay.replay.model} · {replay.replay.latency_ms} ms ·{' '}
                  {replay.replay.input_tokens}/{replay.replay.output_tokens} tokens · call{' '}
                  {replay.replay.call_id}
                </small>
              </div>
            )}
          </div>
          <button id="replay" type="button" disabled={!data.replayable || replaying} onClick={run}>
            {replaying ? 'Replaying…' : 'Replay this call'}
          </button>
          <ErrorBox error={error} />
        </div>
      )}
    </Section>
  );
}
