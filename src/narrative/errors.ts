/** Errors of the narrative layer, with the HTTP status the API answers them with. */
export class NarrativeError extends Error {
  constructor(
    readonly statusCode: 400 | 404 | 409 | 422 | 429,
    readonly code: string,
    message: string,
    readonly param: string | null = null,
    /** 429: when to try again. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'NarrativeError';
  }
}

export const notFound = (what: 'World' | 'Entity' | 'Session' | 'Turn', id: string) =>
  new NarrativeError(404, `${what.toLowerCase()}_not_found`, `${what} ${id} not found`);
