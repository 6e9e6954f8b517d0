// A formula never throws out of the evaluator and never hangs: every failure is a value the cell
// shows. The codes are stable (the web translates them; the worker stores them in the projection).
export const FORMULA_ERROR_CODES = [
  'syntax',
  'unknown_function',
  'arity',
  'type',
  'unknown_property',
  'cycle',
  'depth',
  'budget',
  'too_long',
  'math',
  'invalid_date',
] as const;
export type FormulaErrorCode = (typeof FORMULA_ERROR_CODES)[number];

export interface FormulaError {
  error: FormulaErrorCode;
  message: string;
}

export function isFormulaError(value: unknown): value is FormulaError {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && 'error' in value && typeof (value as FormulaError).error === 'string';
}

// Thrown inside the tokenizer/parser/evaluator only, caught at their entry points and turned into
// a FormulaError value.
export class FormulaFailure extends Error {
  constructor(
    readonly code: FormulaErrorCode,
    message: string,
  ) {
    super(message);
  }

  toValue(): FormulaError {
    return { error: this.code, message: this.message };
  }
}
