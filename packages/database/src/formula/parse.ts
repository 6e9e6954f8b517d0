// A Pratt parser for the formula language. Precedence, loosest first:
//   or ||   <  and &&   <  not !   <  == != < <= > >=   <  + -   <  * / %   <  unary -   <  ^ (right)
// prop("Name") must name its property with a literal, so a formula's dependencies are known
// without running it (cycle checks when the schema is saved).
import { DatabaseLimits } from '../limits.js';
import { FormulaFailure, type FormulaError } from './errors.js';
import { tokenize, type Token } from './tokenize.js';

export type Expr =
  | { type: 'number'; value: number }
  | { type: 'string'; value: string }
  | { type: 'boolean'; value: boolean }
  | { type: 'prop'; name: string }
  | { type: 'call'; name: string; args: Expr[]; at: number }
  | { type: 'unary'; op: '-' | 'not'; arg: Expr }
  | { type: 'binary'; op: string; left: Expr; right: Expr };

const BINARY: Record<string, { power: number; right?: boolean; op: string }> = {
  or: { power: 1, op: 'or' },
  '||': { power: 1, op: 'or' },
  and: { power: 2, op: 'and' },
  '&&': { power: 2, op: 'and' },
  '==': { power: 4, op: '==' },
  '!=': { power: 4, op: '!=' },
  '<': { power: 4, op: '<' },
  '<=': { power: 4, op: '<=' },
  '>': { power: 4, op: '>' },
  '>=': { power: 4, op: '>=' },
  '+': { power: 5, op: '+' },
  '-': { power: 5, op: '-' },
  '*': { power: 6, op: '*' },
  '/': { power: 6, op: '/' },
  '%': { power: 6, op: '%' },
  '^': { power: 8, right: true, op: '^' },
};
const NOT_POWER = 3;
const NEGATE_POWER = 7;

class Parser {
  private i = 0;
  private depth = 0;

  constructor(private readonly tokens: Token[]) {}

  parse(): Expr {
    const expr = this.expression(0);
    const rest = this.peek();
    if (rest.kind !== 'end') throw new FormulaFailure('syntax', `unexpected ${describe(rest)} at ${rest.at + 1}`);
    return expr;
  }

  private peek(): Token {
    return this.tokens[this.i]!;
  }

  private next(): Token {
    const t = this.tokens[this.i]!;
    if (t.kind !== 'end') this.i += 1;
    return t;
  }

  private expect(op: string): void {
    const t = this.next();
    if (t.kind !== 'op' || t.value !== op) throw new FormulaFailure('syntax', `expected "${op}" but found ${describe(t)} at ${t.at + 1}`);
  }

  private expression(minPower: number): Expr {
    // Parentheses, call arguments, unary operators and right operands each open a level; a chain
    // like a + b + c stays flat. The bound keeps parsing and evaluation off the stack's edge.
    this.depth += 1;
    if (this.depth > DatabaseLimits.formulaDepth) throw new FormulaFailure('depth', `the formula nests deeper than ${DatabaseLimits.formulaDepth} levels`);
    let left = this.prefix();
    for (;;) {
      const t = this.peek();
      const key = t.kind === 'op' || t.kind === 'name' ? t.value : '';
      const info = BINARY[key];
      if (!info || info.power <= minPower) break;
      if (info.power === 4 && minPower === 4) break;
      this.next();
      const right = this.expression(info.right ? info.power - 1 : info.power);
      left = { type: 'binary', op: info.op, left, right };
      // Comparisons do not chain: a < b < c is a syntax error rather than a surprise.
      if (info.power === 4) {
        const after = this.peek();
        if ((after.kind === 'op' || after.kind === 'name') && BINARY[after.value]?.power === 4) {
          throw new FormulaFailure('syntax', `comparisons cannot be chained (at ${after.at + 1}); use and`);
        }
      }
    }
    this.depth -= 1;
    return left;
  }

  private prefix(): Expr {
    const t = this.next();
    switch (t.kind) {
      case 'number':
        return { type: 'number', value: t.value };
      case 'string':
        return { type: 'string', value: t.value };
      case 'op':
        if (t.value === '(') {
          const inner = this.expression(0);
          this.expect(')');
          return inner;
        }
        if (t.value === '-') return { type: 'unary', op: '-', arg: this.expression(NEGATE_POWER) };
        if (t.value === '!') return { type: 'unary', op: 'not', arg: this.expression(NOT_POWER) };
        throw new FormulaFailure('syntax', `unexpected "${t.value}" at ${t.at + 1}`);
      case 'name':
        return this.name(t.value, t.at);
      case 'end':
        throw new FormulaFailure('syntax', 'the formula ends too early');
    }
  }

  private name(name: string, at: number): Expr {
    if (name === 'true' || name === 'false') return { type: 'boolean', value: name === 'true' };
    if (name === 'not') return { type: 'unary', op: 'not', arg: this.expression(NOT_POWER) };
    const open = this.peek();
    if (open.kind !== 'op' || open.value !== '(') throw new FormulaFailure('syntax', `unknown name "${name}" at ${at + 1} (text goes in double quotes)`);
    this.next();
    const args: Expr[] = [];
    const close = this.peek();
    if (close.kind === 'op' && close.value === ')') this.next();
    else {
      for (;;) {
        args.push(this.expression(0));
        const sep = this.next();
        if (sep.kind === 'op' && sep.value === ')') break;
        if (sep.kind !== 'op' || sep.value !== ',') throw new FormulaFailure('syntax', `expected "," or ")" but found ${describe(sep)} at ${sep.at + 1}`);
      }
    }
    if (name === 'prop') {
      const [arg] = args;
      if (args.length !== 1 || arg?.type !== 'string') throw new FormulaFailure('syntax', `prop() takes one property name in double quotes (at ${at + 1})`);
      return { type: 'prop', name: arg.value };
    }
    return { type: 'call', name, args, at };
  }
}

function describe(t: Token): string {
  if (t.kind === 'end') return 'the end';
  if (t.kind === 'string') return 'text';
  return `"${String(t.value)}"`;
}

export type ParseResult = { ok: true; expr: Expr } | { ok: false; error: FormulaError };

export function parseFormula(source: string): ParseResult {
  if (source.length > DatabaseLimits.formulaLength) {
    return { ok: false, error: { error: 'too_long', message: `a formula is at most ${DatabaseLimits.formulaLength} characters` } };
  }
  try {
    return { ok: true, expr: new Parser(tokenize(source)).parse() };
  } catch (e) {
    if (e instanceof FormulaFailure) return { ok: false, error: e.toValue() };
    throw e;
  }
}

// The property names a formula reads, for cycle detection before anything runs.
export function formulaDependencies(expr: Expr): string[] {
  const names = new Set<string>();
  const walk = (e: Expr): void => {
    if (e.type === 'prop') names.add(e.name);
    else if (e.type === 'call') e.args.forEach(walk);
    else if (e.type === 'unary') walk(e.arg);
    else if (e.type === 'binary') {
      walk(e.left);
      walk(e.right);
    }
  };
  walk(expr);
  return [...names];
}
