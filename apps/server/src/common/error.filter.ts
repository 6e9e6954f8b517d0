import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { ErrorCode, type ErrorBody } from '@tandem/protocol';
import { ApiError } from './api-error.js';

const CODE_BY_STATUS: Partial<Record<number, ErrorCode>> = {
  400: ErrorCode.ValidationFailed,
  401: ErrorCode.Unauthenticated,
  403: ErrorCode.Forbidden,
  404: ErrorCode.NotFound,
  409: ErrorCode.Conflict,
  410: ErrorCode.Gone,
  413: ErrorCode.PayloadTooLarge,
  429: ErrorCode.RateLimited,
  503: ErrorCode.ServiceUnavailable,
};

// Every REST error leaves in one shape, `{ error: { code, message, fields?, requestId } }`.
// Unexpected errors are logged with their stack and shown as a bare 500.
@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('ErrorFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const ctx = host.switchToHttp();
    const res = ctx.getResponse<Response>();
    const req = ctx.getRequest<Request & { id?: string }>();
    const body = this.toBody(exception);
    body.error.requestId = req.id;
    if (exception instanceof ApiError && exception.retryAfterSeconds !== undefined) {
      res.setHeader('Retry-After', String(exception.retryAfterSeconds));
    }
    res.status(body.status).json({ error: body.error } satisfies ErrorBody);
  }

  private toBody(exception: unknown): { status: number; error: ErrorBody['error'] } {
    if (exception instanceof ApiError) {
      return { status: exception.getStatus(), error: { code: exception.code, message: exception.message, fields: exception.fields } };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      // Express's body parser reports malformed JSON and oversize bodies through these.
      const response = exception.getResponse();
      const message = typeof response === 'object' && response && 'message' in response ? String(response.message) : exception.message;
      return { status, error: { code: CODE_BY_STATUS[status] ?? ErrorCode.Internal, message } };
    }
    const status = (exception as { status?: number; statusCode?: number })?.status ?? (exception as { statusCode?: number })?.statusCode;
    if (status === 400 || status === 413) {
      const message = status === 413 ? 'Request body is too large.' : 'Request body is not valid JSON.';
      return { status, error: { code: CODE_BY_STATUS[status]!, message } };
    }
    this.logger.error(exception instanceof Error ? exception.stack : String(exception));
    return { status: HttpStatus.INTERNAL_SERVER_ERROR, error: { code: ErrorCode.Internal, message: 'Something went wrong on our side.' } };
  }
}
