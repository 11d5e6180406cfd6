/**
 * An oracle analyst: a fake model that answers the `turn_analysis` prompt with the right Intentions
 * for each scripted turn (looked up by the player's input), optionally after a model-like delay.
 * Every other prompt goes to the offline provider. Used by the narrative suites and bench/memory.
 */
import { createLogger, loadConfig, type Settings } from '../../src/config/index.js';
import { createGateway, type Gateway, ProviderRegistry } from '../../src/gateway/index.js';
import { MockProvider, OfflineProvider } from '../../src/providers/index.js';

export type OracleAnswers = Map<string, unknown>;

/** The player's input, as the analysis template writes it ("Player: …" on its own line). */
export function playerInputOf(prompt: string): string | undefined {
  return /^Player: (.*)$/m.exec(prompt)?.[1]?.trim();
}

export function oracleProvider(answers: OracleAnswers, delayMs = 0): MockProvider {
  return new MockProvider({
    name: 'oracle',
    fallback: (messages) => {
      const user = String(messages.at(-1)?.content ?? '');
      const input = playerInputOf(user);
      const answer = input === undefined ? undefined : answers.get(input);
      return { text: JSON.stringify(answer ?? { updates: [], creations: [] }), delayMs };
    },
  });
}

/** Config overrides that send the analysis role to the oracle (everything else stays offline). */
export const ORACLE_CONFIG = {
  providers: { offline: { type: 'offline' }, oracle: { type: 'mock' } },
  'roles.analysis': { provider: 'oracle', model: 'mock-1', max_tokens: 1024, temperature: 0 },
};

/** A gateway whose analysis role is the oracle. */
export async function oracleGateway(
  settings: Settings,
  answers: OracleAnswers,
  delayMs = 0,
): Promise<Gateway> {
  const registry = new ProviderRegistry([
    ['offline', new OfflineProvider({ name: 'offline' })],
    ['oracle', oracleProvider(answers, delayMs)],
  ]);
  return createGateway({
    settings,
    secrets: loadConfig({ env: {} }).secrets,
    logger: createLogger('silent'),
    registry,
  });
}
