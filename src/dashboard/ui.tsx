/** Small pieces every page uses: loading a resource, showing an API error, a JSON block, a time. */
import type { ComponentChildren } from 'preact';
import { useCallback, useEffect, useState } from 'preact/hooks';
import { ApiError } from './api.ts';

export interface Loaded<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload: () => void;
}

/** Runs `load` now and whenever `deps` change (or `reload` is called); the latest answer wins. */
export function useApi<T>(load: (signal: AbortSignal) => Promise<T> | undefined, deps: unknown[]): Loaded<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const [loading, setLoading] = useState(false);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    const controller = new AbortController();
    const pending = load(controller.signal);
    if (!pending) {
      setData(undefined);
      return;
    }
    setLoading(true);
    pending.then(
      (value) => {
        if (controller.signal.aborted) return;
        setData(value);
        setError(undefined);
        setLoading(false);
      },
      (failure: unknown) => {
        if (controller.signal.aborted) return;
        setError(failure);
        setLoading(false);
      },
    );
    return () => controller.abort();
  }, [...deps, tick]);
  const reload = useCallback(() => setTick((value) => value + 1), []);
  return { data, error, loading, reload };
}

/** An API error as the server wrote it; a missing or wrong key says where to enter one. */
export function ErrorBox({ error }: { error: unknown }) {
  if (!error) return null;
  if (error instanceof ApiError) {
    const hint =
      error.status === 401
        ? ' Enter an API key in the box at the top of the page.'
        : error.status === 403
          ? ' This key may not do that: use a key with a wider scope.'
          : '';
    return (
      <div class="error" role="alert">
        <strong>
          {error.status ? `${error.status} ` : ''}
          {error.type}
          {error.code ? ` (${error.code})` : ''}
        </strong>
        : {error.message}
        {hint}
      </div>
    );
  }
  return (
    <div class="error" role="alert">
      {String(error)}
    </div>
  );
}

export function Json({ value }: { value: unknown }) {
  return <pre class="json">{JSON.stringify(value, null, 2)}</pre>;
}

export function Section({ title, children }: { title: string; children: ComponentChildren }) {
  return (
    <section class="card">
      <h2>{title}</h2>
      {children}
    </section>
  );
}

export function time(iso: string | null | undefined): string {
  return iso ? new Date(iso).toLocaleString() : '';
}

export function money(usd: number): string {
  return `$${usd.toFixed(usd < 1 ? 4 : 2)}`;
}
