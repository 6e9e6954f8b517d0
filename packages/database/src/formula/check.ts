// Static checks of every formula in a schema, for the property editor and the server when the
// schema is saved: syntax, unknown property names, and cycles among formulas (A reads B reads A).
// Evaluation still guards against cycles (also through rollups across rows); this reports them early.
import { type DatabaseSchema, findPropertyByName, PropertyType } from '../schema.js';
import type { FormulaError } from './errors.js';
import { formulaDependencies, parseFormula } from './parse.js';

export function checkFormulas(schema: DatabaseSchema): Map<string, FormulaError> {
  const problems = new Map<string, FormulaError>();
  const edges = new Map<string, string[]>();
  for (const p of schema.properties) {
    if (p.type !== PropertyType.Formula) continue;
    const parsed = parseFormula(p.expression);
    if (!parsed.ok) {
      problems.set(p.id, parsed.error);
      continue;
    }
    const deps: string[] = [];
    for (const name of formulaDependencies(parsed.expr)) {
      const target = findPropertyByName(schema, name);
      if (!target) problems.set(p.id, { error: 'unknown_property', message: `no property named "${name}"` });
      else if (target.type === PropertyType.Formula) deps.push(target.id);
    }
    edges.set(p.id, deps);
  }
  // Depth-first search; every formula on a cycle gets the error.
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (id: string) => {
    if (state.get(id) === 'done') return;
    if (state.get(id) === 'open') {
      const cycle = stack.slice(stack.indexOf(id));
      const names = cycle.map((c) => schema.properties.find((p) => p.id === c)?.name ?? c);
      for (const c of cycle) problems.set(c, { error: 'cycle', message: `formulas refer to each other: ${[...names, names[0]].join(' → ')}` });
      return;
    }
    state.set(id, 'open');
    stack.push(id);
    for (const next of edges.get(id) ?? []) visit(next);
    stack.pop();
    state.set(id, 'done');
  };
  for (const id of edges.keys()) visit(id);
  return problems;
}
