/** Reading Loremaster's OpenAPI document in tests: which path template a request hit, and the schema of an answer. */

export interface DocumentOperation {
  responses: Record<string, { content?: Record<string, { schema: object }> }>;
}

/** The template among `templates` matching a concrete path, literal segments first (`{*}` matches a tail). */
export function templateOf(templates: readonly string[], path: string): string | undefined {
  const segments = path.split('/');
  const candidates = templates.filter((template) => {
    const parts = template.split('/');
    if (parts.at(-1) === '{*}')
      return segments.slice(0, parts.length - 1).join('/') === parts.slice(0, -1).join('/');
    return (
      parts.length === segments.length &&
      parts.every((part, i) => part.startsWith('{') || part === segments[i])
    );
  });
  const literal = (template: string) => template.split('/').filter((part) => !part.startsWith('{')).length;
  return [...candidates].sort((a, b) => literal(b) - literal(a))[0];
}

/** The schema the document gives for one answer: exact status, then its class (2XX), then default. */
export function responseSchema(
  operation: DocumentOperation,
  status: number,
  type = 'application/json',
): object | undefined {
  const response =
    operation.responses[String(status)] ??
    operation.responses[`${String(status)[0]}XX`] ??
    operation.responses.default;
  return response?.content?.[type]?.schema;
}
