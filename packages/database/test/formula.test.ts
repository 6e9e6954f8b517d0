import { DatabaseLimits, evaluateFormula, type FormulaEnv, formulaDependencies, type FormulaValue, parseFormula } from '../src/index.js';

const NOW = Date.parse('2026-03-10T23:30:00.000Z');

function run(source: string, props: Record<string, FormulaValue> = {}, over: Partial<FormulaEnv> = {}) {
  const parsed = parseFormula(source);
  if (!parsed.ok) return parsed.error;
  const env: FormulaEnv = {
    now: NOW,
    timeZone: 'UTC',
    budget: { steps: DatabaseLimits.formulaSteps },
    prop: (name) => {
      if (!(name in props)) throw Object.assign(new Error('x'), {});
      return props[name]!;
    },
    ...over,
  };
  return evaluateFormula(parsed.expr, env);
}
const code = (source: string, props?: Record<string, FormulaValue>) => (run(source, props) as { error: string }).error;

describe('formula parsing', () => {
  it('precedence and associativity', () => {
    expect(run('1 + 2 * 3')).toBe(7);
    expect(run('(1 + 2) * 3')).toBe(9);
    expect(run('2 ^ 3 ^ 2')).toBe(512);
    expect(run('-2 ^ 2')).toBe(-4);
    expect(run('10 - 4 - 3')).toBe(3);
    expect(run('7 % 4')).toBe(3);
    expect(run('1 < 2 and 3 > 4 or true')).toBe(true);
    expect(run('not 1 == 2')).toBe(true);
    expect(run('!(1 == 1) || false')).toBe(false);
    expect(run('.5 + 1e2')).toBe(100.5);
  });

  it('syntax errors name the place', () => {
    expect(run('1 +')).toEqual({ error: 'syntax', message: 'the formula ends too early' });
    expect(run('(1 + 2')).toMatchObject({ error: 'syntax', message: expect.stringMatching(/expected "\)"/) });
    expect(run('"open')).toMatchObject({ error: 'syntax', message: 'unterminated text starting at 1' });
    expect(run('1 $ 2')).toMatchObject({ error: 'syntax', message: 'unexpected "$" at 3' });
    expect(run('hello')).toMatchObject({ error: 'syntax' });
    expect(run('1 < 2 < 3')).toMatchObject({ error: 'syntax', message: expect.stringMatching(/chained/) });
    expect(run('prop(Name)')).toMatchObject({ error: 'syntax' });
    expect(run('prop("a", "b")')).toMatchObject({ error: 'syntax' });
    expect(run('"\\q"')).toMatchObject({ error: 'syntax' });
  });

  it('text escapes', () => {
    expect(run('"say \\"hi\\"\\n"')).toBe('say "hi"\n');
  });

  it('bounds nesting depth and source length', () => {
    expect(code(`${'('.repeat(40)}1${')'.repeat(40)}`)).toBe('depth');
    expect(code(`${'abs('.repeat(40)}1${')'.repeat(40)}`)).toBe('depth');
    expect(run(`${'('.repeat(10)}1${')'.repeat(10)}`)).toBe(1);
    // A long flat chain is not deep.
    expect(run(Array.from({ length: 500 }, () => '1').join('+'))).toBe(500);
    expect(code('1+'.repeat(DatabaseLimits.formulaLength))).toBe('too_long');
  });

  it('lists the properties a formula reads', () => {
    const parsed = parseFormula('if(prop("Done"), prop("Points") * 2, prop("Points"))');
    expect(parsed.ok && formulaDependencies(parsed.expr)).toEqual(['Done', 'Points']);
  });
});

