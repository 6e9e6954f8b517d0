import { applyDecorators } from '@nestjs/common';
import { ApiBody, ApiQuery } from '@nestjs/swagger';
import { z, type ZodType } from 'zod';

// Documents a request body from the same zod schema that validates it, so /docs can't drift
// from what the server accepts.
export function ZodBody(schema: ZodType, required = true): MethodDecorator {
  const { $schema: _ignored, ...json } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any', target: 'openapi-3.0' }) as Record<string, unknown>;
  return applyDecorators(ApiBody({ schema: json, required } as Parameters<typeof ApiBody>[0]));
}

// Documents a route's query parameters (one per field of its zod object schema), from the same
// schema that validates them: `@ZodQuery(Routes.x.query)` beside `@Query(new ZodValidationPipe(…))`.
export function ZodQuery(schema: ZodType): MethodDecorator {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any', target: 'openapi-3.0' }) as {
    properties?: Record<string, Record<string, unknown>>;
    required?: string[];
  };
  const required = new Set(json.required ?? []);
  return applyDecorators(
    ...Object.entries(json.properties ?? {}).map(([name, schema]) =>
      ApiQuery({ name, required: required.has(name), schema } as Parameters<typeof ApiQuery>[0]),
    ),
  );
}
