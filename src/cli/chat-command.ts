/**
 * `loremaster chat`: a terminal chat with a running server, reading lines from stdin (a terminal or a
 * pipe: `printf 'hello\n/quit\n' | loremaster chat`). With a model (`--model`, default the generation
 * role) or in a world session (`--world`, `--session`, `--player`). Answers stream to stdout as they
 * are written; the banner, the summary and errors go to stderr. `--json` prints one JSON line per
 * answer (no streaming) and a summary line at the end.
 *
 * A server that cannot be reached ends the chat with one line and exit code 1. An error answer to one
 * message is printed and the chat goes on; the exit code is then 1.
 */
import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import { LoremasterError } from '../client/index.js';
import type { LoadedConfig } from '../config/index.js';
import { modelConversation } from './chat-model.js';
import type { ChatConversation } from './chat-types.js';
import { worldConversation } from './chat-world.js';
import { CliError } from './cli-error.js';
import { type ConnectionOptions, connect, refused, withConnectionOptions } from './server-connection.js';

interface ChatOptions extends ConnectionOptions {
  model: string;
  system?: string;
  world?: string;
  session?: string;
  player?: string;
  json?: boolean;
}

const HELP = [
  'Type a line and press Enter to send it. Commands:',
  '  /panel   show the last embedded panel (world sessions)',
  '  /reset   forget the conversation so far (model chats)',
  '  /help    this help',
  '  /quit    leave (so does end of input, Ctrl-D)',
].join('\n');

export function registerChatCommand(program: Command, load: () => LoadedConfig): void {
  withConnectionOptions(
    program
      .command('chat')
      .description('chat with a model, or play a world session, on a running server (streamed)')
      .option('-m, --model <model>', 'a role, provider or provider/model the gateway routes', 'generation')
      .option('--system <text>', 'a system message for a model chat')
      .option('-w, --world <world>', "play a world session: the world's id or name")
      .option('-s, --session <id>', 'resume a session (its world is found from it)')
      .option('-p, --player <name>', "the player's name in a new session")
      .option('--json', 'one JSON line per answer and a summary line, instead of streamed text'),
  ).action(async (options: ChatOptions) => {
    const connection = connect(options, load);
    const inWorld = options.world !== undefined || options.session !== undefined;
    const conversation = inWorld
      ? worldConversation(connection, options)
      : modelConversation(connection, options.model, options.system);
    await conversation.start();
    process.stderr.write(`${conversation.banner} (/help for commands)\n`);
    const failed = await converse(conversation, options.json === true);
    const summary = conversation.summary();
    if (options.json) process.stdout.write(`${JSON.stringify(summary)}\n`);
    else process.stderr.write(`${describeSummary(summary)}\n`);
    if (failed) process.exitCode = 1;
  });
}

/** Reads lines until /quit or the end of input; whether any message failed. */
async function converse(conversation: ChatConversation, json: boolean): Promise<boolean> {
  const interactive = process.stdin.isTTY === true;
  const lines = createInterface({ input: process.stdin, terminal: interactive });
  const prompt = () => {
    if (interactive) process.stdout.write('> ');
  };
  let failed = false;
  prompt();
  try {
    for await (const raw of lines) {
      const line = raw.trim();
      if (line.startsWith('/')) {
        if (!command(conversation, line, json)) break;
      } else if (line !== '') {
        failed = !(await exchange(conversation, line, json)) || failed;
      }
      prompt();
    }
  } finally {
    lines.close();
  }
  return failed;
}

/** Runs a slash command; false when the chat should end. */
function command(conversation: ChatConversation, line: string, json: boolean): boolean {
  const name = line.split(/\s+/)[0]?.toLowerCase();
  switch (name) {
    case '/quit':
    case '/exit':
      return false;
    case '/help':
      process.stderr.write(`${HELP}\n`);
      return true;
    case '/panel': {
      const panel = conversation.panel();
      if (!panel) process.stderr.write('no panel yet: panels come with the turns of a world session\n');
      else if (json) process.stdout.write(`${JSON.stringify({ type: 'panel', panel: panel.json })}\n`);
      else process.stdout.write(`${panel.text}\n`);
      return true;
    }
    case '/reset': {
      const done = conversation.reset();
      process.stderr.write(`${done ?? 'a world session keeps its turns: start a new one to begin again'}\n`);
      return true;
    }
    default:
      process.stderr.write(`unknown command ${name}: /help lists the commands\n`);
      return true;
  }
}

/** Sends one line and prints the answer; false when the server refused it. */
async function exchange(conversation: ChatConversation, line: string, json: boolean): Promise<boolean> {
  let streamed = false;
  try {
    const reply = await conversation.send(line, (text) => {
      if (json) return;
      streamed = true;
      process.stdout.write(text);
    });
    if (json) {
      process.stdout.write(`${JSON.stringify(reply.json)}\n`);
    } else {
      process.stdout.write('\n');
      if (reply.after) process.stdout.write(`${reply.after}\n`);
    }
    return true;
  } catch (error) {
    if (streamed) process.stdout.write('\n');
    // The server is gone: nothing more can be said; end the chat with that one line.
    if (error instanceof CliError) throw error;
    if (!(error instanceof LoremasterError)) throw refused(error);
    process.stderr.write(`loremaster: ${refused(error).message}\n`);
    return false;
  }
}

function describeSummary(summary: Record<string, unknown>): string {
  const usage = summary.usage as { total_tokens: number } | undefined;
  const tokens = usage ? `, ${usage.total_tokens} tokens` : '';
  if (summary.session_id)
    return (
      `${plural(summary.turns, 'turn')} played in "${summary.world}"${tokens}. ` +
      `Resume with: loremaster chat --session ${summary.session_id}`
    );
  return `${plural(summary.replies, 'reply', 'replies')} from ${summary.model}${tokens}`;
}

function plural(count: unknown, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}
