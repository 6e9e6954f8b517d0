import { computedIsRowLocal, type DatabaseSchema } from '../src/index.js';
import { projectsSchema, tasksSchema } from './fixtures.js';

const withFormula = (expression: string, base: DatabaseSchema = tasksSchema): DatabaseSchema => ({
  ...base,
  properties: [...base.properties, { id: 'f', name: 'F', type: 'formula', expression }],
});

describe('computedIsRowLocal: whether computed values read only their own row', () => {
  it('formulas over the row’s own cells are row-local, also through other formulas', () => {
    expect(computedIsRowLocal(withFormula('prop("Points") * 2 + length(prop("Task"))'))).toBe(true);
    expect(computedIsRowLocal(tasksSchema)).toBe(true);
    expect(computedIsRowLocal(withFormula('prop("Double") + 1'))).toBe(true);
    // Broken formulas are error values: they read nothing.
    expect(computedIsRowLocal(withFormula('prop("Nope") + '))).toBe(true);
    expect(computedIsRowLocal(withFormula('prop("Nope") + 1'))).toBe(true);
  });

  it('a rollup, a formula reading a relation or a rollup, or now() is not', () => {
    expect(computedIsRowLocal(projectsSchema)).toBe(false);
    expect(computedIsRowLocal(withFormula('prop("Project")'))).toBe(false);
    // Names are case-insensitive in prop(), so here too.
    expect(computedIsRowLocal(withFormula('length(prop("project")) > 0'))).toBe(false);
    expect(computedIsRowLocal(withFormula('dateBetween(prop("Due"), now(), "days")'))).toBe(false);
    expect(computedIsRowLocal(withFormula('if(prop("Done"), 1, dateBetween(now(), prop("Due"), "days"))'))).toBe(false);
  });
});
