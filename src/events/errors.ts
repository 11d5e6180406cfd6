/** Errors of the events layer (webhooks, inbound events), with the HTTP status the API answers them with. */
export class EventsError extends Error {
  constructor(
    readonly statusCode: 400 | 404 | 409 | 422,
    readonly code: string,
    message: string,
    readonly param: string | null = null,
  ) {
    super(message);
    this.name = 'EventsError';
  }
}
