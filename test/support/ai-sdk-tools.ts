/**
 * The AI SDK tool the client tests give a model: it rolls nothing, records the input it was called
 * with and always returns a total of 17, so a test can look for that number in the answer that follows.
 */
import { tool } from 'ai';
import { z } from 'zod';

export function rollDice(rolled: unknown[]) {
  return tool({
    description: 'Roll dice for the player',
    inputSchema: z.object({ sides: z.number().int().min(2).max(100), count: z.number().int().min(1) }),
    execute: async (input) => {
      rolled.push(input);
      return { total: 17 };
    },
  });
}
