/**
 * `loremaster status`: one look at a running server, from what its API exposes: readiness
 * (`/health/ready`), health of each role and provider (`/health`), circuits, queues, dead letters,
 * cache and budgets (`/llm/status`), usage and cost today (`/metrics/detailed`), the worlds (`/worlds`),
 * and the maintenance queue's oldest pending task (`/maintenance/queue-status`, admin keys only).
 * A part the key may not read is reported as unavailable, with the server's reason, not left out.
 *
 * Exit code: 0 when the server is ready and not down, 1 otherwise (and when it cannot be reached).
 */
import type { Command } from 'commander';
import type { components } from '../client/schema.js';
import type { LoadedConfig } from '../config/index.js';
import {
  type ConnectionOptions,
  connect,
  type ServerConnection,
  withConnectionOptions,
} from './server-connection.js';

type Schemas = components['schemas'];
type Health = Schemas['Health'];
type LlmStatus = Schemas['LlmStatus'];
type DetailedMetrics = Schemas['DetailedMetrics'];
type Counters = DetailedMetrics['usage']['today'];

export interface StatusReport {
  object: 'loremaster.status';
  url: string;
  ready: boolean;
  checks: Record<string, string>;
  /** `/health`'s overall status; null when it could not be read. */
  status: Health['status'] | null;
  version: string | null;
  uptime_s: number | null;
  roles: Record<string, { provider: string; model: string | null; status: string | null; serving?: string }>;
  providers: Record<string, { type: string; status: string; circuit: string | null; reason?: string }>;
  unpriced_models: string[];
  queues: {
    gateway: LlmStatus['queues']['gateway'];
    in_flight: Record<string, number>;
    maintenance: LlmStatus['queues']['maintenance'] & { oldest_pending_age_ms?: number | null };
  } | null;
  cache: LlmStatus['cache'] | null;
  usage: { today: Counters; this_hour: Counters } | null;
  budgets: LlmStatus['budgets'];
  worlds: { count: number } | null;
  /** The parts that could not be read, and why (e.g. the key's scope). */
  unavailable: Record<string, string>;
}

export function registerStatusCommand(program: Command, load: () => LoadedConfig): void {
  withConnectionOptions(
    program
      .command('status')
      .description(
        'the state of a running server: health, providers and circuits, queues, usage today, budgets',
      )
      .option('--json', 'print the report as one JSON document'),
  ).action(async (options: ConnectionOptions & { json?: boolean }) => {
    const report = await readStatus(connect(options, load));
    process.stdout.write(options.json ? `${JSON.stringify(report, null, 2)}\n` : formatStatus(report));
    if (!report.ready || report.status === 'down') process.exitCode = 1;
  });
}

export async function readStatus(connection: ServerConnection): Promise<StatusReport> {
  const unavailable: Record<string, string> = {};
  // Readiness is public: it also tells whether the server is there at all (else one CliError line).
  const ready = await connection.probe('/health/ready');
  const part = async <T>(name: string, path: string): Promise<T | undefined> => {
    const { status, body } = await connection.probe(path);
    // /health answers 503 with its document when the server is down.
    if (status < 400 || (status === 503 && name === 'health')) return body as T;
    const error = (body as { error?: { message?: string } } | undefined)?.error;
    unavailable[name] = `${status}${error?.message ? ` ${error.message}` : ''}`;
    return undefined;
  };
  const [health, llm, metrics, worlds, queue] = await Promise.all([
    part<Health>('health', '/health'),
    part<LlmStatus>('llm_status', '/llm/status'),
    part<DetailedMetrics>('usage', '/metrics/detailed'),
    part<{ data: unknown[] }>('worlds', '/worlds'),
    part<{ oldest_pending_age_ms: number | null }>('maintenance_queue', '/maintenance/queue-status'),
  ]);
  const readyBody = ready.body as { status?: string; checks?: Record<string, string> } | undefined;

  const roles: StatusReport['roles'] = {};
  for (const name of new Set([...Object.keys(llm?.roles ?? {}), ...Object.keys(health?.roles ?? {})])) {
    const configured = llm?.roles[name];
    const healthy = health?.roles[name];
    roles[name] = {
      provider: configured?.provider ?? healthy?.provider ?? '?',
      model: configured?.model ?? null,
      status: healthy?.status ?? null,
      ...(healthy?.serving && { serving: healthy.serving }),
    };
  }
  const providers: StatusReport['providers'] = {};
  for (const name of new Set([
    ...Object.keys(llm?.providers ?? {}),
    ...Object.keys(health?.providers ?? {}),
  ])) {
    const known = llm?.providers[name];
    const healthy = health?.providers[name];
    const reason = known?.reason ?? healthy?.reason ?? healthy?.last_error;
    providers[name] = {
      type: known?.type ?? healthy?.type ?? '?',
      status: healthy?.status ?? known?.status ?? '?',
      circuit: known?.circuit ?? null,
      ...(reason && { reason }),
    };
  }
  return {
    object: 'loremaster.status',
    url: connection.baseUrl,
    ready: ready.status === 200 && readyBody?.status === 'ready',
    checks: readyBody?.checks ?? {},
    status: health?.status ?? null,
    version: health?.version ?? null,
    uptime_s: health?.uptime_s ?? null,
    roles,
    providers,
    unpriced_models: health?.unpriced_models ?? [],
    queues: llm
      ? {
          gateway: llm.queues.gateway,
          in_flight: llm.queues.in_flight,
          maintenance: {
            ...llm.queues.maintenance,
            ...(queue && { oldest_pending_age_ms: queue.oldest_pending_age_ms }),
          },
        }
      : null,
    cache: llm?.cache ?? null,
    usage: metrics ? { today: metrics.usage.today, this_hour: metrics.usage.this_hour } : null,
    budgets: llm?.budgets ?? [],
    worlds: worlds ? { count: worlds.data.length } : null,
    unavailable,
  };
}

