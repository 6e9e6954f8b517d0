import { checkFormulas, type DatabaseSchema, RowResolver, type Row, rollup, type RolledItem } from '../src/index.js';
import { context, memorySource, PROJECTS, projectsSchema, row, TASKS, tasksSchema } from './fixtures.js';

const withFormulas = (formulas: Record<string, string>, base: DatabaseSchema = tasksSchema): DatabaseSchema => ({
  ...base,
  properties: [...base.properties, ...Object.entries(formulas).map(([name, expression], i) => ({ id: `f${i}`, name, type: 'formula' as const, expression }))],
});

function resolve(schema: DatabaseSchema, r: Row, name: string, extraRows: Record<string, Row[]> = {}, schemas: DatabaseSchema[] = []) {
  const resolver = new RowResolver(memorySource([schema, ...schemas], { [schema.id]: [r], ...extraRows }), context());
  const property = schema.properties.find((p) => p.name === name)!;
  return { value: resolver.value(schema.id, r, property), display: resolver.display(schema.id, r, property) };
}

describe('formulas over rows', () => {
  const r = row({ title: 'Ship it', points: 5, prio: 'high', tags: ['bug', 'ui'], owner: ['alice', 'zed'], done: true, due: { start: '2026-03-12', end: null } });

  it('prop() reads every kind of property the way people see it', () => {
    const schema = withFormulas({
      F1: 'prop("Priority") + " / " + prop("Tags")',
      F2: 'prop("Owner")',
      F3: 'if(prop("Done"), prop("Points") * 2, 0)',
      F4: 'dateBetween(prop("Due"), now(), "days")',
      F5: 'prop("Created by") + ", " + formatDate(prop("Created"), "YYYY-MM-DD")',
      F6: 'prop("double") + 1',
    });
    expect(resolve(schema, r, 'F1').value).toBe('High / Bug, UI');
    expect(resolve(schema, r, 'F2').value).toBe('Alice Adams, zed');
    expect(resolve(schema, r, 'F3').value).toBe(10);
    expect(resolve(schema, r, 'F4').value).toBe(2);
    expect(resolve(schema, r, 'F5').value).toBe('Alice Adams, 2026-03-01');
    // Property names in prop() are case-insensitive, like the uniqueness rule.
    expect(resolve(schema, r, 'F6').value).toBe(11);
  });

  it('an unknown property is an error value', () => {
    expect(resolve(withFormulas({ F: 'prop("Nope") + 1' }), r, 'F').value).toEqual({ error: 'unknown_property', message: 'no property named "Nope"' });
  });

  it('formulas referring to each other in a cycle give a cycle error, never hang', () => {
    const schema = withFormulas({ A: 'prop("B") + 1', B: 'prop("C") + 1', C: 'prop("A") + 1', D: 'prop("A") * 2', Self: 'prop("Self")' });
    expect(resolve(schema, r, 'A').value).toMatchObject({ error: 'cycle' });
    expect(resolve(schema, r, 'D').value).toMatchObject({ error: 'cycle' });
    expect(resolve(schema, r, 'Self').value).toMatchObject({ error: 'cycle' });
    expect(resolve(schema, r, 'A').display).toBe('#cycle');
  });

  it('errors propagate with their code; syntax errors show as such', () => {
    const schema = withFormulas({ Bad: '1 / 0', Uses: 'prop("Bad") + 1', Broken: '1 +' });
    expect(resolve(schema, r, 'Uses').value).toMatchObject({ error: 'math', message: 'Bad: division by zero' });
    expect(resolve(schema, r, 'Broken').value).toMatchObject({ error: 'syntax' });
  });

  it('one step budget is shared by a chain of formulas', () => {
    // Each formula costs ~600 steps on its own: five chained fit the 10,000-step budget, twenty do not.
    const formulas: Record<string, string> = { L0: '1' };
    for (let i = 1; i <= 20; i += 1) formulas[`L${i}`] = `prop("L${i - 1}") + ${'1 + '.repeat(300)}1`;
    const schema = withFormulas(formulas);
    expect(resolve(schema, r, 'L5').value).toBe(1 + 5 * 301);
    expect(resolve(schema, r, 'L20').value).toMatchObject({ error: 'budget' });
  });

  it('a chain of more than 64 formulas is a depth error, not a stack overflow', () => {
    const formulas: Record<string, string> = { M0: '1' };
    for (let i = 1; i <= 70; i += 1) formulas[`M${i}`] = `prop("M${i - 1}") + 1`;
    const schema = withFormulas(formulas);
    expect(resolve(schema, r, 'M60').value).toBe(61);
    expect(resolve(schema, r, 'M70').value).toMatchObject({ error: 'depth' });
  });

  it('checkFormulas reports syntax, unknown names and every formula on a cycle', () => {
    const schema = withFormulas({ A: 'prop("B")', B: 'prop("A")', C: 'prop("A")', D: 'prop("Missing")', E: '(', F: 'prop("Points")' });
    const problems = checkFormulas(schema);
    expect(problems.get('f0')).toMatchObject({ error: 'cycle', message: 'formulas refer to each other: A → B → A' });
    expect(problems.get('f1')).toMatchObject({ error: 'cycle' });
    expect(problems.has('f2')).toBe(false);
    expect(problems.get('f3')).toMatchObject({ error: 'unknown_property' });
    expect(problems.get('f4')).toMatchObject({ error: 'syntax' });
    expect(problems.has('f5')).toBe(false);
  });
});

