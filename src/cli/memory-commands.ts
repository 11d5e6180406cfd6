/**
 * `loremaster reindex`: rebuilds the vector index from the embeddings stored in the database (the
 * source of truth), with a progress bar on stderr, and saves it beside the database. `--embed` first
 * embeds the documents that have no embedding for the configured model yet (e.g. after changing the
 * model), with a bar of its own. `--json` prints the counts as one JSON document.
 */
import type { Command } from 'commander';
import { createLogger, type LoadedConfig } from '../config/index.js';
import { lazyBar, printJson } from './output.js';

export function registerMemoryCommands(program: Command, load: () => LoadedConfig): void {
  program
    .command('reindex')
    .description('rebuild the vector index from the stored embeddings (and save it beside the database)')
    .option('--embed', 'first embed every document that has no embedding for the configured model')
    .option('--json', 'print the counts as JSON')
    .action(async (options: { embed?: boolean; json?: boolean }) => {
      // Loaded here, not at the top: the CLI's other commands start without these modules.
      const [{ DOCUMENT_OWNER }, { Memory }, { openStore }] = await Promise.all([
        import('../memory/documents.js'),
        import('../memory/index.js'),
        import('../store/index.js'),
      ]);
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
        let embedded: number | undefined;
        if (options.embed) {
          embedded = 0;
          const total = await memory.sync.documents.count();
          const bar = lazyBar('embed', 'documents');
          let seen = 0;
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
            seen += page.length;
            bar.update(seen, Math.max(total, seen));
          }
          bar.stop();
          if (!options.json)
            process.stdout.write(`embedded ${embedded} documents with ${memory.embedder.model}\n`);
        }
        const bar = lazyBar('reindex', 'embeddings');
        const started = performance.now();
        const size = await memory.sync.rebuild(({ done, total }) => bar.update(done, total));
        bar.stop();
        const seconds = (performance.now() - started) / 1_000;
        if (options.json)
          printJson({
            model: memory.embedder.model,
            vectors: size,
            seconds: Math.round(seconds * 100) / 100,
            ...(embedded !== undefined && { embedded }),
          });
        else
          process.stdout.write(
            `indexed ${size} vectors of ${memory.embedder.model} in ${seconds.toFixed(2)}s\n`,
          );
      } finally {
        await gateway.close();
        await store.close();
      }
    });
}