function duration(seconds: number): string {
  if (seconds < 60) return `${seconds}s`;
  if (seconds < 3_600) return `${Math.floor(seconds / 60)}m`;
  if (seconds < 86_400) return `${Math.floor(seconds / 3_600)}h ${Math.floor((seconds % 3_600) / 60)}m`;
  return `${Math.floor(seconds / 86_400)}d ${Math.floor((seconds % 86_400) / 3_600)}h`;
}

function table(rows: string[][]): string[] {
  const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => row[column]?.length ?? 0))) ?? [];
  return rows.map(
    (row) =>
      `  ${row
        .map((cell, column) => cell.padEnd(widths[column] ?? 0))
        .join('  ')
        .trimEnd()}`,
  );
}

export function formatStatus(report: StatusReport): string {
  const checks = Object.entries(report.checks)
    .map(([name, value]) => `${name} ${value}`)
    .join(', ');
  const lines = [
    `Loremaster at ${report.url}: ${report.ready ? 'ready' : 'NOT READY'} (${checks})` +
      (report.status ? `, ${report.status}` : '') +
      (report.version ? `, version ${report.version}` : '') +
      (report.uptime_s !== null ? `, up ${duration(report.uptime_s)}` : ''),
  ];
  const roles = Object.entries(report.roles);
  if (roles.length > 0) {
    lines.push('Roles:');
    lines.push(
      ...table(
        roles.map(([name, role]) => [
          name,
          `${role.provider}${role.model ? `/${role.model}` : ''}`,
          role.status ?? '?',
          role.serving ? `served by ${role.serving}` : '',
        ]),
      ),
    );
  }
  const providers = Object.entries(report.providers);
  if (providers.length > 0) {
    lines.push('Providers:');
    lines.push(
      ...table(
        providers.map(([name, provider]) => [
          name,
          provider.type,
          provider.status,
          provider.circuit ? `circuit ${provider.circuit}` : '',
          provider.reason ?? '',
        ]),
      ),
    );
  }
  if (report.queues) {
    const { gateway, maintenance } = report.queues;
    const age =
      maintenance.oldest_pending_age_ms !== undefined && maintenance.oldest_pending_age_ms !== null
        ? `, oldest pending ${duration(Math.round(maintenance.oldest_pending_age_ms / 1_000))}`
        : '';
    lines.push(
      `Gateway queue: ${gateway.high} high, ${gateway.medium} medium, ${gateway.low} low waiting`,
      `Maintenance queue (${maintenance.backend}): ${maintenance.pending} pending, ${maintenance.processing} processing, ` +
        `${maintenance.failed} failed, ${maintenance.dead} dead letters${age}`,
    );
  }
  if (report.usage) {
    const today = report.usage.today;
    lines.push(
      `Usage today: ${today.requests} requests (${today.errors} errors, ${today.cache_hits} from cache), ` +
        `${today.input_tokens} tokens in, ${today.output_tokens} out, $${today.cost_usd.toFixed(4)}`,
    );
  }
  if (report.cache)
    lines.push(
      `Cache: ${report.cache.enabled ? 'on' : 'off'}, ${report.cache.hits} hits, ${report.cache.misses} misses` +
        (report.cache.hit_rate !== null ? ` (${Math.round(report.cache.hit_rate * 100)}%)` : ''),
    );
  if (report.budgets.length === 0) lines.push('Budgets: none');
  else {
    lines.push('Budgets:');
    for (const budget of report.budgets) {
      const used =
        budget.used.length === 0
          ? [{ api_key_id: null, used: 0, fraction: 0, exceeded: false }]
          : budget.used;
      for (const usage of used)
        lines.push(
          `  ${budget.name}${usage.api_key_id ? ` (key ${usage.api_key_id})` : ''}: ${usage.used} of ${budget.limit} ` +
            `${budget.unit} per ${budget.period} (${Math.round(usage.fraction * 100)}%)` +
            `${usage.exceeded ? ', EXCEEDED' : ''}${budget.hard_stop ? ', hard stop' : ''}, resets ${budget.resets_at}`,
        );
    }
  }
  if (report.unpriced_models.length > 0)
    lines.push(`Models without a price: ${report.unpriced_models.join(', ')}`);
  if (report.worlds) lines.push(`Worlds: ${report.worlds.count}`);
  for (const [name, reason] of Object.entries(report.unavailable))
    lines.push(`(${name} unavailable: ${reason})`);
  return `${lines.join('\n')}\n`;
}