describe('rollups', () => {
  const t1 = row({ title: 'A', points: 3, done: true, due: { start: '2026-03-05', end: null } }, { id: 't1' });
  const t2 = row({ title: 'B', points: 5, done: false, due: { start: '2026-02-01', end: null } }, { id: 't2' });
  const t3 = row({ title: 'C', done: true }, { id: 't3' });
  const project = row({ pname: 'Launch', ptasks: ['t1', 't2', 't3', 'gone'] }, { id: 'p1' });
  const rows = { [TASKS]: [t1, t2, t3], [PROJECTS]: [project] };
  const value = (name: string, schema = projectsSchema) => {
    const resolver = new RowResolver(memorySource([schema, tasksSchema], rows), context());
    return resolver.value(PROJECTS, project, schema.properties.find((p) => p.name === name)!);
  };
  const withRollup = (targetPropertyId: string, fn: string): DatabaseSchema => ({
    ...projectsSchema,
    properties: [...projectsSchema.properties, { id: 'x', name: 'X', type: 'rollup', relationPropertyId: 'ptasks', targetPropertyId, function: fn as never }],
  });

  it('count, sum and percent checked over related rows (a missing row is not counted)', () => {
    expect(value('Task count')).toBe(3);
    expect(value('Points')).toBe(8);
    expect(value('Done')).toBeCloseTo(2 / 3);
  });

  it('average, median, min, max, range skip empty numbers', () => {
    expect(value('X', withRollup('points', 'average'))).toBe(4);
    expect(value('X', withRollup('points', 'median'))).toBe(4);
    expect(value('X', withRollup('points', 'min'))).toBe(3);
    expect(value('X', withRollup('points', 'max'))).toBe(5);
    expect(value('X', withRollup('points', 'range'))).toBe(2);
    expect(value('X', withRollup('points', 'count_values'))).toBe(2);
  });

  it('dates, shown values and rollups over formulas', () => {
    expect(value('X', withRollup('due', 'earliest_date'))).toEqual({ start: '2026-02-01', end: null });
    expect(value('X', withRollup('due', 'latest_date'))).toEqual({ start: '2026-03-05', end: null });
    expect(value('X', withRollup('title', 'show_values'))).toEqual(['A', 'B', 'C']);
    expect(value('X', withRollup('done', 'checked'))).toBe(2);
    expect(value('X', withRollup('double', 'sum'))).toBe(16);
  });

  it('a rollup whose relation is gone is an error value', () => {
    const broken: DatabaseSchema = { ...projectsSchema, properties: projectsSchema.properties.filter((p) => p.id !== 'ptasks') };
    expect(value('Task count', broken)).toMatchObject({ error: 'unknown_property' });
  });

  it('a cycle through a rollup and a formula across two databases is an error value', () => {
    // Task formula reads the project's rollup, which sums that same formula over its tasks.
    const tasks: DatabaseSchema = { ...tasksSchema, properties: [...tasksSchema.properties, { id: 'loop', name: 'Loop', type: 'formula', expression: 'toNumber(prop("Project")) + 1' }, { id: 'proll', name: 'PR', type: 'rollup', relationPropertyId: 'project', targetPropertyId: 'x', function: 'sum' }, { id: 'loop2', name: 'Loop2', type: 'formula', expression: 'prop("PR") + 1' }] };
    const projects = withRollup('loop2', 'sum');
    const task = row({ title: 'T', project: ['p1'] }, { id: 'tl' });
    const p = row({ pname: 'P', ptasks: ['tl'] }, { id: 'p1' });
    const resolver = new RowResolver(memorySource([projects, tasks], { [TASKS]: [task], [PROJECTS]: [p] }), context());
    expect(resolver.value(TASKS, task, tasks.properties.find((x) => x.id === 'loop2')!)).toMatchObject({ error: 'cycle' });
    expect(resolver.value(PROJECTS, p, projects.properties.find((x) => x.id === 'x')!)).toMatchObject({ error: 'cycle' });
  });

  it('aggregate functions on no related rows', () => {
    const none: RolledItem[] = [];
    expect(rollup('count', none, 'UTC')).toBe(0);
    expect(rollup('sum', none, 'UTC')).toBe(0);
    expect(rollup('average', none, 'UTC')).toBeNull();
    expect(rollup('percent_checked', none, 'UTC')).toBeNull();
    expect(rollup('show_unique', [{ value: 'a', texts: ['a'], empty: false }, { value: 'a', texts: ['a'], empty: false }], 'UTC')).toEqual(['a']);
    expect(rollup('count_unique', [{ value: ['x', 'y'], texts: ['x', 'y'], empty: false }, { value: ['x'], texts: ['x'], empty: false }], 'UTC')).toBe(2);
  });

  it('shows "percent checked" as a percent, keeping the fraction as the value', () => {
    const resolver = new RowResolver(memorySource([projectsSchema, tasksSchema], rows), context());
    const done = projectsSchema.properties.find((p) => p.id === 'pdone')!;
    const value = resolver.value(PROJECTS, project, done) as number;
    expect(value).toBeGreaterThan(0);
    expect(value).toBeLessThan(1);
    expect(resolver.display(PROJECTS, project, done)).toBe(`${Math.round(value * 1000) / 10}%`);
  });

  it('shows related titles for relations', () => {
    const resolver = new RowResolver(memorySource([projectsSchema, tasksSchema], rows), context());
    expect(resolver.display(PROJECTS, project, projectsSchema.properties.find((p) => p.id === 'ptasks')!)).toBe('A, B, C');
  });
});

