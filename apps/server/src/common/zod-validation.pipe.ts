import { ArgumentMetadata, Injectable, PipeTransform } from '@nestjs/common';
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
