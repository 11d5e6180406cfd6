/**
 * `npm run fake-upstream`: the fake LLM upstream as a standalone server, for manual runs and benchmarks.
 * Drive it over HTTP: POST /__fake/config (options + `faults`), POST /__fake/reset, GET /__fake/stats.
 */
import { parseArgs } from 'node:util';
import { type FakeUpstreamOptions, startFakeUpstream } from './fake-upstream.js';

const USAGE = `Usage: npm run fake-upstream -- [options]

  --port <n>               port to listen on (default 8787; 0 picks a free one)
  --host <addr>            address to bind (default 127.0.0.1)
  --latency-ms <n>         delay before each response starts (default 0)
  --tokens-per-second <n>  stream pacing (default 0 = as fast as possible)
  --answer-words <n>       words in each answer (default 12)
  -h, --help               show this help`;

function numberFlag(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed < 0) throw new Error(`--${name} must be a non-negative number`);
  return parsed;
}

function parseOptions(argv: string[]): FakeUpstreamOptions | undefined {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      'latency-ms': { type: 'string' },
      'tokens-per-second': { type: 'string' },
      'answer-words': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return undefined;
  const options: FakeUpstreamOptions = {
    port: numberFlag(values.port, 'port') ?? 8787,
    host: values.host ?? '127.0.0.1',
  };
  const latencyMs = numberFlag(values['latency-ms'], 'latency-ms');
  const tokensPerSecond = numberFlag(values['tokens-per-second'], 'tokens-per-second');
  const answerWords = numberFlag(values['answer-words'], 'answer-words');
  if (latencyMs !== undefined) options.latencyMs = latencyMs;
  if (tokensPerSecond !== undefined) options.tokensPerSecond = tokensPerSecond;
  if (answerWords !== undefined) options.answerWords = answerWords;
  return options;
}

async function main(): Promise<void> {
  let options: FakeUpstreamOptions | undefined;
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  if (!options) {
    console.log(USAGE);
    return;
  }
  const fake = await startFakeUpstream(options);
  // The first line is the URL alone, so scripts can read it.
  console.log(fake.url);
  console.log(`  OpenAI / OpenAI-compatible baseURL: ${fake.url}/v1`);
  console.log(`  Anthropic baseURL:                  ${fake.url}/v1`);
  console.log(`  Mistral baseURL:                    ${fake.url}/mistral/v1`);

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: stopping fake upstream`);
    // close() also ends hung and keep-alive sockets, after which nothing keeps the process alive.
    fake.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

await main();