describe('formula evaluation', () => {
  it('arithmetic, with division by zero and overflow as math errors', () => {
    expect(run('10 / 4')).toBe(2.5);
    expect(code('1 / 0')).toBe('math');
    expect(code('5 % 0')).toBe('math');
    expect(code('10 ^ 400')).toBe('math');
    expect(code('sqrt(-1)')).toBe('math');
  });

  it('types are checked, not coerced', () => {
    expect(code('1 + "a"')).toBe('type');
    expect(code('"a" * 2')).toBe('type');
    expect(code('if(1, 2, 3)')).toBe('type');
    expect(code('1 < "2"')).toBe('type');
    expect(code('lower(3)')).toBe('type');
    expect(run('"a" + "b"')).toBe('ab');
    expect(run('1 == "1"')).toBe(false);
  });

  it('empty values: arithmetic stays empty, comparisons are false, == works', () => {
    const p = { Price: null, Qty: 3, Done: null };
    expect(run('prop("Price") * prop("Qty")', p)).toBeNull();
    expect(run('prop("Price") > 1', p)).toBe(false);
    expect(run('prop("Price") == prop("Price")', p)).toBe(true);
    expect(run('if(prop("Done"), "yes", "no")', p)).toBe('no');
    expect(run('empty(prop("Price"))', p)).toBe(true);
    expect(run('-prop("Price")', p)).toBeNull();
  });

  it('if evaluates only the chosen branch', () => {
    expect(run('if(true, 1, 1 / 0)')).toBe(1);
    expect(run('if(false, 1 / 0, 2)')).toBe(2);
    expect(code('if(true, 1)')).toBe('arity');
  });

  it('text functions', () => {
    expect(run('concat("a", 1, true, " ", "b")')).toBe('a1true b');
    expect(run('length("héllo👋")')).toBe(6);
    expect(run('lower("ÄB")')).toBe('äb');
    expect(run('upper("straße")')).toBe('STRASSE');
    expect(run('contains("Tandem", "and")')).toBe(true);
    expect(run('replace("a-b-c", "-", "+")')).toBe('a+b-c');
    expect(run('replaceAll("a-b-c", "-", "+")')).toBe('a+b+c');
    expect(run('replace("a.b", ".", "$&")')).toBe('a$&b');
    expect(run('replaceAll("aaa", "", "x")')).toBe('aaa');
    expect(run('slice("Tandem", 1, 3)')).toBe('an');
    expect(run('slice("Tandem", -3)')).toBe('dem');
    expect(run('format(1.5)')).toBe('1.5');
    expect(run('format(0.1 + 0.2)')).toBe('0.3');
    expect(run('trim("  x ")')).toBe('x');
    expect(run('toNumber("42.5")')).toBe(42.5);
    expect(run('toNumber("abc")')).toBeNull();
  });

  it('number functions', () => {
    expect(run('round(2.345, 2)')).toBe(2.35);
    expect(run('round(2.5)')).toBe(3);
    expect(run('floor(-1.5)')).toBe(-2);
    expect(run('ceil(1.2)')).toBe(2);
    expect(run('abs(-3)')).toBe(3);
    expect(run('min(3, 1, 2)')).toBe(1);
    expect(run('max(3, 1, 2)')).toBe(3);
    expect(code('round(1, 11)')).toBe('type');
    expect(code('max()')).toBe('arity');
  });

  it('unknown functions are errors; there is no way to reach JavaScript', () => {
    expect(code('eval("1")')).toBe('unknown_function');
    expect(code('constructor("return 1")')).toBe('unknown_function');
    expect(code('toString()')).toBe('unknown_function');
    expect(code('__proto__()')).toBe('unknown_function');
  });

  it('date functions in the viewer zone', () => {
    const day = { start: '2026-01-31', end: null };
    expect(run('dateAdd(prop("D"), 1, "months")', { D: day })).toEqual({ start: '2026-02-28', end: null });
    expect(run('dateSubtract(prop("D"), 2, "days")', { D: day })).toEqual({ start: '2026-01-29', end: null });
    expect(run('dateAdd(prop("D"), 1, "year")', { D: day })).toEqual({ start: '2027-01-31', end: null });
    expect(code('dateAdd(prop("D"), 1, "fortnights")', { D: day })).toBe('type');
    expect(code('dateAdd(prop("D"), 1.5, "days")', { D: day })).toBe('type');
    expect(run('now()')).toEqual({ start: '2026-03-10T23:30:00.000Z', end: null });
    expect(run('dateBetween(now(), prop("D"), "days")', { D: day })).toBe(38);
    expect(run('dateBetween(prop("D"), now(), "days")', { D: day })).toBe(-38);
    expect(run('dateBetween(now(), prop("D"), "months")', { D: day })).toBe(1);
    expect(run('dateBetween(now(), prop("D"), "weeks")', { D: day })).toBe(5);
    expect(run('formatDate(prop("D"), "dddd D MMMM YYYY")', { D: day })).toBe('Saturday 31 January 2026');
    expect(run('formatDate(now(), "YYYY-MM-DD HH:mm [at] h A")')).toBe('2026-03-10 23:30 at 11 PM');
    expect(run('now() > prop("D")', { D: day })).toBe(true);
  });

  it('a meeting at 09:00 plus one day is 09:00 the next day, across a DST change', () => {
    const meeting = { start: '2026-03-07T14:00:00.000Z', end: null }; // 09:00 EST
    const ny = { timeZone: 'America/New_York' };
    expect(run('dateAdd(prop("M"), 1, "days")', { M: meeting }, ny)).toEqual({ start: '2026-03-08T13:00:00.000Z', end: null }); // 09:00 EDT
    expect(run('dateAdd(prop("M"), 24, "hours")', { M: meeting }, ny)).toEqual({ start: '2026-03-08T14:00:00.000Z', end: null });
    expect(run('formatDate(prop("M"), "HH:mm")', { M: meeting }, ny)).toBe('09:00');
    expect(run('formatDate(now(), "YYYY-MM-DD")', {}, { timeZone: 'Asia/Tokyo' })).toBe('2026-03-11');
  });

  it('huge outputs stop with too_long, long loops with budget', () => {
    const big = 'x'.repeat(6_000);
    expect(code('concat(prop("T"), prop("T"))', { T: big })).toBe('too_long');
    expect(code('prop("T") + prop("T")', { T: big })).toBe('too_long');
    expect(code('replaceAll(prop("T"), "x", "xx")', { T: big })).toBe('too_long');
    expect(code('upper(prop("T"))', { T: 'ß'.repeat(6_000) })).toBe('too_long');
    expect(run('1 + 1', {}, { budget: { steps: 2 } })).toMatchObject({ error: 'budget' });
  });
});
