/**
 * A message's content: a string, or an array of parts. zod reports a failed union as "Invalid input";
 * when a client sent an array, the problem is inside it (an image part, say), so that is what the 400
 * says: "part 0: image_url parts are not supported…".
 */
import { z } from 'zod';

export function textOrParts<T extends z.ZodType>(parts: T) {
  return z.union([z.string(), parts], {
    error: (issue) => {
      if (issue.code !== 'invalid_union' || !Array.isArray(issue.input)) return undefined;
      const inner = issue.errors[1]?.[0];
      if (!inner) return undefined;
      const [index] = inner.path;
      const where = typeof index === 'number' ? `part ${index}: ` : '';
      return `${where}${inner.message}`;
    },
  });
}
