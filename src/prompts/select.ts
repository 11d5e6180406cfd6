/**
 * Which text of a prompt version runs. The rule (documented in README "Prompts"):
 *
 *   default parts  →  A/B arm  →  provider variant  →  environment override
 *
 * each layer replacing only the parts it defines (system, user, temperature, max_tokens); the later
 * layer wins. The provider variant is the first key found among: the provider's name in config
 * (`ollama`), its type (`anthropic`, `openai`, `mistral`, `openai-compatible`, `offline`), then `local`
 * for any OpenAI-compatible server. The environment override is `environments[LOREMASTER_ENV]`.
 * The A/B arm is drawn by weight from a hash of the prompt's name and the session id, so a session
 * keeps its arm across calls, restarts and new versions (as long as the arm still exists); a call
 * without a session draws at random.
 */
import { createHash, randomInt } from 'node:crypto';
import type { AbArm, PromptBody, PromptParts } from './definition.js';

export interface ProviderRef {
  name: string;
  kind: string;
}

export interface SelectOptions {
  provider?: ProviderRef | undefined;
  environment?: string | undefined;
  sessionId?: string | undefined;
  /** Forces an arm (previews); must be one of the prompt's arms. */
  arm?: string | undefined;
}

export interface Selection {
  /** The provider variant key used, or '' for the default text. */
  variant: string;
  /** The environment override used, or ''. */
  environment: string;
  /** The A/B arm, or '' when the prompt has none. */
  arm: string;
  parts: Required<Pick<PromptParts, 'user'>> & Omit<PromptParts, 'user'>;
}

export function providerVariantKey(
  variants: PromptBody['variants'],
  provider: ProviderRef | undefined,
): string {
  if (!variants || !provider) return '';
  const candidates = [provider.name, provider.kind, provider.kind === 'openai-compatible' ? 'local' : ''];
  return candidates.find((key) => key !== '' && variants[key] !== undefined) ?? '';
}

/** A number in [0, 1) from a seed: the same seed always gives the same number. */
export function unitHash(seed: string): number {
  const digest = createHash('sha256').update(seed).digest();
  return digest.readUIntBE(0, 6) / 2 ** 48;
}

export function chooseArm(arms: readonly AbArm[], draw: number): AbArm {
  const total = arms.reduce((sum, arm) => sum + arm.weight, 0);
  let point = draw * total;
  for (const arm of arms) {
    if (point < arm.weight) return arm;
    point -= arm.weight;
  }
  return arms[arms.length - 1]!;
}

export function selectParts(name: string, body: PromptBody, options: SelectOptions): Selection {
  let parts: Selection['parts'] = {
    system: body.system,
    user: body.user,
    temperature: body.temperature,
    max_tokens: body.max_tokens,
  };
  const apply = (layer: PromptParts | undefined) => {
    if (!layer) return;
    parts = {
      system: layer.system ?? parts.system,
      user: layer.user ?? parts.user,
      temperature: layer.temperature ?? parts.temperature,
      max_tokens: layer.max_tokens ?? parts.max_tokens,
    };
  };
  let arm = '';
  if (body.ab) {
    const forced = options.arm === undefined ? undefined : body.ab.find((a) => a.name === options.arm);
    if (options.arm !== undefined && !forced) throw new Error(`prompt ${name} has no A/B arm ${options.arm}`);
    const draw = options.sessionId
      ? unitHash(`${name}\u0000${options.sessionId}`)
      : randomInt(2 ** 47) / 2 ** 47;
    const chosen = forced ?? chooseArm(body.ab, draw);
    arm = chosen.name;
    apply(chosen);
  }
  const variant = providerVariantKey(body.variants, options.provider);
  if (variant) apply(body.variants?.[variant]);
  const environment =
    options.environment && body.environments?.[options.environment] ? options.environment : '';
  if (environment) apply(body.environments?.[environment]);
  return { variant, environment, arm, parts };
}
