/** The human-readable usage report: plain-text tables a person reads in a terminal or an e-mail. */
import type { UsageCounters, UsageGroup, UsagePeriod } from './usage-tracker.js';

export interface ReportInput {
  period: UsagePeriod;
  since: number;
  now: number;
  buckets: Array<UsageGroup & { start: number }>;
  models: UsageGroup[];
  totals: UsageCounters;
}

const NUMBER = new Intl.NumberFormat('en-US');
const COUNTER_HEADERS = ['Requests', 'Errors', 'Input tokens', 'Output tokens', 'Cost (USD)', 'Cache hits'];

function utc(ms: number, period: UsagePeriod): string {
  const iso = new Date(ms).toISOString();
  return period === 'day' ? iso.slice(0, 10) : `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;
}

function usd(value: number): string {
  return value > 0 && value < 0.00005 ? '<$0.0001' : `$${value.toFixed(4)}`;
}

function counterCells(counters: UsageCounters): string[] {
  return [
    NUMBER.format(counters.requests),
    NUMBER.format(counters.errors),
    NUMBER.format(counters.inputTokens),
    NUMBER.format(counters.outputTokens),
    usd(counters.costUsd),
    NUMBER.format(counters.cacheHits),
  ];
}

/** Aligns columns: the first left, the numbers right. */
function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((header, i) => Math.max(header.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!)))
      .join('  ')
      .trimEnd();
  const rule = widths.map((width) => '-'.repeat(width)).join('  ');
  return [line(headers), rule, ...rows.map(line)].join('\n');
}

export function renderReport(input: ReportInput): string {
  const unit = input.period === 'hour' ? 'Hour (UTC)' : 'Day (UTC)';
  const title =
    `Loremaster usage, ${input.period === 'hour' ? 'hourly' : 'daily'} since ${utc(input.since, 'hour')} UTC` +
    ` (as of ${utc(input.now, 'hour')} UTC)`;
  if (input.totals.requests === 0) return `${title}\n\nNo calls recorded in this period.\n`;
  const perBucket = table(
    [unit, ...COUNTER_HEADERS],
    [
      ...input.buckets.map((bucket) => [utc(bucket.start, input.period), ...counterCells(bucket)]),
      ['Total', ...counterCells(input.totals)],
    ],
  );
  const perModel = table(
    ['Provider/model', ...COUNTER_HEADERS],
    input.models.map((group) => [group.key ?? '', ...counterCells(group)]),
  );
  return `${title}\n\n${perBucket}\n\nBy provider and model, most expensive first\n\n${perModel}\n`;
}
