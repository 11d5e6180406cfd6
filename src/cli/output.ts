/**
 * What the commands print. Data goes to stdout (as one JSON document with `--json`, so a script can
 * parse it); progress of long work and diagnostics go to stderr, so they never mix into that JSON.
 */
import { SingleBar } from 'cli-progress';

/** One JSON document on stdout, on one line. */
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value)}\n`);
}

/** A progress bar on stderr: redrawn in a terminal, a line every half second when piped. */
export function progressBar(label: string, unit = ''): SingleBar {
  return new SingleBar({
    format: `${label} [{bar}] {percentage}% | {value}/{total}${unit ? ` ${unit}` : ''} | {duration}s`,
    stream: process.stderr,
    noTTYOutput: true,
    notTTYSchedule: 500,
    hideCursor: process.stderr.isTTY === true,
  });
}

/** A bar started at the first report of progress (when the total is known) and stopped once. */
export function lazyBar(label: string, unit = '') {
  const bar = progressBar(label, unit);
  let started = false;
  return {
    update(done: number, total: number) {
      if (!started) {
        bar.start(total, done);
        started = true;
      } else {
        bar.setTotal(total);
        bar.update(done);
      }
    },
    stop() {
      if (started) bar.stop();
      started = false;
    },
  };
}
