// The formula evaluator: a tree walk over the parsed expression with a step budget shared by every
// formula one cell's value pulls in, so no formula (or chain of formulas) can run long. It only
// calls the functions listed here; there is no way to reach JavaScript from a formula.
import { DatabaseLimits } from '../limits.js';
import { instantOfValue } from '../dates.js';
import { dateAdd, dateBetween, formatDate, parseUnit } from './date-functions.js';
import { FormulaFailure, type FormulaError } from './errors.js';
import type { Expr } from './parse.js';
import { expectBoolean, expectDate, expectNumber, expectText, isDateValue, toText, typeName, type FormulaValue } from './value.js';

export interface FormulaEnv {
  // The value of another property of the same row (may throw FormulaFailure: unknown, cycle…).
  prop(name: string): FormulaValue;
  now: number;
  timeZone: string;
  budget: { steps: number };
}

type Fn = { arity: [number, number]; run: (args: FormulaValue[], env: FormulaEnv) => FormulaValue };

function text(v: string): string {
  if (v.length > DatabaseLimits.formulaOutputLength) throw new FormulaFailure('too_long', `text longer than ${DatabaseLimits.formulaOutputLength} characters`);
  return v;
}

function num(n: number): number {
  if (!Number.isFinite(n)) throw new FormulaFailure('math', 'the result is not a finite number');
  return n;
}

const FUNCTIONS: Record<string, Fn> = {
  concat: { arity: [1, 100], run: (a) => text(a.map(toText).join('')) },
  length: { arity: [1, 1], run: ([s]) => [...expectText(s!, 'length')].length },
  lower: { arity: [1, 1], run: ([s]) => expectText(s!, 'lower').toLowerCase() },
  upper: { arity: [1, 1], run: ([s]) => text(expectText(s!, 'upper').toUpperCase()) },
  trim: { arity: [1, 1], run: ([s]) => expectText(s!, 'trim').trim() },
  contains: { arity: [2, 2], run: ([s, sub]) => expectText(s!, 'contains').includes(expectText(sub!, 'contains')) },
  // Literal replacement only: patterns are never regular expressions (no ReDoS from a cell).
  replace: { arity: [3, 3], run: ([s, find, by]) => text(expectText(s!, 'replace').replace(expectText(find!, 'replace'), () => expectText(by!, 'replace'))) },
  replaceAll: {
    arity: [3, 3],
    run: ([s, find, by]) => {
      const needle = expectText(find!, 'replaceAll');
      const source = expectText(s!, 'replaceAll');
      const replacement = expectText(by!, 'replaceAll');
      if (needle === '') return source;
      const count = source.split(needle).length - 1;
      if (source.length + count * (replacement.length - needle.length) > DatabaseLimits.formulaOutputLength) {
        throw new FormulaFailure('too_long', `text longer than ${DatabaseLimits.formulaOutputLength} characters`);
      }
      return source.split(needle).join(replacement);
    },
  },
  slice: {
    arity: [2, 3],
    run: ([s, start, end]) => {
      const chars = [...expectText(s!, 'slice')];
      return chars.slice(expectNumber(start!, 'slice'), end === undefined ? undefined : expectNumber(end, 'slice')).join('');
    },
  },
  format: { arity: [1, 1], run: ([v]) => toText(v!) },
  toNumber: {
    arity: [1, 1],
    run: ([v]) => {
      if (typeof v === 'number') return v;
      if (typeof v === 'boolean') return v ? 1 : 0;
      if (isDateValue(v)) return instantOfValue(v.start, 'UTC');
      const n = typeof v === 'string' && v.trim() !== '' ? Number(v.trim()) : NaN;
      return Number.isFinite(n) ? n : null;
    },
  },
  empty: { arity: [1, 1], run: ([v]) => v === null || v === '' || v === false },
  round: {
    arity: [1, 2],
    run: ([n, places]) => {
      const p = places === undefined ? 0 : expectNumber(places, 'round');
      if (!Number.isInteger(p) || p < 0 || p > 10) throw new FormulaFailure('type', 'round takes 0 to 10 decimal places');
      const f = 10 ** p;
      return num(Math.round(expectNumber(n!, 'round') * f) / f);
    },
  },
  floor: { arity: [1, 1], run: ([n]) => Math.floor(expectNumber(n!, 'floor')) },
  ceil: { arity: [1, 1], run: ([n]) => Math.ceil(expectNumber(n!, 'ceil')) },
  abs: { arity: [1, 1], run: ([n]) => Math.abs(expectNumber(n!, 'abs')) },
  sqrt: { arity: [1, 1], run: ([n]) => num(Math.sqrt(expectNumber(n!, 'sqrt'))) },
  min: { arity: [1, 100], run: (a) => Math.min(...a.map((n) => expectNumber(n, 'min'))) },
  max: { arity: [1, 100], run: (a) => Math.max(...a.map((n) => expectNumber(n, 'max'))) },
  now: { arity: [0, 0], run: (_a, env) => ({ start: new Date(env.now).toISOString(), end: null }) },
  dateAdd: { arity: [3, 3], run: ([d, n, u], env) => dateAdd(expectDate(d!, 'dateAdd'), expectNumber(n!, 'dateAdd'), parseUnit(expectText(u!, 'dateAdd')), env.timeZone) },
  dateSubtract: {
    arity: [3, 3],
    run: ([d, n, u], env) => dateAdd(expectDate(d!, 'dateSubtract'), -expectNumber(n!, 'dateSubtract'), parseUnit(expectText(u!, 'dateSubtract')), env.timeZone),
  },
  dateBetween: {
    arity: [3, 3],
    run: ([a, b, u], env) => dateBetween(expectDate(a!, 'dateBetween'), expectDate(b!, 'dateBetween'), parseUnit(expectText(u!, 'dateBetween')), env.timeZone),
  },
  formatDate: { arity: [2, 2], run: ([d, p], env) => text(formatDate(expectDate(d!, 'formatDate'), expectText(p!, 'formatDate'), env.timeZone)) },
  start: { arity: [1, 1], run: ([d]) => ({ start: expectDate(d!, 'start').start, end: null }) },
  end: {
    arity: [1, 1],
    run: ([d]) => {
      const date = expectDate(d!, 'end');
      return { start: date.end ?? date.start, end: null };
    },
  },
};

