/**
 * Registers `loremaster replay`; its module (the gateway's replay and the providers behind it) loads
 * only when the command runs, so the CLI's other commands start without it.
 */
import type { Command } from 'commander';
import type { LoadedConfig } from '../config/index.js';

export function registerReplayCommand(program: Command, load: () => LoadedConfig): void {
  program
    .command('replay')
    .description('run a recorded cassette again and report the first answer that differs')
    .argument('<cassette>', 'the recording (JSONL) to run again')
    .option('--against <other>', 'only compare the cassette with another recording; call no model')
    .option('--out <file>', 'where to write the new recording (default: a temporary file)')
    .option('--json', 'print the summary as JSON')
    .action(async (cassette: string, options: { against?: string; out?: string; json?: boolean }) => {
      const { runReplay } = await import('./replay-command.js');
      await runReplay(load, cassette, options);
    });
}
