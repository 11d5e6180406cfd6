/**
 * `loremaster worker`: the background roles of a turn as a process of their own (analysis, notes,
 * entities, simulation; and embedding when the vector index is shared: PostgreSQL), and the other
 * background loops `serve` runs (webhook deliveries, batches, content and image jobs: background-loops.ts). Several
 * workers on several machines share the pg-boss queue on PostgreSQL. Stops cleanly on SIGTERM/SIGINT:
 * running tasks finish; a worker killed outright loses its leases and its tasks run again elsewhere.
 */
import type { Command } from 'commander';
import type { LoadedConfig } from '../config/index.js';
import type { TaskType } from '../jobs/index.js';

export function registerNarrativeCommands(program: Command, load: () => LoadedConfig): void {
  program
    .command('worker')
    .description(
      'run the background work as its own process: maintenance and embedding, webhook deliveries, batches, content and image jobs',
    )
    .option(
      '--tasks <types>',
      'comma-separated task types (default: all, except EMBED_DOCUMENTS when the vector index is in-process)',
    )
    .option(
      '--no-background',
      'run only the maintenance tasks (no webhook deliveries, batches, content jobs)',
    )
    .action(async (options: { tasks?: string; background: boolean }) => {
      const config = load();
      // Loaded here, not at the top: the CLI's other commands start without these modules.
      const [{ openRuntime }, { MAINTENANCE_TASKS }, { startBackgroundLoops }] = await Promise.all([
        import('./runtime.js'),
        import('../narrative/index.js'),
        import('./background-loops.js'),
      ]);
      const runtime = await openRuntime(config);
      const { logger, narrative, memory } = runtime;
      // On PostgreSQL any worker can embed: with pgvector the index is in the database, and an
      // in-process HNSW index in every server follows the vector change log the worker writes. On
      // SQLite the HNSW index belongs to the serving process (it alone follows nothing by default).
      const shared = memory.indexKind === 'pgvector' || runtime.store.backend === 'postgres';
      const defaults: TaskType[] = shared ? [...MAINTENANCE_TASKS, 'EMBED_DOCUMENTS'] : MAINTENANCE_TASKS;
      const types = options.tasks
        ? (options.tasks.split(',').map((type) => type.trim()) as TaskType[])
        : defaults;
      narrative.startWorkers({
        types,
        onError: (error, task) =>
          logger.warn({ err: error, task: task?.id, type: task?.type }, 'maintenance task failed'),
        onTask: (task, outcome) => logger.debug({ task: task.id, type: task.type, outcome }, 'task'),
        onSkipped: (task, reason) =>
          logger.info(
            { task: task.id, type: task.type, turn: task.turnId, reason },
            'maintenance task skipped',
          ),
      });
      // What `serve` runs besides the maintenance roles (webhooks, batches, content and image jobs).
      const loops = options.background ? await startBackgroundLoops({ ...runtime, config }) : undefined;
      const running = [...types, ...(loops?.names ?? [])];
      process.stdout.write(
        `Loremaster worker running (${runtime.queue.backend} queue; ${running.join(', ')})\n`,
      );
      // The workers' idle timers do not hold the process open (they must not keep `serve` alive):
      // this one does, until a signal stops the worker.
      const keepAlive = setInterval(() => {}, 60_000);
      const stop = async (signal: string) => {
        clearInterval(keepAlive);
        logger.info({ signal }, 'worker stopping');
        await loops?.close();
        await runtime.close();
        process.exit(0);
      };
      process.once('SIGINT', () => void stop('SIGINT'));
      process.once('SIGTERM', () => void stop('SIGTERM'));
    });
}
