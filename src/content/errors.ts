/** Errors of the content service, with the HTTP status the API answers them with. */
export class ContentError extends Error {
  constructor(
    readonly statusCode: 400 | 404 | 409 | 422 | 502 | 503,
    readonly code: string,
    message: string,
    readonly param: string | null = null,
  ) {
    super(message);
    this.name = 'ContentError';
  }
}
