/**
 * The open servers' sampling-field table (src/providers/samplers.ts): consistent in itself, and its
 * rules (off values, fields that act only beside another, aliases) as the providers read them.
 */
import { describe, expect, it } from 'vitest';
import {
  firstRefusedSampler,
  SAMPLER_FIELDS,
  samplerCacheKey,
  samplerConflict,
  samplerField,
  samplersOn,
} from '../../src/providers/index.js';

describe('the sampler table', () => {
  it('names each field once; every alias and needed field exists, and an alias shares its field’s role', () => {
    const names = SAMPLER_FIELDS.map((field) => field.name);
    expect(new Set(names).size).toBe(names.length);
    for (const field of SAMPLER_FIELDS) {
      if (field.aliasOf && field.role !== 'standard') {
        expect(samplerField(field.aliasOf)?.role, field.name).toBe(field.role);
        expect(samplerField(field.aliasOf)?.aliasOf, `${field.name}: aliases point at the field itself`).toBe(
          undefined,
        );
      }
      if (field.role === 'standard') expect(['max_tokens', 'stop', 'seed']).toContain(field.aliasOf);
      for (const need of field.needs ?? [])
        expect(samplerField(need), `${field.name} needs ${need}`).toBeDefined();
    }
  });

  it('counts a field as on only when it is not off and what it needs is on', () => {
    expect(samplersOn({ min_p: 0, typical_p: 1, mirostat_tau: 5, dry_base: 1.75 })).toEqual([]);
    // mirostat (llama.cpp's name) switches mirostat_tau on as mirostat_mode would.
    expect(samplersOn({ mirostat: 2, mirostat_tau: 5 }).map((field) => field.name)).toEqual([
      'mirostat',
      'mirostat_tau',
    ]);
    expect(samplersOn({ dry_multiplier: 0.8, dry_base: 1.75 }).map((field) => field.name)).toEqual([
      'dry_multiplier',
      'dry_base',
    ]);
    // The server's own sampler order is off.
    expect(samplersOn({ sampler_order: [6, 0, 1, 3, 4, 2, 5] })).toEqual([]);
    expect(samplersOn({ sampler_order: [0, 6, 1, 3, 4, 2, 5] })).toHaveLength(1);
  });

  it('refuses by role: vendors take hints only, offline no grammars, nobody n_probs', () => {
    const values = {
      cache_prompt: true,
      api_server: 'http://127.0.0.1:8080',
      min_p: 0.1,
      grammar: 'root ::= "a"',
    };
    expect(firstRefusedSampler('none', values)).toBe('min_p');
    expect(firstRefusedSampler('seeds', values)).toBe('grammar');
    expect(firstRefusedSampler('forwards', values)).toBeUndefined();
    expect(firstRefusedSampler('forwards', { n_probs: 3 })).toBe('n_probs');
    expect(firstRefusedSampler('none', { n_probs: 0, cache_prompt: true, num_ctx: 8192 })).toBeUndefined();
  });

  it('finds two names of one setting sent with different values', () => {
    expect(samplerConflict({ repetition_penalty: 1.2, rep_pen: 1.2, repeat_penalty: 1.2 })).toBeUndefined();
    expect(samplerConflict({ repetition_penalty: 1.2, repeat_penalty: 1.1 })).toEqual({
      name: 'repeat_penalty',
      other: 'repetition_penalty',
    });
  });

  it('keys the cache on what can change an answer, not on hints or SillyTavern’s own fields', () => {
    expect(samplerCacheKey({ cache_prompt: true, num_ctx: 4096 })).toBeUndefined();
    expect(samplerCacheKey({ min_p: 0, cache_prompt: true })).toEqual({ min_p: 0 });
  });
});
