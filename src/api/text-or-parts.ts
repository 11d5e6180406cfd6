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
      const [index, ...within] = inner.path;
      // A bad field inside a part (an image's URL) is named too: "part 1 image_url.url: …".
      // (zod names an unknown part type by its `type` field: the part itself is what is wrong.)
      const named = within.length > 0 && !(within.length === 1 && within[0] === 'type');
      const field = named ? ` ${within.map(String).join('.')}` : '';
      const where = typeof index === 'number' ? `part ${index}${field}: ` : '';
      return `${where}${inner.message}`;
    },
  });
}
