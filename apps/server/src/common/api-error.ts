import { HttpException, HttpStatus } from '@nestjs/common';
import { ErrorCode } from '@tandem/protocol';

// An error a client may see: an HTTP status, a protocol code and a message a person can act on.
export class ApiError extends HttpException {
  constructor(
    status: HttpStatus,
    readonly code: ErrorCode,
    message: string,
    readonly fields?: Record<string, string>,
    // Sent as the Retry-After header (429, 503), so clients and proxies back off without parsing text.
    readonly retryAfterSeconds?: number,
  ) {
    super(message, status);
  }

  static validation(fields: Record<string, string>): ApiError {
    const summary = Object.entries(fields)
      .map(([k, v]) => `${k}: ${v}`)
      .join('; ');
    return new ApiError(HttpStatus.BAD_REQUEST, ErrorCode.ValidationFailed, `Invalid request: ${summary}`, fields);
  }
  static unauthenticated(message = 'Sign in to continue.'): ApiError {
    return new ApiError(HttpStatus.UNAUTHORIZED, ErrorCode.Unauthenticated, message);
  }
  static forbidden(message = 'You do not have permission to do that.'): ApiError {
    return new ApiError(HttpStatus.FORBIDDEN, ErrorCode.Forbidden, message);
  }
  static notFound(what = 'That resource'): ApiError {
    return new ApiError(HttpStatus.NOT_FOUND, ErrorCode.NotFound, `${what} was not found.`);
  }
  static conflict(message: string): ApiError {
    return new ApiError(HttpStatus.CONFLICT, ErrorCode.Conflict, message);
  }
  // It was here and will not be again (an export's file past its retention).
  static gone(message: string): ApiError {
    return new ApiError(HttpStatus.GONE, ErrorCode.Gone, message);
  }
  static payloadTooLarge(message: string): ApiError {
    return new ApiError(HttpStatus.PAYLOAD_TOO_LARGE, ErrorCode.PayloadTooLarge, message);
  }
  static rateLimited(retryAfterSeconds: number): ApiError {
    return new ApiError(
      HttpStatus.TOO_MANY_REQUESTS,
      ErrorCode.RateLimited,
      `Too many attempts. Try again in ${retryAfterSeconds} s.`,
      undefined,
      retryAfterSeconds,
    );
  }
  // A capacity limit, not a fault of the request: the same request may succeed shortly.
  static serviceUnavailable(message: string, retryAfterSeconds: number): ApiError {
    return new ApiError(HttpStatus.SERVICE_UNAVAILABLE, ErrorCode.ServiceUnavailable, message, undefined, retryAfterSeconds);
  }
}
