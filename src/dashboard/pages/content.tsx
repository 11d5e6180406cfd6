/**
 * Themes and content: the themes (tone, vocabulary, words they ban), and a document checked by the
 * content service's validation (quality, the theme, D&D 5e rules) with every finding it reports.
 */
import { useState } from 'preact/hooks';
import type { components } from '../../client/schema.ts';
import { api, get } from '../api.ts';
import { ErrorBox, Section, useApi } from '../ui.tsx';

type Theme = components['schemas']['Theme'];
type Validation = components['schemas']['ContentValidation'];

const TYPES = ['character', 'campaign', 'location', 'npc', 'quest', 'item', 'encounter'] as const;
const EXAMPLE = JSON.stringify(
  { name: 'Ash', description: 'A cinder-stained tinker who mends brass listening pipes.' },
  null,
  2,
);

export function Content() {
  const themes = useApi((signal) => get<{ data: Theme[] }>('/themes', signal), []);
  return (
    <>
      <Section title="Themes">
        <ErrorBox error={themes.error} />
        {themes.data && themes.data.data.length === 0 && (
          <p class="muted">No themes yet (POST /themes, or a theme event from the game).</p>
        )}
        {themes.data && themes.data.data.length > 0 && (
          <table id="themes">
            <thead>
              <tr>
                <th>Theme</th>
                <th>Tone</th>
                <th>Vocabulary</th>
                <th>Banned words</th>
                <th>Art style</th>
              </tr>
            </thead>
            <tbody>
              {themes.data.data.map((theme) => (
                <tr key={theme.id}>
                  <td>
                    <b>{theme.name}</b> <span class="muted">{theme.description}</span>
                  </td>
                  <td>{theme.tone}</td>
                  <td>{theme.vocabulary.join(', ')}</td>
                  <td>{[...theme.banned_words, ...theme.anachronisms].join(', ')}</td>
                  <td>{theme.art_style ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Section>
      <Validate themes={themes.data?.data ?? []} />
    </>
  );
}

function Validate({ themes }: { themes: Theme[] }) {
  const [type, setType] = useState<(typeof TYPES)[number]>('npc');
  const [themeId, setThemeId] = useState('');
  const [document, setDocument] = useState(EXAMPLE);
  const [result, setResult] = useState<Validation | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const validate = async (event: Event) => {
    event.preventDefault();
    setError(undefined);
    try {
      const content = JSON.parse(document) as Record<string, unknown>;
      setResult(
        await api<Validation>('POST', '/content/validate', {
          type,
          content,
          ...(themeId && { theme_id: themeId }),
        }),
      );
    } catch (failure) {
      setError(failure instanceof SyntaxError ? `The document is not JSON: ${failure.message}` : failure);
    }
  };
  return (
    <Section title="Validate content">
      <form onSubmit={validate}>
        <div class="row">
          <label>
            Type{' '}
            <select
              id="content-type"
              value={type}
              onChange={(event) => setType(event.currentTarget.value as (typeof TYPES)[number])}
            >
              {TYPES.map((name) => (
                <option key={name} value={name}>
                  {name}
                </option>
              ))}
            </select>
          </label>
          <label>
            Theme{' '}
            <select
              id="content-theme"
              value={themeId}
              onChange={(event) => setThemeId(event.currentTarget.value)}
            >
              <option value="">none</option>
              {themes.map((theme) => (
                <option key={theme.id} value={theme.id}>
                  {theme.name}
                </option>
              ))}
            </select>
          </label>
          <button type="submit">Validate</button>
        </div>
        <textarea
          id="content-document"
          rows={8}
          class="grow"
          value={document}
          onInput={(event) => setDocument(event.currentTarget.value)}
        />
      </form>
      <ErrorBox error={error} />
      {result && (
        <div id="validation">
          <p>
            <b>{result.valid ? 'Valid' : 'Not valid'}</b>
            {result.theme && ` against ${result.theme.name}`}
            {result.similarity !== null && ` · style similarity ${result.similarity.toFixed(2)}`} ·{' '}
            {result.findings.length} findings
          </p>
          <table id="findings">
            <thead>
              <tr>
                <th>Severity</th>
                <th>Category</th>
                <th>Where</th>
                <th>Finding</th>
                <th>Hint</th>
              </tr>
            </thead>
            <tbody>
              {result.findings.map((finding) => (
                <tr key={`${finding.path}${finding.code}`} class={finding.severity}>
                  <td>{finding.severity}</td>
                  <td>{finding.category}</td>
                  <td>
                    <code>{finding.path}</code>
                  </td>
                  <td>{finding.message}</td>
                  <td>{finding.hint}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Section>
  );
}