export const FORMULA_FUNCTIONS: readonly string[] = ['if', ...Object.keys(FUNCTIONS)];

function step(env: FormulaEnv): void {
  env.budget.steps -= 1;
  if (env.budget.steps < 0) throw new FormulaFailure('budget', 'the formula takes too many steps');
}

function compare(op: string, a: FormulaValue, b: FormulaValue, env: FormulaEnv): boolean {
  if (op === '==' || op === '!=') {
    const same = equal(a, b, env);
    return op === '==' ? same : !same;
  }
  // Ordering an empty value is false, not an error: empty cells must not break a whole column.
  if (a === null || b === null) return false;
  let left: number | string;
  let right: number | string;
  if (typeof a === 'number' && typeof b === 'number') [left, right] = [a, b];
  else if (typeof a === 'string' && typeof b === 'string') [left, right] = [a, b];
  else if (isDateValue(a) && isDateValue(b)) [left, right] = [instantOfValue(a.start, env.timeZone), instantOfValue(b.start, env.timeZone)];
  else throw new FormulaFailure('type', `cannot compare ${typeName(a)} with ${typeName(b)}`);
  switch (op) {
    case '<':
      return left < right;
    case '<=':
      return left <= right;
    case '>':
      return left > right;
    default:
      return left >= right;
  }
}

function equal(a: FormulaValue, b: FormulaValue, env: FormulaEnv): boolean {
  if (isDateValue(a) && isDateValue(b)) return instantOfValue(a.start, env.timeZone) === instantOfValue(b.start, env.timeZone);
  return a === b;
}

