/**
 * bench/chain: what the gateway itself costs a streamed call, in one process and without HTTP: the
 * offline provider's stream read through `gateway.stream` (the whole middleware chain, accounting,
 * the call's events, cache off) against the same provider's stream read direct (the baseline),
 * measured in the same run. Rounds alternate between the two so the JIT's warming falls on both;
 * the CPU of the last rounds is what a warm server pays.
 *
 *   npm run bench:chain [-- --calls 2000 --rounds 6]
 *
 * It answers where a streamed call's cost is not: bench/gateway measures the whole server, and its
 * difference to the bare pass-through is mostly HTTP (the request's handling, the upstream request and
 * its parsing, the client's writer), which this bench leaves out.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config/index.js';
import { createLogger } from '../src/config/logger.js';
import { createGateway } from '../src/gateway/index.js';
import { OfflineProvider } from '../src/providers/index.js';
import type { ChatMessage, ChatOptions } from '../src/vocabulary/index.js';

const { values } = parseArgs({
  options: { calls: { type: 'string', default: '2000' }, rounds: { type: 'string', default: '6' } },
});
const CALLS = Number(values.calls);
const ROUNDS = Number(values.rounds);

const dir = mkdtempSync(join(tmpdir(), 'loremaster-bench-chain-'));
const { settings, secrets } = loadConfig({
  env: {},
  overrides: { 'database.sqlite_path': join(dir, 'bench.db') },
});
const gateway = await createGateway({ settings, secrets, logger: createLogger('silent') });
const offline = new OfflineProvider();
const messages: ChatMessage[] = [
  { role: 'user', content: 'Tell me about the old lighthouse keeper and the storm that took the pier.' },
];
const options: ChatOptions = { temperature: 0.7, maxTokens: 200 };

/** Reads one streamed answer; resolves to its number of text events. */
type Target = () => Promise<number>;

const direct: Target = async () => {
  let tokens = 0;
  for await (const event of offline.stream(messages, options)) if (event.type === 'delta') tokens += 1;
  return tokens;
};

const throughGateway: Target = async () => {
  const opened = await gateway.stream({ model: 'offline', messages, options, cache: 'off' });
  let tokens = 0;
  for await (const event of opened.events) if (event.type === 'delta') tokens += 1;
  return tokens;
};

/** CPU (user and system) per call and per token of `CALLS` calls, one at a time. */
async function measure(target: Target): Promise<{ perCall: number; perToken: number }> {
  let tokens = 0;
  const before = process.cpuUsage();
  for (let i = 0; i < CALLS; i++) tokens += await target();
  const used = process.cpuUsage(before);
  const micros = used.user + used.system;
  return { perCall: micros / CALLS, perToken: micros / Math.max(1, tokens) };
}

try {
  console.log(`bench/chain: ${CALLS} streamed calls a row, ${ROUNDS} rounds, Node ${process.version}\n`);
  console.log(
    'round  offline direct µs/call  through the gateway µs/call  added µs/call  ratio  µs/token direct / gateway',
  );
  for (let round = 1; round <= ROUNDS; round++) {
    // Each round starts with the other target, so neither always runs on the warmer process.
    const order: Target[] = round % 2 === 1 ? [direct, throughGateway] : [throughGateway, direct];
    const results = new Map<Target, Awaited<ReturnType<typeof measure>>>();
    for (const target of order) results.set(target, await measure(target));
    const base = results.get(direct)!;
    const chained = results.get(throughGateway)!;
    console.log(
      `${String(round).padStart(5)}  ${base.perCall.toFixed(1).padStart(22)}  ${chained.perCall.toFixed(1).padStart(27)}  ` +
        `${(chained.perCall - base.perCall).toFixed(1).padStart(13)}  ${(chained.perCall / base.perCall).toFixed(2).padStart(5)}  ` +
        `${base.perToken.toFixed(2)} / ${chained.perToken.toFixed(2)}`,
    );
  }
} finally {
  await gateway.close();
  rmSync(dir, { recursive: true, force: true });
}
