/**
 * Call log: the latest model calls (provider, model, role, kind, latency, tokens, cost, status); one
 * call's request (messages, sampling, tools, response format) and answer (text, tool calls, finish
 * reason), for any kind of call whose body the log kept; a replay of that call beside the original
 * (its answer, latency and tokens) with a word diff of the two answers. Needs an admin key when keys
 * are set.
 */
import { diffWords } from 'diff';
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
              <th>Replayable</th>
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
                <td title={call.body_note ?? ''}>{call.replayable ? 'yes' : 'no'}</td>
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
  kind?: string;
  model?: string;
  messages?: Array<{ role: string; content: unknown; toolCalls?: unknown }>;
  options?: Record<string, unknown> & { tools?: Array<{ name: string }>; jsonSchema?: unknown };
  input?: string[];
}

interface ToolCallView {
  id: string;
  name: string;
  arguments: string;
}

/** An answer as text a word diff can compare: its text, then each tool call on a line of its own. */
function answerText(text: string | null, toolCalls: unknown): string {
  const calls = Array.isArray(toolCalls) ? (toolCalls as ToolCallView[]) : [];
  return [text ?? '', ...calls.map((call) => `${call.name}(${call.arguments})`)].filter(Boolean).join('\n');
}

function AnswerDiff({ before, after }: { before: string; after: string }) {
  const parts = diffWords(before, after);
  const changed = parts.some((part) => part.added || part.removed);
  return (
    <div id="replay-diff" class="diff">
      {!changed && <p class="muted">Same answer.</p>}
      {parts.map((part, index) => (
        <span key={index} class={part.added ? 'added' : part.removed ? 'removed' : 'same'}>
          {part.value}
        </span>
      ))}
    </div>
  );
}

function ToolCalls({ calls }: { calls: unknown }) {
  if (!Array.isArray(calls) || calls.length === 0) return null;
  return (
    <ul class="tool-calls">
      {(calls as ToolCallView[]).map((call) => (
        <li key={call.id}>
          <code>
            {call.name}({call.arguments})
          </code>
        </li>
      ))}
    </ul>
  );
}

/** The request's settings other than its messages: sampling, tools, response format. */
function RequestSettings({ request }: { request: StoredRequest }) {
  const { tools, jsonSchema, ...sampling } = request.options ?? {};
  const shown = Object.entries(sampling).filter(([, value]) => value !== undefined);
  return (
    <div id="call-settings">
      {shown.length > 0 && (
        <p>
          {shown.map(([key, value]) => (
            <span key={key} class="tag">
              {key}: {typeof value === 'string' ? value : JSON.stringify(value)}
            </span>
          ))}
        </p>
      )}
      {tools && tools.length > 0 && (
        <details>
          <summary>Tools: {tools.map((tool) => tool.name).join(', ')}</summary>
          <pre class="json">{JSON.stringify(tools, null, 2)}</pre>
        </details>
      )}
      {jsonSchema !== undefined && (
        <details>
          <summary>Response format: JSON schema</summary>
          <pre class="json">{JSON.stringify(jsonSchema, null, 2)}</pre>
        </details>
      )}
    </div>
  );
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
  const request = data && typeof data.request === 'object' ? (data.request as StoredRequest | null) : null;
  const cutRequest = data && typeof data.request === 'string' ? data.request : null;
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
          {data.not_replayable_reason && (
            <p id="not-replayable" class="muted">
              Cannot be replayed: {data.not_replayable_reason}.
            </p>
          )}
          {request && (
            <>
              <h3>
                Request ({request.kind ?? data.kind}, {request.model})
              </h3>
              <RequestSettings request={request} />
              {request.messages?.map((message, index) => (
                <details key={`${message.role}${index}`} open>
                  <summary>{message.role}</summary>
                  <pre class="json">
                    {typeof message.content === 'string'
                      ? message.content
                      : JSON.stringify(message.content, null, 2)}
                  </pre>
                </details>
              ))}
              {request.input && (
                <details open>
                  <summary>Input ({request.input.length} texts)</summary>
                  <pre class="json">{request.input.join('\n')}</pre>
                </details>
              )}
            </>
          )}
          {cutRequest && (
            <>
              <h3>Request (cut to fit the log)</h3>
              <pre class="json">{cutRequest}</pre>
            </>
          )}
          <div class="columns">
            <div>
              <h3>Answer{data.finish_reason ? ` (${data.finish_reason})` : ''}</h3>
              <pre id="call-answer" class="json">
                {data.response ?? (data.kind === 'embed' ? '(vectors, not kept)' : '(not kept)')}
              </pre>
              <ToolCalls calls={data.tool_calls} />
              <small>
                {data.provider}/{data.model} · {data.latency_ms} ms · {data.input_tokens}/{data.output_tokens}{' '}
                tokens · {money(data.cost_usd)}
              </small>
            </div>
            {replay && (
              <div>
                <h3>Replayed{replay.replay.finish_reason ? ` (${replay.replay.finish_reason})` : ''}</h3>
                <pre id="replay-answer" class="json">
                  {replay.replay.embedding
                    ? `${replay.replay.embedding.count} vectors of ${replay.replay.embedding.dimensions} dimensions`
                    : replay.replay.text}
                </pre>
                <ToolCalls calls={replay.replay.tool_calls} />
                <small>
                  {replay.replay.provider}/{replay.replay.model} · {replay.replay.latency_ms} ms ·{' '}
                  {replay.replay.input_tokens}/{replay.replay.output_tokens} tokens · call{' '}
                  {replay.replay.call_id}
                </small>
              </div>
            )}
          </div>
          {replay && !replay.replay.embedding && (
            <>
              <h3>Difference (original → replay)</h3>
              <AnswerDiff
                before={answerText(data.response, data.tool_calls)}
                after={answerText(replay.replay.text, replay.replay.tool_calls)}
              />
            </>
          )}
          <button id="replay" type="button" disabled={!data.replayable || replaying} onClick={run}>
            {replaying ? 'Replaying…' : 'Replay this call'}
          </button>
          <ErrorBox error={error} />
        </div>
      )}
    </Section>
  );
}
