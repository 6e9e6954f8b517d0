import { DatabaseLimits, checkMerge, importCsv, inferColumns, inferType, databaseSchemaSchema, mergeCsv, mergeRowLimit, proposeMerge } from '../src/index.js';
import { parseCsv } from '../src/csv.js';

const table = (text: string) => {
  const r = parseCsv(text);
  if (!r.ok) throw new Error(r.error.message);
  return r.table;
};

describe('CSV parsing', () => {
  it('reads quoted cells with commas, quotes and line breaks, CRLF and a BOM', () => {
    expect(table('\uFEFFName,Notes\r\n"Smith, J","said ""hi""\nthen left"\r\nB,\r\n')).toEqual({
      header: ['Name', 'Notes'],
      rows: [
        ['Smith, J', 'said "hi"\nthen left'],
        ['B', ''],
      ],
    });
  });

  it('names empty and repeated headers', () => {
    expect(table('Name,,Name,name\n1,2,3,4\n').header).toEqual(['Name', 'Column 2', 'Name (2)', 'name (3)']);
  });

  it('an unclosed quote is reported at the line where its cell starts, not at the end of the file', () => {
    const text = ['a,b', '1,2', '3,"four', '5,6', '7,8'].join('\n');
    expect(parseCsv(text)).toEqual({ ok: false, error: { line: 3, code: 'unclosed_quote', message: 'line 3: a quoted cell is never closed (a " is missing)' } });
  });

  it('a stray quote and a wrong number of cells name their line', () => {
    expect(parseCsv('a,b\n1,2\n3,"4"x\n')).toMatchObject({ ok: false, error: { line: 3, code: 'bad_quote' } });
    expect(parseCsv('a,b\n1,2\n=HYPERLINK("x"),4\n')).toEqual({ ok: false, error: { line: 3, code: 'bad_quote', message: 'line 3: a quote inside a cell that is not quoted; quote the whole cell and write a quote inside it as ""' } });
    expect(parseCsv('a,b\n1,2\n3,4,5\n')).toMatchObject({ ok: false, error: { line: 3, code: 'column_count', message: 'line 3: 3 cells where the header has 2' } });
  });

  it('a multi-line cell moves the line numbers of later errors', () => {
    expect(parseCsv('a,b\n1,"x\ny\nz"\n3\n')).toMatchObject({ ok: false, error: { line: 5, code: 'column_count' } });
  });

  it('empty files, blank lines and limits', () => {
    expect(parseCsv('')).toMatchObject({ ok: false, error: { code: 'empty' } });
    expect(table('a\n\n1\n\n').rows).toEqual([['1']]);
    expect(parseCsv('x'.repeat(DatabaseLimits.csvBytes + 1))).toMatchObject({ ok: false, error: { code: 'too_large' } });
    // Multi-byte text counts in bytes: 4 MB of "€" is 12 MB of UTF-8.
    expect(parseCsv('€'.repeat(4 * 1024 * 1024))).toMatchObject({ ok: false, error: { code: 'too_large' } });
    expect(parseCsv(`${Array.from({ length: DatabaseLimits.csvColumns + 1 }, (_, i) => `c${i}`).join(',')}\n`)).toMatchObject({ ok: false, error: { code: 'too_many_columns', line: 1 } });
    expect(parseCsv(`a\n${'1\n'.repeat(DatabaseLimits.csvRows + 1)}`)).toMatchObject({ ok: false, error: { code: 'too_many_rows' } });
  });

  it('a 10 MB file with broken quoting near the end fails fast with its line', () => {
    const line = `task name,"a quoted, note ${'x'.repeat(180)}",42,2026-03-01\n`;
    const count = Math.floor((9.5 * 1024 * 1024) / line.length);
    const text = `Name,Notes,Points,Due\n${line.repeat(count)}bad,"never closed,1,2026-03-01\n${line.repeat(10)}`;
    const started = Date.now();
    const result = parseCsv(text);
    // The quote opened on that line closes at the next line's first quote, and text follows it.
    expect(result).toMatchObject({ ok: false, error: { code: 'bad_quote', line: count + 2 } });
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});

describe('CSV type inference', () => {
  it('per column: number, date, checkbox, url, email, select, multi-select, else text', () => {
    const t = table(
      [
        'Name,Points,Due,Done,Link,Mail,Stage,Tags,Notes,Flag,Phone',
        'A,1,2026-03-01,yes,https://a.io,a@x.io,Open,"ui, bug",hello,1,+1 555 123 4567',
        'B,"1,200.5",2026-03-02,no,http://b.io/x?y=1,b@x.io,Open,ui,world,0,+44 20 7946 0000',
        'C,-3,,x,,,Closed,bug,again,1,',
        'D,,2026-03-04,,,,Open,"bug, ui",more,0,',
      ].join('\n'),
    );
    expect(inferColumns(t).map((c) => c.type)).toEqual(['title', 'number', 'date', 'checkbox', 'url', 'email', 'select', 'multi_select', 'text', 'number', 'phone']);
  });

  it('dates with a time ask for a date-time property; mixed columns fall back to text', () => {
    expect(inferType(['2026-03-01 10:00', '2026-03-02'])).toEqual({ type: 'date', includeTime: true });
    expect(inferType(['2026-03-01', 'tomorrow'])).toEqual({ type: 'text' });
    expect(inferType(['1', 'two'])).toEqual({ type: 'text' });
    expect(inferType([])).toEqual({ type: 'text' });
    // Distinct values that do not repeat are not a select.
    expect(inferType(['alpha', 'beta', 'gamma'])).toEqual({ type: 'text' });
  });
});

describe('CSV import', () => {
  it('builds a valid schema and typed rows, reporting cells that do not fit', () => {
    const t = table(['Name,Points,Due,Done,Stage,Tags', 'A,1,2026-03-01,yes,Open,"ui, bug"', 'B,lots,2026-13-01,no,Closed,ui'].join('\n'));
    // The dialog lets people change the guesses (two rows are too few to see a select).
    const types = { Points: 'number', Due: 'date', Stage: 'select', Tags: 'multi_select' } as const;
    const plan = inferColumns(t).map((c) => ({ ...c, type: types[c.name as keyof typeof types] ?? c.type }));
    const result = importCsv(t, plan, (i) => `p${i}`);
    expect(databaseSchemaSchema.safeParse({ id: 'db', properties: result.properties }).success).toBe(true);
    expect(result.rows[0]).toEqual({ p0: 'A', p1: 1, p2: { start: '2026-03-01', end: null }, p3: true, p4: 'opt-1', p5: ['opt-1', 'opt-2'] });
    expect(result.rows[1]).toMatchObject({ p1: null, p2: null, p3: false, p4: 'opt-2', p5: ['opt-1'] });
    expect(result.problems).toEqual([
      { line: 3, column: 'Points', message: '"lots" is not a number' },
      { line: 3, column: 'Due', message: '"2026-13-01" is not a date (use YYYY-MM-DD)' },
    ]);
    expect(result.properties[4]).toMatchObject({ type: 'select', options: [{ id: 'opt-1', name: 'Open' }, { id: 'opt-2', name: 'Closed' }] });
  });
});

describe('CSV merge into an existing database', () => {
  const schema = databaseSchemaSchema.parse({
    id: 'db',
    properties: [
      { id: 'title', name: 'Task', type: 'title' },
      { id: 'points', name: 'Points', type: 'number', format: 'plain' },
      { id: 'tag', name: 'Tag', type: 'select', options: [{ id: 'a', name: 'Alpha', color: 'red' }] },
      { id: 'owner', name: 'Owner', type: 'person' },
      { id: 'made', name: 'Created', type: 'created_time' },
    ],
  });
  const ctx = { timeZone: 'UTC', now: 0, userId: null };
  const file = table('task,POINTS,Tag,Owner,Created,Due\nWrite,3,alpha,ann,x,2026-03-01\nShip,abc,Beta,,,2026-03-02\n');

  it('proposes matches by name ignoring case, skips what text cannot fill, and infers new columns', () => {
    expect(proposeMerge(file, schema)).toEqual([
      { name: 'task', matchedPropertyId: 'title', column: { action: 'property', propertyId: 'title' } },
      { name: 'POINTS', matchedPropertyId: 'points', column: { action: 'property', propertyId: 'points' } },
      { name: 'Tag', matchedPropertyId: 'tag', column: { action: 'property', propertyId: 'tag' } },
      { name: 'Owner', matchedPropertyId: 'owner', column: { action: 'skip' } },
      { name: 'Created', matchedPropertyId: 'made', column: { action: 'skip' } },
      { name: 'Due', matchedPropertyId: null, column: { action: 'new', name: 'Due', type: 'date', includeTime: false } },
    ]);
  });

  it('converts cells, adds options and new properties, and counts what is lost', () => {
    const plan = proposeMerge(file, schema).map((p) => p.column);
    expect(checkMerge(schema, file.header.length, plan)).toBeNull();
    const merged = mergeCsv(file, schema, plan, ctx, (i) => `new${i}`);
    expect(merged.added).toEqual([{ id: 'new5', name: 'Due', type: 'date', includeTime: false, includeEnd: false }]);
    expect(merged.updated).toEqual([{ id: 'tag', name: 'Tag', type: 'select', options: [{ id: 'a', name: 'Alpha', color: 'red' }, { id: 'opt-2', name: 'Beta', color: 'brown' }] }]);
    expect(merged.rows).toEqual([
      { title: 'Write', points: 3, tag: 'a', new5: { start: '2026-03-01', end: null } },
      { title: 'Ship', points: null, tag: 'opt-2', new5: { start: '2026-03-02', end: null } },
    ]);
    expect(merged.problems).toEqual([{ line: 3, column: 'POINTS', message: '"abc" is not a number' }]);
    expect(merged.lost).toEqual([0, 1, 0, 0, 0, 0]);
    expect(databaseSchemaSchema.safeParse({ id: 'db', properties: [...schema.properties.map((p) => merged.updated.find((u) => u.id === p.id) ?? p), ...merged.added] }).success).toBe(true);
  });

  // The server refuses with this message before it edits the document (its e2e suite checks the 413
  // and that nothing changed, with a file that overflows a small database).
  it('merges up to exactly the row limit and refuses one more, naming both counts', () => {
    expect(DatabaseLimits.rows).toBe(50_000);
    expect(mergeRowLimit(49_999, 1)).toBeNull();
    expect(mergeRowLimit(0, 50_000)).toBeNull();
    expect(mergeRowLimit(49_999, 2)).toBe('The database has 49,999 rows and the file 2; a database holds at most 50,000. Nothing was imported.');
    expect(mergeRowLimit(50_000, 1)).toBe('The database has 50,000 rows and the file 1; a database holds at most 50,000. Nothing was imported.');
    expect(mergeRowLimit(2, 49_999)).toBe('The database has 2 rows and the file 49,999; a database holds at most 50,000. Nothing was imported.');
  });

  it('refuses plans that do not fit the schema or the file', () => {
    const skip = { action: 'skip' } as const;
    expect(checkMerge(schema, 2, [skip])).toEqual({ at: null, message: 'has 1 entries; the file has 2 columns' });
    expect(checkMerge(schema, 1, [{ action: 'property', propertyId: 'gone' }])?.message).toMatch(/not a property/);
    expect(checkMerge(schema, 1, [{ action: 'property', propertyId: 'owner' }])?.message).toBe('Owner is a person property, which CSV text cannot fill');
    expect(checkMerge(schema, 2, [skip, { action: 'property', propertyId: 'made' }])).toEqual({ at: 1, message: 'Created is a created_time property, which CSV text cannot fill' });
    expect(checkMerge(schema, 2, [{ action: 'property', propertyId: 'points' }, { action: 'property', propertyId: 'points' }])).toEqual({ at: 1, message: 'Points is chosen for two columns' });
    expect(checkMerge(schema, 1, [{ action: 'new', name: ' points ', type: 'text' }])?.message).toBe('a property is already named "points"');
    expect(checkMerge(schema, 2, [{ action: 'new', name: 'X', type: 'text' }, { action: 'new', name: 'x', type: 'number' }])?.at).toBe(1);
  });
});
