import { applyDecorators } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiQuery } from '@nestjs/swagger';
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

// Documents a 200 answer from a zod schema of its shape (the schema a client may check it with).
export function ZodOkResponse(schema: ZodType, description: string): MethodDecorator {
  const { $schema: _ignored, ...json } = z.toJSONSchema(schema, { io: 'output', unrepresentable: 'any', target: 'openapi-3.0' }) as Record<string, unknown>;
  return applyDecorators(ApiOkResponse({ description, schema: json } as Parameters<typeof ApiOkResponse>[0]));
}
