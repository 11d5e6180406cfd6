/**
 * `loremaster import <file>` and `loremaster export <world>`: whole worlds in and out, in every format
 * Loremaster reads (detected and named before any work starts) and writes. Long work shows a progress
 * bar on stderr; `--json` prints one JSON document on stdout instead of the summary. A file Loremaster
 * cannot read is a one-line error and exit code 1, never a stack trace.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { LoadedConfig } from '../config/index.js';
import type { readImport } from '../narrative/imports/index.js';
import { EXPORT_FORMATS, type ExportFormat } from '../narrative/imports/to-sillytavern.js';
import { CliError } from './cli-error.js';
import { printJson, progressBar } from './output.js';

/** Loaded when a command runs (the CLI's other commands start without these modules). */
async function importModules() {
  const [imports, { DEMO_WORLD_FILE }, { openRuntime }] = await Promise.all([
    import('../narrative/imports/index.js'),
    import('../narrative/index.js'),
    import('./runtime.js'),
  ]);
  return { ...imports, DEMO_WORLD_FILE, openRuntime };
}

function readBytes(path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliError(
      `cannot read ${path}: ${code === 'ENOENT' ? 'no such file' : (error as Error).message}`,
    );
  }
}

/** Any failure of an import or export is one line: the message, not the stack. */
function oneLine<A extends unknown[]>(action: (...args: A) => Promise<void>) {
  return async (...args: A) => {
    try {
      await action(...args);
    } catch (error) {
      if (error instanceof CliError) throw error;
      throw new CliError((error as Error).message || String(error));
    }
  };
}

export function registerImportExportCommands(program: Command, load: () => LoadedConfig): void {
  program
    .command('import')
    .description(
      'import a world: a Loremaster world file (YAML/JSON), a SillyTavern Character Card V2/V3 (JSON, PNG or CHARX) or a Pygmalion character, a lorebook_v3 or World Info file, a NovelAI, Agnai or RisuAI lorebook; --demo imports the demo world Cinderwick once',
    )
    .argument('[file]', 'the file to import (its format is detected)')
    .option('--demo', 'import the demo world shipped with Loremaster (once: a second run finds it)')
    .option('--json', 'print the result as JSON')
    .action(
      oneLine(async (file: string | undefined, options: { demo?: boolean; json?: boolean }) => {
        const { DEMO_WORLD_FILE, UnsupportedFile, readImport, importDetected, openRuntime } =
          await importModules();
        const path = options.demo ? DEMO_WORLD_FILE : file;
        if (!path) throw new CliError('name a file to import, or pass --demo');
        let detected: ReturnType<typeof readImport>;
        try {
          detected = readImport({ bytes: readBytes(path), name: path });
        } catch (error) {
          if (error instanceof UnsupportedFile) throw new CliError(`${path}: ${error.message}`);
          throw error;
        }
        const say = (line: string) => {
          if (!options.json) process.stdout.write(`${line}\n`);
        };
        const worldName = detected.file.world.name;
        process.stderr.write(
          `${path}: ${detected.formatName}, world "${worldName}", ${detected.file.entities.length} entities\n`,
        );
        process.stderr.write('Opening the database…\n');
        const runtime = await openRuntime(load());
        try {
          if (options.demo) {
            const existing = (await runtime.store.worlds.listWorlds()).find(
              (world) => world.name === worldName,
            );
            if (existing) {
              if (options.json)
                printJson({
                  world_id: existing.id,
                  name: worldName,
                  format: detected.format,
                  already_imported: true,
                });
              say(
                `The demo world "${worldName}" is already imported: world ${existing.id} (nothing was created)`,
              );
              return;
            }
          }
          const bar = progressBar('import');
          let started = false;
          const report = await importDetected(runtime.narrative.worlds, detected, (done, total) => {
            if (!started) {
              bar.start(total, done);
              started = true;
            } else bar.update(done);
          });
          bar.stop();
          if (options.json) {
            printJson({
              world_id: report.worldId,
              name: worldName,
              format: report.format,
              format_name: report.formatName,
              entities: report.entities,
              warnings: report.warnings,
              already_imported: false,
            });
            return;
          }
          say(
            `Imported "${worldName}" (${report.formatName}): world ${report.worldId}, ${report.entities} entities`,
          );
          for (const warning of report.warnings) say(`  warning: ${warning}`);
        } finally {
          await runtime.close();
        }
      }),
    );

  program
    .command('export')
    .description(`write a world as a SillyTavern file (${EXPORT_FORMATS.join(', ')})`)
    .argument('<world>', "the world's id or name")
    .requiredOption('-f, --format <format>', `one of ${EXPORT_FORMATS.join(', ')}`)
    .option('-o, --output <file>', 'the file to write (default: stdout for JSON formats)')
    .option('--session <id>', "a session's view of the world instead of canon")
    .option('--json', 'print what was written as JSON')
    .action(
      oneLine(
        async (
          ref: string,
          options: { format: string; output?: string; session?: string; json?: boolean },
        ) => {
          if (!(EXPORT_FORMATS as readonly string[]).includes(options.format))
            throw new CliError(
              `unknown format "${options.format}": expected one of ${EXPORT_FORMATS.join(', ')}`,
            );
          const format = options.format as ExportFormat;
          if (format.endsWith('-png') && !options.output && process.stdout.isTTY)
            throw new CliError('a PNG card is binary: name a file with --output');
          if (options.json && !options.output)
            throw new CliError('--json reports on a written file: add --output');
          const { CannotExport, exportWorldFile, openRuntime } = await importModules();
          const runtime = await openRuntime(load());
          try {
            const worlds = await runtime.store.worlds.listWorlds();
            const world = worlds.find((w) => w.id === ref) ?? worlds.find((w) => w.name === ref);
            if (!world) throw new CliError(`no world "${ref}" (see GET /worlds for ids and names)`);
            const bar = progressBar('export');
            bar.start(1, 0);
            const exported = await exportWorldFile(
              runtime.narrative.worlds,
              world.id,
              format,
              options.session,
            ).catch((error: unknown) => {
              bar.stop();
              if (error instanceof CannotExport)
                throw new CliError(`cannot export as ${format}: ${error.message}`);
              throw error;
            });
            bar.update(1);
            bar.stop();
            if (!options.output) {
              process.stdout.write(exported.body);
              return;
            }
            writeFileSync(options.output, exported.body);
            if (options.json)
              printJson({ world_id: world.id, format, file: options.output, bytes: exported.body.length });
            else
              process.stdout.write(
                `Wrote "${world.name}" as ${format} to ${options.output} (${exported.body.length} bytes)\n`,
              );
          } finally {
            await runtime.close();
          }
        },
      ),
    );
}
