/**
 * A real `loremaster` process for a test: the package's bin (built dist/), a clean environment, its
 * output kept for diagnostics, and bounded waits. `stop()` never leaves the child running.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../bin/loremaster.js', import.meta.url));
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** The output kept per process (the tail, for failure messages). */
const OUTPUT_MAX = 20_000;

export interface CliProcess {
  child: ChildProcess;
  /** stdout and stderr as received so far (the last 20 000 characters). */
  output(): string;
  /** Resolves when the output matches; rejects on exit or after `timeoutMs`. */
  waitForOutput(pattern: RegExp, timeoutMs: number): Promise<void>;
  /** Sends `signal` and waits for the exit (SIGKILL after `timeoutMs`); the exit signal or code. */
  stop(signal: NodeJS.Signals, timeoutMs?: number): Promise<NodeJS.Signals | number | null>;
  exited(): boolean;
}

export function spawnCli(args: readonly string[], env: Record<string, string> = {}): CliProcess {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const listeners = new Set<() => void>();
  const append = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-OUTPUT_MAX);
    for (const listener of listeners) listener();
  };
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);
  const exit = new Promise<NodeJS.Signals | number | null>((resolve) => {
    child.once('exit', (code, signal) => {
      for (const listener of listeners) listener();
      resolve(signal ?? code);
    });
  });
  const exited = () => child.exitCode !== null || child.signalCode !== null;

  return {
    child,
    output: () => output,
    exited,
    waitForOutput(pattern, timeoutMs) {
      return new Promise<void>((resolve, reject) => {
        const done = (error?: Error) => {
          clearTimeout(timer);
          listeners.delete(check);
          if (error) reject(error);
          else resolve();
        };
        const check = () => {
          if (pattern.test(output)) done();
          else if (exited())
            done(
              new Error(
                `loremaster exited (${child.exitCode ?? child.signalCode}) before ${pattern}:\n${output}`,
              ),
            );
        };
        const timer = setTimeout(
          () => done(new Error(`no ${pattern} from loremaster within ${timeoutMs} ms:\n${output}`)),
          timeoutMs,
        );
        listeners.add(check);
        check();
      });
    },
    async stop(signal, timeoutMs = 10_000) {
      if (exited()) return exit;
      child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      try {
        return await exit;
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
