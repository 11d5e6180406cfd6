/** Child processes for benchmarks: each server runs in its own process, as in production. */
import { type ChildProcess, spawn } from 'node:child_process';

export interface Child {
  url: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

/** What a server prints when it listens. */
const URL_PATTERN = /(http:\/\/127\.0\.0\.1:\d+)/;

const children = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of children) child.kill('SIGKILL');
});

/**
 * Spawns `node --import tsx <script> ...args` (a TypeScript server) and waits for the URL it prints;
 * `cpus` as for spawnNode.
 */
export function spawnServer(
  script: string,
  args: string[],
  env: Record<string, string> = {},
  cpus?: string,
): Promise<Child> {
  return spawnNode('--import', ['tsx', script, ...args], env, cpus);
}

/**
 * Spawns `node <script> ...args` and waits for the URL it prints. `cpus` (a `taskset` list, e.g. `1`)
 * runs it, every thread of it, on those CPUs only.
 */
export async function spawnNode(
  script: string,
  args: string[],
  env: Record<string, string> = {},
  cpus?: string,
): Promise<Child> {
  // taskset sets the mask and execs node in its place: the child's pid is node's.
  const [command, argv] =
    cpus === undefined
      ? [process.execPath, [script, ...args]]
      : ['taskset', ['-c', cpus, process.execPath, script, ...args]];
  const child = spawn(command, argv, {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${script} did not start: ${output}`)), 30_000);
    const onData = (chunk: Buffer) => {
      output += chunk;
      const match = URL_PATTERN.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${script} exited ${code}: ${output}`));
    });
  });
  child.removeAllListeners('exit');
  return {
    url,
    process: child,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      // A server stopping gracefully writes its last call-log batch and, under --cpu-prof, its profile.
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 30_000))]);
      child.kill('SIGKILL');
      children.delete(child);
    },
  };
}