describe('display and formulas over relations', () => {
  it('prop() of a relation is the related titles; hours on a day make a date-time', () => {
    const project = row({ pname: 'Launch' }, { id: 'p1' });
    const task = row({ title: 'T', project: ['p1', 'missing'], due: { start: '2026-03-10', end: null } }, { id: 't' });
    const schema = withFormulas({ P: 'concat("in ", prop("Project"))', H: 'dateAdd(prop("Due"), 90, "minutes")' });
    const resolver = new RowResolver(memorySource([schema, projectsSchema], { [TASKS]: [task], [PROJECTS]: [project] }), context({ timeZone: 'Asia/Tokyo' }));
    const f = (name: string) => resolver.value(TASKS, task, schema.properties.find((p) => p.name === name)!);
    expect(f('P')).toBe('in Launch');
    expect(f('H')).toEqual({ start: '2026-03-09T16:30:00.000Z', end: null });
    expect(resolver.display(TASKS, task, schema.properties.find((p) => p.name === 'H')!)).toBe('2026-03-10 01:30');
  });

  it('numbers show in their format', () => {
    const schema: DatabaseSchema = {
      id: 'n',
      properties: [
        { id: 't', name: 'T', type: 'title' },
        { id: 'pct', name: 'Pct', type: 'number', format: 'percent' },
        { id: 'eur', name: 'Eur', type: 'number', format: 'currency', currency: 'EUR' },
        { id: 'dec', name: 'Dec', type: 'number', format: 'plain', decimals: 2 },
        { id: 'big', name: 'Big', type: 'number', format: 'plain' },
      ],
    };
    const r = row({ t: 'x', pct: 0.125, eur: 1234.5, dec: 3, big: 1234567.25 });
    const resolver = new RowResolver(memorySource([schema], { n: [r] }), context());
    expect(schema.properties.slice(1).map((p) => resolver.display('n', r, p))).toEqual(['12.5%', '€1,234.50', '3.00', '1234567.25']);
  });

  // Formatters are kept by their options, at most a few hundred: past that the keep starts over,
  // and every number still shows in its own format, whichever came before.
  it('numbers keep their format across more formats than are kept', () => {
    const codes = Array.from({ length: 600 }, (_, i) => String.fromCharCode(65 + Math.floor(i / 26 / 26) % 26, 65 + Math.floor(i / 26) % 26, 65 + (i % 26)));
    const schema: DatabaseSchema = {
      id: 'n',
      properties: [{ id: 't', name: 'T', type: 'title' }, ...codes.map((currency, i) => ({ id: `c${i}`, name: `C${i}`, type: 'number' as const, format: 'currency' as const, currency, decimals: i % 3 }))],
    };
    const r = row({ t: 'x', ...Object.fromEntries(codes.map((_, i) => [`c${i}`, 1.5])) });
    const resolver = new RowResolver(memorySource([schema], { n: [r] }), context());
    const expected = (i: number) => new Intl.NumberFormat('en-US', { style: 'currency', currency: codes[i]!, minimumFractionDigits: i % 3, maximumFractionDigits: i % 3 }).format(1.5);
    for (const round of [0, 1]) {
      for (let i = 0; i < codes.length; i += 1 + round) expect(resolver.display('n', r, schema.properties[i + 1]!)).toBe(expected(i));
    }
    expect(resolver.display('n', r, schema.properties[1]!)).toBe(expected(0));
  });
});
