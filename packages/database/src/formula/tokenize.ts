import { FormulaFailure } from './errors.js';

export type Token =
  | { kind: 'number'; value: number; at: number }
  | { kind: 'string'; value: string; at: number }
  | { kind: 'name'; value: string; at: number }
  | { kind: 'op'; value: string; at: number }
  | { kind: 'end'; at: number };

// Longest first, so "<=" is not read as "<" then "=".
const OPERATORS = ['==', '!=', '<=', '>=', '&&', '||', '+', '-', '*', '/', '%', '^', '<', '>', '!', '(', ')', ','];
const ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', n: '\n', t: '\t' };

export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source[i]!;
    if (/\s/.test(c)) {
      i += 1;
      continue;
    }
    const number = /^(\d+(\.\d+)?|\.\d+)([eE][+-]?\d+)?/.exec(source.slice(i, i + 400));
    if (number) {
      tokens.push({ kind: 'number', value: Number(number[0]), at: i });
      i += number[0].length;
      continue;
    }
    if (c === '"') {
      const start = i;
      let text = '';
      i += 1;
      for (;;) {
        if (i >= source.length) throw new FormulaFailure('syntax', `unterminated text starting at ${start + 1}`);
        const ch = source[i]!;
        if (ch === '"') break;
        if (ch === '\\') {
          const escaped = ESCAPES[source[i + 1] ?? ''];
          if (escaped === undefined) throw new FormulaFailure('syntax', `unknown escape \\${source[i + 1] ?? ''} at ${i + 1}`);
          text += escaped;
          i += 2;
          continue;
        }
        text += ch;
        i += 1;
      }
      tokens.push({ kind: 'string', value: text, at: start });
      i += 1;
      continue;
    }
    const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(source.slice(i, i + 200));
    if (name) {
      tokens.push({ kind: 'name', value: name[0], at: i });
      i += name[0].length;
      continue;
    }
    const op = OPERATORS.find((o) => source.startsWith(o, i));
    if (!op) throw new FormulaFailure('syntax', `unexpected "${c}" at ${i + 1}`);
    tokens.push({ kind: 'op', value: op, at: i });
    i += op.length;
  }
  tokens.push({ kind: 'end', at: source.length });
  return tokens;
}
