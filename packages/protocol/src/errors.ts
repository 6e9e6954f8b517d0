// The one set of error codes, shared by the REST API and the socket protocol. Every error a client
// can see carries one of these, so clients branch on codes, never on message text.
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
  // It existed but is gone for good (an export's file past its retention): 410.
  Gone: 'gone',
  // Socket protocol only: an event for a page the socket has not joined.
  NotJoined: 'not_joined',
  // Socket protocol only: one update, or the page's whole document, over its size limit.
  UpdateTooLarge: 'update_too_large',
  DocumentTooLarge: 'document_too_large',
  // Socket protocol only: one connection has too many pages open.
  TooManyPages: 'too_many_pages',
  // Socket protocol only: bytes that are not a Yjs update (or an empty one).
  InvalidUpdate: 'invalid_update',
  // Socket protocol only: the update starts beyond what the server holds of one of its client ids
  // (an update before it never arrived). Retryable: re-run the handshake, whose answer fills the gap.
  UpdateGap: 'update_gap',
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

// Refusals that no retry can change (permissions, limits, malformed input). A client reports them
// and stops; every other code (rate limit, not joined, service unavailable, internal, a code this
// client does not know yet) may pass, so a collaboration client retries (re-runs the handshake,
// whose answer re-sends whatever the server lacks).
const PERMANENT: ReadonlySet<string> = new Set<ErrorCode>([
  ErrorCode.ValidationFailed,
  ErrorCode.Unauthenticated,
  ErrorCode.Forbidden,
  ErrorCode.NotFound,
  ErrorCode.Gone,
  ErrorCode.UpdateTooLarge,
  ErrorCode.DocumentTooLarge,
  ErrorCode.TooManyPages,
  ErrorCode.InvalidUpdate,
]);

export function isPermanent(code: string): boolean {
  return PERMANENT.has(code);
}

export function isRetryable(code: string): boolean {
  return !PERMANENT.has(code);
}

// The page is out of reach for this person (not only this one update): they cannot edit it.
export function isAccessError(code: string | null | undefined): boolean {
  return code === ErrorCode.Forbidden || code === ErrorCode.NotFound || code === ErrorCode.Unauthenticated;
}
