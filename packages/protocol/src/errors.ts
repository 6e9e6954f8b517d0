// Error codes shared by the REST API and the socket protocol. Every error a client can see carries
// one of these, so clients branch on codes, never on message text.
export const ErrorCode = {
  ValidationFailed: 'validation_failed',
  Unauthenticated: 'unauthenticated',
  Forbidden: 'forbidden',
  NotFound: 'not_found',
  Conflict: 'conflict',
  RateLimited: 'rate_limited',
  PayloadTooLarge: 'payload_too_large',
  Internal: 'internal',
  ServiceUnavailable: 'service_unavailable',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

// The body of every REST error response.
export interface ErrorBody {
  error: {
    code: ErrorCode;
    message: string;
    // Per-field reasons for validation_failed: path like "body.email" -> reason.
    fields?: Record<string, string>;
    requestId?: string;
  };
}