function arithmetic(op: string, a: FormulaValue, b: FormulaValue): FormulaValue {
  if (op === '+' && typeof a === 'string' && typeof b === 'string') return text(a + b);
  // Empty plus anything numeric is empty: a blank price makes a blank total, not 0.
  if (a === null || b === null) {
    if ((a === null || typeof a === 'number') && (b === null || typeof b === 'number')) return null;
  }
  const x = expectNumber(a, op);
  const y = expectNumber(b, op);
  switch (op) {
    case '+':
      return num(x + y);
    case '-':
      return num(x - y);
    case '*':
      return num(x * y);
    case '/':
      if (y === 0) throw new FormulaFailure('math', 'division by zero');
      return num(x / y);
    case '%':
      if (y === 0) throw new FormulaFailure('math', 'division by zero');
      return num(x % y);
    default:
      return num(x ** y);
  }
}

const COMPARISONS = new Set(['==', '!=', '<', '<=', '>', '>=']);

export function evaluateExpr(expr: Expr, env: FormulaEnv): FormulaValue {
  step(env);
  switch (expr.type) {
    case 'number':
    case 'string':
    case 'boolean':
      return expr.value;
    case 'prop':
      return env.prop(expr.name);
    case 'unary': {
      const v = evaluateExpr(expr.arg, env);
      if (expr.op === 'not') return !expectBoolean(v, 'not');
      return v === null ? null : -expectNumber(v, 'minus');
    }
    case 'binary': {
      if (expr.op === 'and') return expectBoolean(evaluateExpr(expr.left, env), 'and') && expectBoolean(evaluateExpr(expr.right, env), 'and');
      if (expr.op === 'or') return expectBoolean(evaluateExpr(expr.left, env), 'or') || expectBoolean(evaluateExpr(expr.right, env), 'or');
      // A chain like a + b - c + … parses as a left-leaning tree as deep as it is long; fold it in
      // a loop so evaluation recurses only as deep as the formula nests (≤ formulaDepth).
      const spine: Extract<Expr, { type: 'binary' }>[] = [expr];
      let leftmost = expr.left;
      while (leftmost.type === 'binary' && leftmost.op !== 'and' && leftmost.op !== 'or') {
        spine.push(leftmost);
        leftmost = leftmost.left;
      }
      let acc = evaluateExpr(leftmost, env);
      for (let i = spine.length - 1; i >= 0; i -= 1) {
        const node = spine[i]!;
        if (i < spine.length - 1) step(env);
        const b = evaluateExpr(node.right, env);
        acc = COMPARISONS.has(node.op) ? compare(node.op, acc, b, env) : arithmetic(node.op, acc, b);
      }
      return acc;
    }
    case 'call': {
      if (expr.name === 'if') {
        if (expr.args.length !== 3) throw new FormulaFailure('arity', 'if takes 3 arguments: if(condition, then, else)');
        return expectBoolean(evaluateExpr(expr.args[0]!, env), 'if') ? evaluateExpr(expr.args[1]!, env) : evaluateExpr(expr.args[2]!, env);
      }
      const fn = Object.hasOwn(FUNCTIONS, expr.name) ? FUNCTIONS[expr.name] : undefined;
      if (!fn) throw new FormulaFailure('unknown_function', `unknown function ${expr.name}() at ${expr.at + 1}`);
      const [lo, hi] = fn.arity;
      if (expr.args.length < lo || expr.args.length > hi) {
        throw new FormulaFailure('arity', `${expr.name} takes ${lo === hi ? lo : `${lo} to ${hi}`} argument${hi === 1 ? '' : 's'}, not ${expr.args.length}`);
      }
      return fn.run(
        expr.args.map((a) => evaluateExpr(a, env)),
        env,
      );
    }
  }
}

// Evaluate with errors as values: the entry point for one formula cell.
export function evaluateFormula(expr: Expr, env: FormulaEnv): FormulaValue | FormulaError {
  try {
    const v = evaluateExpr(expr, env);
    if (typeof v === 'string' && v.length > DatabaseLimits.formulaOutputLength) {
      return { error: 'too_long', message: `text longer than ${DatabaseLimits.formulaOutputLength} characters` };
    }
    return v;
  } catch (e) {
    if (e instanceof FormulaFailure) return e.toValue();
    if (e instanceof RangeError) return { error: 'depth', message: 'the formula nests too deeply' };
    throw e;
  }
}
