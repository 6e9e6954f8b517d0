import { applyDecorators } from '@nestjs/common';
import { ApiBody } from '@nestjs/swagger';
import { z, type ZodType } from 'zod';

// Documents a request body from the same zod schema that validates it, so /docs can't drift
// from what the server accepts.
export function ZodBody(schema: ZodType, required = true): MethodDecorator {
  const { $schema: _ignored, ...json } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any', target: 'openapi-3.0' }) as Record<string, unknown>;
  return applyDecorators(ApiBody({ schema: json, required } as Parameters<typeof ApiBody>[0]));
}
