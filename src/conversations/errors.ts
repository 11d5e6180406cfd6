/**
 * Errors of the conversation service, with the HTTP status the API answers them with. The API gives
 * them the ordinary error type of their status (`invalid_request_error` below 500), as it always has.
 */
export class ConversationError extends Error {
  constructor(
    readonly statusCode: 400 | 404 | 409,
    readonly code: string,
    message: string,
    readonly param: string | null = null,
  ) {
    super(message);
    this.name = 'ConversationError';
  }
}

/** 400 for a field that names a record that does not exist. */
export function unknownReference(param: string, what: string, id: string): ConversationError {
  return new ConversationError(
    400,
    'invalid_request',
    `Invalid request: ${param}: no ${what} with id ${JSON.stringify(id)}`,
    param,
  );
}
