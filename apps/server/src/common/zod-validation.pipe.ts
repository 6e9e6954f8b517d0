import { ArgumentMetadata, Injectable, PipeTransform } from '@nestjs/common';
import { Id } from '@tandem/protocol';
import type { ZodType } from 'zod';
import { ApiError } from './api-error.js';

// Validates one handler argument against a zod schema: `@Body(new ZodValidationPipe(Schema))`.
// Failures become a 400 naming each field (`body.email`, `query.limit`, `param.pageId`) and why.
@Injectable()
export class ZodValidationPipe<T> implements PipeTransform<unknown, T> {
  constructor(private readonly schema: ZodType<T>) {}

  transform(value: unknown, metadata: ArgumentMetadata): T {
    const parsed = this.schema.safeParse(value);
    if (parsed.success) return parsed.data;
    const where = metadata.type === 'custom' ? 'value' : metadata.type;
    const base = metadata.data ? `${where}.${metadata.data}` : where;
    const fields: Record<string, string> = {};
    for (const issue of parsed.error.issues) {
      const path = [base, ...issue.path.map(String)].join('.');
      fields[path] ??= issue.message;
    }
    throw ApiError.validation(fields);
  }
}

// For ids of things inside a resource (a thread, a version, a file, a notification): a malformed
// id is one that does not exist (404, like any unknown one), not a validation error.
export function notFoundUnlessId(what: string): PipeTransform<unknown, string> {
  return {
    transform(value: unknown): string {
      if (!Id.safeParse(value).success) throw ApiError.notFound(what);
      return value as string;
    },
  };
}
