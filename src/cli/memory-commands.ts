/**
 * `loremaster reindex`: rebuilds the vector index from the embeddings stored in the database (the
 * source of truth), with a progress bar, and saves it beside the database. `--embed` first embeds the
 * documents that have no embedding for the configured model yet (e.g. after changing the model).
 */
import { SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { createLogger, type LoadedConfig } from '../config/index.js';
import { DOCUMENT_OWNER } from '../memory/documents.js';
import { Memory } from '../memory/index.js';
import { openStore } from '../store/index.js';

export function registerMemoryCommands(program: Command, load: () => LoadedConfig): void {
  program
    .command('reindex')
    .description('rebuild the vector index from the stored embeddings (and save it beside the database)')
    .option('--embed', 'first embed every document that has no embedding for the configured model')
    .action(async (options: { embed?: boolean }) => {
      const config = load();
      const { settings } = config;
      const store = await openStore(settings.database);
      const { createGateway } = await import('../gateway/gateway.js');
      const gateway = await createGateway({
        settings,
        secrets: config.secrets,
        logger: createLogger(settings.log.level, process.stderr),
      });
      try {
        const memory = new Memory({ store, settings, gateway });
        if (options.embed) {
          let embedded = 0;
          for (let afterId: string | undefined; ; ) {
            const page = await memory.sync.documents.page({
              limit: 256,
              ...(afterId !== undefined && { afterId }),
            });
            if (page.length === 0) break;
            afterId = page.at(-1)?.id;
            const missing = [];
            for (const document of page)
              if (!(await store.embeddings.get(DOCUMENT_OWNER, document.id, memory.embedder.model)))
                missing.push(document.id);
            if (missing.length > 0) embedded += await memory.sync.indexDocuments(missing);
          }
          process.stdout.write(`embedded ${embedded} documents with ${memory.embedder.model}\n`);
        }
        const tty = process.stdout.isTTY === true;
        const bar = new SingleBar({
          format: 'reindex [{bar}] {percentage}% | {value}/{total} embeddings | {duration}s',
          noTTYOutput: !tty,
          notTTYSchedule: 1_000,
          stream: process.stdout,
        });
        const started = performance.now();
        let begun = false;
        const size = await memory.sync.rebuild(({ done, total }) => {
          if (!begun) {
            bar.start(total, done);
            begun = true;
          } else bar.update(done);
        });
        bar.stop();
        const seconds = ((performance.now() - started) / 1_000).toFixed(2);
        process.stdout.write(`indexed ${size} vectors of ${memory.embedder.model} in ${seconds}s\n`);
      } finally {
        await gateway.close();
        await store.close();
      }
    });
}
