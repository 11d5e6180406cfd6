/**
 * The store, gateway, queue, memory, prompts and narrative of a process that is not the server
 * (`loremaster worker`, `import`, `export`), opened together and closed together. Its modules load only
 * when a command needs them (the CLI's other commands start without them).
 */
import { createLogger, type LoadedConfig } from '../config/index.js';
import { openQueue } from '../jobs/index.js';
import { Memory } from '../memory/index.js';
import { Narrative } from '../narrative/index.js';
import { PromptLibrary, SHIPPED_PROMPTS_DIR, TemplateEngine } from '../prompts/index.js';
import { openStore } from '../store/index.js';

export async function openRuntime(config: LoadedConfig) {
  const { settings } = config;
  const logger = createLogger(settings.log.level, process.stderr);
  const store = await openStore(settings.database, {
    onCallLogError: (error) => logger.warn({ err: error }, 'call log batch not written (will retry)'),
    // The gateway's usage tracker writes the roll-ups (through store.usageSink): count each call once.
    rollUpCallLog: false,
  });
  const { createGateway } = await import('../gateway/gateway.js');
  const { accountCalls } = await import('../gateway/call-accounting.js');
  const gateway = await createGateway({
    settings,
    secrets: config.secrets,
    logger,
    usageSink: store.usageSink,
    budgetStore: store.budgetSink,
  });
  // Every model call this process makes goes to the call log, as the server's do.
  accountCalls(gateway.bus, store.callLog, { bodies: settings.database.call_log.bodies.enabled });
  const queue = await openQueue(store, {
    jobs: settings.jobs,
    database: settings.database,
    onError: (error) => logger.warn({ err: error }, 'maintenance queue error'),
  });
  const memory = new Memory({ store, settings, gateway, queue });
  await memory.open();
  const library = new PromptLibrary(store, new TemplateEngine());
  await library.syncFiles(SHIPPED_PROMPTS_DIR);
  const prompts = {
    gateway,
    store,
    library,
    settings,
    environment: process.env.LOREMASTER_ENV?.trim() || undefined,
  };
  const narrative = new Narrative({ store, gateway, memory, prompts, settings, queue });
  const close = async () => {
    await narrative.stopWorkers();
    await queue.stop();
    await memory.close();
    await gateway.close();
    await store.close();
  };
  return { logger, store, gateway, queue, memory, narrative, prompts, close };
}
