/**
 * Prompts: every prompt with its versions, a render preview (the messages a call would send, with the
 * template's sample variables or your own; no model call) and its A/B statistics per version, variant
 * and arm.
 */
import { useState } from 'preact/hooks';
import type { components } from '../../client/schema.ts';
import { api, get } from '../api.ts';
import { ErrorBox, Json, Section, time, useApi } from '../ui.tsx';

type Prompt = components['schemas']['Prompt'];
type PromptVersion = components['schemas']['PromptVersion'];
type PromptRender = components['schemas']['PromptRender'];
type PromptStats = components['schemas']['PromptStats'];

export function Prompts() {
  const prompts = useApi((signal) => get<{ data: Prompt[] }>('/llm/prompts', signal), []);
  const [selected, setSelected] = useState('');
  return (
    <div class="columns">
      <Section title="Prompts">
        <ErrorBox error={prompts.error} />
        <table id="prompts">
          <thead>
            <tr>
              <th>Name</th>
              <th>Active</th>
              <th>What it is for</th>
            </tr>
          </thead>
          <tbody>
            {prompts.data?.data.map((prompt) => (
              <tr key={prompt.id} class={prompt.name === selected ? 'selected' : ''}>
                <td>
                  <button type="button" class="link" onClick={() => setSelected(prompt.name)}>
                    {prompt.name}
                  </button>
                </td>
                <td>v{prompt.active_version}</td>
                <td>{prompt.description}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Section>
      {selected && <PromptDetail key={selected} name={selected} />}
    </div>
  );
}

function PromptDetail({ name }: { name: string }) {
  const prompt = useApi(
    (signal) =>
      get<Prompt & { versions: PromptVersion[] }>(`/llm/prompts/${encodeURIComponent(name)}`, signal),
    [name],
  );
  const stats = useApi(
    (signal) => get<PromptStats>(`/llm/prompts/${encodeURIComponent(name)}/stats`, signal),
    [name],
  );
  return (
    <Section title={name}>
      <ErrorBox error={prompt.error} />
      <h3>Versions</h3>
      <table id="prompt-versions">
        <thead>
          <tr>
            <th>Version</th>
            <th>Role</th>
            <th>Output</th>
            <th>Variants</th>
            <th>A/B arms</th>
            <th>Made</th>
          </tr>
        </thead>
        <tbody>
          {prompt.data?.versions.map((version) => (
            <tr key={version.version}>
              <td>
                v{version.version}
                {version.active ? ' (active)' : ''}
              </td>
              <td>{version.role}</td>
              <td>{version.output}</td>
              <td>{version.variants.join(', ') || '—'}</td>
              <td>{version.ab.map((arm) => `${arm.name} (${arm.weight})`).join(', ') || '—'}</td>
              <td>
                {time(version.created_at)} {version.created_by ?? ''}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3>A/B statistics</h3>
      <ErrorBox error={stats.error} />
      {stats.data && stats.data.data.length === 0 && (
        <p id="prompt-stats-empty" class="muted">
          No calls with this prompt yet.
        </p>
      )}
      {stats.data && stats.data.data.length > 0 && (
        <table id="prompt-stats">
          <thead>
            <tr>
              <th>Version</th>
              <th>Variant</th>
              <th>Arm</th>
              <th>Calls</th>
              <th>Errors</th>
              <th>Feedback</th>
              <th>Mean rating</th>
              <th>Up/down</th>
            </tr>
          </thead>
          <tbody>
            {stats.data.data.map((row) => (
              <tr key={`${row.version}${row.variant}${row.arm}`}>
                <td>v{row.version}</td>
                <td>{row.variant || '—'}</td>
                <td>{row.arm || '—'}</td>
                <td>{row.calls}</td>
                <td>{row.errors}</td>
                <td>{row.feedback}</td>
                <td>{row.mean_rating?.toFixed(2) ?? '—'}</td>
                <td>
                  {row.positive}/{row.negative}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <RenderPreview name={name} />
    </Section>
  );
}

function RenderPreview({ name }: { name: string }) {
  const [variables, setVariables] = useState('{}');
  const [model, setModel] = useState('');
  const [rendered, setRendered] = useState<PromptRender | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const render = async (event: Event) => {
    event.preventDefault();
    setError(undefined);
    try {
      const parsed = JSON.parse(variables || '{}') as Record<string, unknown>;
      setRendered(
        await api<PromptRender>('POST', `/llm/prompts/${encodeURIComponent(name)}/render`, {
          sample: true,
          variables: parsed,
          ...(model && { model }),
        }),
      );
    } catch (failure) {
      setError(failure instanceof SyntaxError ? `The variables are not JSON: ${failure.message}` : failure);
    }
  };
  return (
    <div id="render">
      <h3>Render preview</h3>
      <form onSubmit={render}>
        <label>
          Variables (JSON, over the template's sample)
          <textarea
            id="render-variables"
            rows={3}
            value={variables}
            onInput={(event) => setVariables(event.currentTarget.value)}
          />
        </label>
        <div class="row">
          <input
            id="render-model"
            placeholder="model (optional: picks a provider variant)"
            value={model}
            onInput={(event) => setModel(event.currentTarget.value)}
          />
          <button type="submit">Render</button>
        </div>
      </form>
      <ErrorBox error={error} />
      {rendered && (
        <div id="render-result">
          <p class="muted">
            v{rendered.version} for {rendered.provider}/{rendered.model}
            {rendered.variant && ` · variant ${rendered.variant}`}
            {rendered.arm && ` · arm ${rendered.arm}`}
            {rendered.context &&
              ` · ${rendered.context.used_tokens}/${rendered.context.budget_tokens} tokens`}
          </p>
          {rendered.messages.map((message, index) => (
            <details key={`${message.role}${index}`} open>
              <summary>{message.role}</summary>
              <pre class="json">{message.content}</pre>
            </details>
          ))}
          {rendered.json_schema && <Json value={rendered.json_schema} />}
        </div>
      )}
    </div>
  );
}
