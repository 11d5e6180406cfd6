/** The dashboard's shell: the key box, the page list, and the page the URL's hash names. */
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { get, storedKey, storeKey } from './api.ts';
import { PAGES, type PageName } from './pages.ts';
import { ErrorBox } from './ui.tsx';
import './style.css';

function pageOf(hash: string): PageName {
  const name = hash.replace(/^#\/?/, '').split('?')[0] as PageName;
  return name in PAGES ? name : 'playground';
}

function KeyBox({ onChange }: { onChange: () => void }) {
  const [draft, setDraft] = useState(storedKey());
  const save = (event: Event) => {
    event.preventDefault();
    storeKey(draft.trim());
    onChange();
  };
  return (
    <form class="key" onSubmit={save}>
      <label>
        API key{' '}
        <input
          id="api-key"
          type="password"
          autocomplete="off"
          placeholder="none"
          value={draft}
          onInput={(event) => setDraft(event.currentTarget.value)}
        />
      </label>
      <button type="submit">Use key</button>
      <button
        type="button"
        onClick={() => {
          setDraft('');
          storeKey('');
          onChange();
        }}
      >
        Forget
      </button>
    </form>
  );
}

/** Whether the API takes this browser's key (or needs none): asked once per key change. */
function KeyCheck({ generation }: { generation: number }) {
  const [error, setError] = useState<unknown>(undefined);
  useEffect(() => {
    setError(undefined);
    get('/v1/models').catch((failure: unknown) => setError(failure));
  }, [generation]);
  return error ? (
    <div id="key-check">
      <ErrorBox error={error} />
    </div>
  ) : null;
}

function App() {
  const [page, setPage] = useState(pageOf(location.hash));
  // Bumped when the key changes: every page reloads what it shows with the new key.
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    const follow = () => setPage(pageOf(location.hash));
    addEventListener('hashchange', follow);
    return () => removeEventListener('hashchange', follow);
  }, []);
  const Page = PAGES[page].component;
  return (
    <>
      <header>
        <h1>Loremaster</h1>
        <nav>
          {Object.entries(PAGES).map(([name, entry]) => (
            <a key={name} href={`#/${name}`} class={name === page ? 'active' : ''}>
              {entry.title}
            </a>
          ))}
        </nav>
        <KeyBox onChange={() => setGeneration((value) => value + 1)} />
      </header>
      <KeyCheck generation={generation} />
      <main key={`${page}-${generation}`} data-page={page}>
        <Page />
      </main>
    </>
  );
}

render(<App />, document.getElementById('app')!);
