import { ErrorCode } from '../src/index.js';

describe('ErrorCode', () => {
  it('has unique, snake_case codes', () => {
    const codes = Object.values(ErrorCode);
    expect(new Set(codes).size).toBe(codes.length);
    for (const code of codes) expect(code).toMatch(/^[a-z]+(_[a-z]+)*$/);
  });
});
