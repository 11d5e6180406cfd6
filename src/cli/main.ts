/** `loremaster <command>`: the command-line entry (serve, config). */
import { resolve } from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import {
  ConfigError,
  createLogger,
  effectiveConfig,
  type LoadedConfig,
  loadConfig,
  renderEffectiveConfig,
  saveConfig,
} from '../config/index.js';
import { registerChatCommand } from './chat-command.js';
import { CliError } from './cli-error.js';
import { registerImportExportCommands } from './import-export-commands.js';
import { registerKeysCommands } from './keys-commands.js';
import { registerMemoryCommands } from './memory-commands.js';
import { registerNarrativeCommands } from './narrative-commands.js';
import { printJson } from './output.js';
import { registerReplayCommand } from './replay-cli.js';
import { registerStatusCommand } from './status-command.js';
import { registerStoreCommands } from './store-commands.js';

interface GlobalOptions {
  config?: string;
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65_535)
    throw new InvalidArgumentError('expected a port number (0-65535)');
  return port;
}

function load(global: GlobalOptions, overrides: Record<string, unknown> = {}): LoadedConfig {
  return loadConfig({ ...(global.config !== undefined && { file: global.config }), overrides });
}

export function buildCli(): Command {
  const program = new Command('loremaster')
    .description('Loremaster: the LLM server for games')
    .option('-c, --config <file>', 'config file (YAML or JSON); default $LOREMASTER_CONFIG')
    .showHelpAfterError();

  program
    .command('serve')
    .description('start the HTTP server (OpenAI-compatible /v1 API)')
    .option('--host <host>', 'address to bind (default 127.0.0.1, or $LOREMASTER_HOST)')
    .option('--port <port>', 'port to listen on (default 8080, or $LOREMASTER_PORT)', parsePort)
    .action(async (options: { host?: string; port?: number }) => {
      const config = load(program.opts<GlobalOptions>(), {
        'server.host': options.host,
        'server.port': options.port,
      });
      const logger = createLogger(config.settings.log.level);
      // Loaded here, not at the top: the server's modules are most of the CLI's start-up time, and
      // every other command (config, keys, status…) does without them.
      const { startServer } = await import('../api/index.js');
      const server = await startServer(config, logger);
      logger.info(
        { url: server.url, roles: config.settings.roles.generation.provider },
        'Loremaster is listening',
      );
      process.stdout.write(`Loremaster listening on ${server.url}\n`);
      const stop = async (signal: string) => {
        logger.info({ signal }, 'shutting down');
        await server.close();
        process.exit(0);
      };
      process.once('SIGINT', () => void stop('SIGINT'));
      process.once('SIGTERM', () => void stop('SIGTERM'));
    });

  program
    .command('config')
    .description('print the effective config (secrets redacted)')
    .option('--save <file>', 'write the effective settings to a YAML file (never writes secrets)')
    .option('--json', 'print the effective config as JSON (secrets redacted)')
    .action((options: { save?: string; json?: boolean }) => {
      const config = load(program.opts<GlobalOptions>());
      if (options.save) {
        saveConfig(options.save, config.settings, config.secrets);
        if (options.json) printJson({ saved: resolve(options.save), secrets_written: false });
        else process.stdout.write(`Saved settings to ${options.save} (secrets are not written)\n`);
        return;
      }
      if (options.json) printJson(effectiveConfig(config));
      else process.stdout.write(renderEffectiveConfig(config));
    });

  registerStoreCommands(program, () => load(program.opts<GlobalOptions>()));
  registerKeysCommands(program, () => load(program.opts<GlobalOptions>()));
  registerReplayCommand(program, () => load(program.opts<GlobalOptions>()));
  registerMemoryCommands(program, () => load(program.opts<GlobalOptions>()));
  registerNarrativeCommands(program, () => load(program.opts<GlobalOptions>()));
  registerImportExportCommands(program, () => load(program.opts<GlobalOptions>()));
  registerChatCommand(program, () => load(program.opts<GlobalOptions>()));
  registerStatusCommand(program, () => load(program.opts<GlobalOptions>()));
  return program;
}

export async function main(argv: string[]): Promise<void> {
  try {
    await buildCli().parseAsync(argv);
  } catch (error) {
    if (error instanceof ConfigError || error instanceof CliError) {
      process.stderr.write(`loremaster: ${error.message}\n`);
      process.exit(1);
    }
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE' || code === 'EACCES' || code === 'EADDRNOTAVAIL') {
      process.stderr.write(`loremaster: cannot listen: ${(error as Error).message}\n`);
      process.exit(1);
    }
    throw error;
  }
}

await main(process.argv);
