export { DEFAULT_DIMENSIONS, offlineEmbed } from './embedder.js';
export { generateFreeJson, generateFromPattern, generateFromSchema } from './json/index.js';
export {
  type ActionKind,
  createRng,
  type EntityKind,
  extractFacts,
  fnv1a,
  hashRequest,
  type Limits,
  limitText,
  narrate,
  type PlayerAction,
  type Rng,
  type SeedInput,
  type StoryFacts,
  splitWords,
  toSecondPerson,
} from './narrator/index.js';
export {
  OFFLINE_EMBEDDING_MODEL,
  OFFLINE_MODEL,
  OfflineProvider,
  type OfflineProviderOptions,
} from './offline-provider.js';
