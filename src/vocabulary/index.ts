/**
 * The vocabulary every layer shares: messages (with images, tool calls and tool results), call
 * options, results, usage and stream events. It sits below the gateway and the providers, so api/,
 * narrative/, content/, prompts/, memory/, jobs/, events/ and cli/ speak it without reaching past the
 * gateway into providers/; every provider implements its calls in these terms (providers/types.ts).
 * Types only: these files hold no code and import nothing outside this folder (enforced by
 * test/architecture/layers.test.ts). Token counting, the one piece of shared code, is tokens.ts.
 */
export type * from './messages.js';
export type * from './options.js';
export type * from './results.js';
export type * from './stream.js';
export type * from './thinking.js';
export type * from './tools.js';
