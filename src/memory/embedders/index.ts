/**
 * Picks the embedder for the `embedding` role. The two offline ones run in process (no model call to
 * route): `offline` with model `universal-sentence-encoder-lite` is the local neural embedder, plain
 * `offline` the hashing one. Any other provider is called through the gateway.
 */
import type { Settings } from '../../config/index.js';
import type { Gateway } from '../../gateway/index.js';
import { GatewayEmbedder } from './gateway.js';
import { HashingEmbedder } from './hashing.js';
import { NEURAL_MODEL, NeuralEmbedder } from './neural.js';
import type { Embedder } from './types.js';

export { CachedEmbedder, type CacheStats } from './cached.js';
export { GatewayEmbedder } from './gateway.js';
export { HashingEmbedder } from './hashing.js';
export { NEURAL_MODEL, NeuralEmbedder } from './neural.js';
export { cosine, type Embedder, normalize } from './types.js';

const NEURAL_NAMES = new Set(['universal-sentence-encoder-lite', 'use-lite', NEURAL_MODEL]);

export function embedderFor(settings: Settings, gateway?: Pick<Gateway, 'embed'>): Embedder {
  const role = settings.roles.embedding;
  const provider = settings.providers[role.provider];
  if (provider?.type === 'offline') {
    if (role.model && NEURAL_NAMES.has(role.model)) return new NeuralEmbedder();
    return new HashingEmbedder(role.dimensions);
  }
  if (!gateway) throw new Error(`The embedding role's provider "${role.provider}" needs the gateway`);
  const model = role.model ?? provider?.embedding_model ?? 'default';
  return new GatewayEmbedder(gateway, {
    model: 'embedding',
    storedModel: `${role.provider}/${model}@${role.dimensions}`,
    dimensions: role.dimensions,
  });
}
