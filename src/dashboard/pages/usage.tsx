/**
 * Usage and cost over time: the gateway's roll-ups (GET /llm/analytics) by hour or day, grouped by
 * provider, model, role, kind or API key, drawn with uPlot; the totals per group; the budgets and how
 * much of each is used (GET /metrics/detailed).
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { components } from '../../client/schema.ts';
import { get } from '../api.ts';
import { ErrorBox, money, Section, useApi } from '../ui.tsx';

type Analytics = components['schemas']['UsageAnalytics'];
type Detailed = components['schemas']['DetailedMetrics'];
type Point = Analytics['series'][number];

const GROUPS = ['provider', 'model', 'role', 'kind', 'api_key'] as const;
type Group = (typeof GROUPS)[number];
const METRICS = ['requests', 'cost_usd', 'input_tokens', 'output_tokens', 'errors', 'cache_hits'] as const;
type Metric = (typeof METRICS)[number];
/** The first colour is the dashboard's accent: the chart test looks for it. */
const COLOURS = ['#a34a12', '#1f6fb2', '#2e7d32', '#8e24aa', '#c62828', '#00838f', '#6d4c41', '#546e7a'];

export function Usage() {
  const [period, setPeriod] = useState<'hour' | 'day'>('hour');
  const [groupBy, setGroupBy] = useState<Group>('provider');
  const [metric, setMetric] = useState<Metric>('requests');
  const analytics = useApi(
    (signal) => get<Analytics>(`/llm/analytics?period=${period}&group_by=${groupBy}`, signal),
    [period, groupBy],
  );
  const detailed = useApi((signal) => get<Detailed>('/metrics/detailed', signal), []);
  return (
    <>
      <Section title="Usage and cost over time">
        <div class="row">
          <label>
            Period{' '}
            <select
              id="period"
              value={period}
              onChange={(event) => setPeriod(event.currentTarget.value as 'hour' | 'day')}
            >
              <option value="hour">by hour (last day)</option>
              <option value="day">by day (last 30 days)</option>
            </select>
          </label>
          <label>
            By{' '}
            <select
              id="group-by"
              value={groupBy}
              onChange={(event) => setGroupBy(event.currentTarget.value as Group)}
            >
              {GROUPS.map((group) => (
                <option key={group} value={group}>
                  {group}
                </option>
              ))}
            </select>
          </label>
          <label>
            Showing{' '}
            <select
              id="metric"
              value={metric}
              onChange={(event) => setMetric(event.currentTarget.value as Metric)}
            >
              {METRICS.map((name) => (
                <option key={name} value={name}>
                  {name}
                </option>
              ))}
            </select>
          </label>
        </div>
        <ErrorBox error={analytics.error} />
        {analytics.data && (
          <>
            <Chart analytics={analytics.data} metric={metric} />
            <Totals analytics={analytics.data} />
          </>
        )}
      </Section>
      <Section title="Budgets">
        <ErrorBox error={detailed.error} />
        {detailed.data && <Budgets budgets={detailed.data.budgets} />}
      </Section>
    </>
  );
}

function groupOf(point: Record<string, unknown>, groupBy: string | null): string {
  const key = groupBy ? point[groupBy] : undefined;
  return typeof key === 'string' ? key : groupBy ? '(none)' : 'all';
}

/** The series as uPlot's columns: bucket times (seconds), then one column per group. */
function columns(analytics: Analytics, metric: Metric): { names: string[]; data: uPlot.AlignedData } {
  const starts = [...new Set(analytics.series.map((point) => point.start))].sort();
  const names = [...new Set(analytics.series.map((point) => groupOf(point, analytics.group_by)))];
  const at = new Map<string, Point>();
  for (const point of analytics.series) at.set(`${groupOf(point, analytics.group_by)}|${point.start}`, point);
  const xs = starts.map((start) => Date.parse(start) / 1000);
  const ys = names.map((name) => starts.map((start) => at.get(`${name}|${start}`)?.[metric] ?? null));
  return { names, data: [xs, ...ys] };
}

function Chart({ analytics, metric }: { analytics: Analytics; metric: Metric }) {
  const holder = useRef<HTMLDivElement>(null);
  const { names, data } = columns(analytics, metric);
  const step = analytics.period === 'hour' ? 3_600 : 86_400;
  useEffect(() => {
    if (!holder.current || names.length === 0) return;
    const plot = new uPlot(
      {
        width: Math.max(320, holder.current.clientWidth - 16),
        height: 280,
        scales: {
          // One bucket alone would stretch the axis over years: show a bucket either side of it.
          x: {
            time: true,
            range: (_plot, min, max) => (min === max ? [min - step, max + step] : [min, max]),
          },
          y: { range: (_plot, min, max) => [0, Math.max(max, min, 1) * 1.1] },
        },
        series: [
          {},
          ...names.map((name, index) => ({
            label: name,
            stroke: COLOURS[index % COLOURS.length],
            width: 2,
            // A single bucket is one point: drawn large enough to see.
            points: { show: true, size: 9, fill: COLOURS[index % COLOURS.length] },
          })),
        ],
      },
      data,
      holder.current,
    );
    return () => plot.destroy();
  }, [analytics, metric]);
  if (names.length === 0) return <p class="muted">No calls in this period yet.</p>;
  return <div id="usage-chart" ref={holder} />;
}

function Totals({ analytics }: { analytics: Analytics }) {
  const groupBy = analytics.group_by;
  return (
    <table id="usage-groups">
      <thead>
        <tr>
          <th>{groupBy ?? 'all'}</th>
          <th>Requests</th>
          <th>Errors</th>
          <th>Input tokens</th>
          <th>Output tokens</th>
          <th>Cache hits</th>
          <th>Cost</th>
        </tr>
      </thead>
      <tbody>
        {[...analytics.groups, { ...analytics.totals, [groupBy ?? 'all']: 'total' }].map((row) => (
          <tr key={groupOf(row, groupBy)}>
            <td>{groupOf(row, groupBy)}</td>
            <td>{row.requests}</td>
            <td>{row.errors}</td>
            <td>{row.input_tokens}</td>
            <td>{row.output_tokens}</td>
            <td>{row.cache_hits}</td>
            <td>{money(row.cost_usd)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Budgets({ budgets }: { budgets: Detailed['budgets'] }) {
  if (budgets.length === 0)
    return <p class="muted">No budgets configured (gateway.budgets in the config, or a key's own budget).</p>;
  return (
    <table id="budgets">
      <thead>
        <tr>
          <th>Budget</th>
          <th>Scope</th>
          <th>Period</th>
          <th>Limit</th>
          <th>Used</th>
          <th>Resets</th>
        </tr>
      </thead>
      <tbody>
        {budgets.flatMap((budget) =>
          (budget.usage.length
            ? budget.usage
            : [{ api_key_id: null, used: 0, fraction: 0, exceeded: false }]
          ).map((use) => (
            <tr key={`${budget.name}${use.api_key_id}`}>
              <td>{budget.name}</td>
              <td>
                {budget.scope}
                {use.api_key_id ? ` ${use.api_key_id}` : ''}
              </td>
              <td>{budget.period}</td>
              <td>
                {budget.limit} {budget.unit} {budget.hard_stop ? '(hard stop)' : ''}
              </td>
              <td class={use.exceeded ? 'bad' : ''}>
                <meter min={0} max={1} value={Math.min(1, use.fraction)} /> {(use.fraction * 100).toFixed(1)}%
              </td>
              <td>{new Date(budget.resets_at).toLocaleString()}</td>
            </tr>
          )),
        )}
      </tbody>
    </table>
  );
}
