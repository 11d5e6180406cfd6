/**
 * The call log's and the event log's own counts on /metrics. Both write in batches off the request
 * path and, when the database falls behind, drop their oldest unwritten rows once their buffer is
 * full: counted, and shown here, never silent.
 */
import { Counter, Gauge, type Registry } from 'prom-client';

export interface LogCounts {
  written: number;
  waiting: number;
  dropped: number;
}

const PREFIX = 'loremaster_';

export function registerLogMetrics(
  registry: Registry,
  logs: { callLog: () => LogCounts; eventLog: () => LogCounts },
): void {
  const sources = [
    ['call_log_rows', 'Model calls in the call log', logs.callLog],
    ['event_log_events', 'Published events in the event log', logs.eventLog],
  ] as const;
  for (const [name, help, counts] of sources) {
    // One app per registry: an app built again on the same gateway (tests) takes the metrics over.
    registry.removeSingleMetric(`${PREFIX}${name}_total`);
    registry.removeSingleMetric(`${PREFIX}${name}_waiting`);
    new Counter({
      name: `${PREFIX}${name}_total`,
      help: `${help}, by outcome: written, or dropped (its buffer was full)`,
      labelNames: ['outcome'],
      registers: [registry],
      collect() {
        const { written, dropped } = counts();
        this.reset();
        this.inc({ outcome: 'written' }, written);
        this.inc({ outcome: 'dropped' }, dropped);
      },
    });
    new Gauge({
      name: `${PREFIX}${name}_waiting`,
      help: `${help} waiting to be written`,
      registers: [registry],
      collect() {
        this.set(counts().waiting);
      },
    });
  }
}
