/** Errors the gateway raises itself (routing), as opposed to what a provider raised. */

export type GatewayErrorCode = 'model_not_found' | 'provider_not_configured' | 'unsupported';

export class GatewayError extends Error {
  readonly code: GatewayErrorCode;
  constructor(code: GatewayErrorCode, message: string) {
    super(message);
    this.name = 'GatewayError';
    this.code = code;
  }
}
