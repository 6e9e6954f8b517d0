// Whether a database's computed values (formulas, rollups) are a function of their own row alone.
// The worker's projection uses it (issue 17): when they are, an edit of some rows changes the
// projection of those rows only, so it re-projects just them; otherwise every row is re-projected.
import { formulaDependencies, parseFormula, type Expr } from './formula/parse.js';
import { type DatabaseSchema, findPropertyByName, PropertyType } from './schema.js';

// Functions whose value is not a function of the row (the clock).
const OUTSIDE_THE_ROW = new Set(['now']);

function callsOutsideTheRow(expr: Expr): boolean {
  switch (expr.type) {
    case 'call':
      return OUTSIDE_THE_ROW.has(expr.name.toLowerCase()) || expr.args.some(callsOutsideTheRow);
    case 'unary':
      return callsOutsideTheRow(expr.arg);
    case 'binary':
      return callsOutsideTheRow(expr.left) || callsOutsideTheRow(expr.right);
    default:
      return false;
  }
}

/**
 * True when no computed property reads anything but its own row's cells: no rollup (it reads the
 * related rows), and no formula that reads a relation (a formula sees it as the related rows'
 * titles), a rollup, or calls now(). A formula reading another formula is covered, since every
 * formula is checked. One that does not parse, or names no property, is an error value, which
 * reads nothing.
 */
export function computedIsRowLocal(schema: DatabaseSchema): boolean {
  for (const property of schema.properties) {
    if (property.type === PropertyType.Rollup) return false;
    if (property.type !== PropertyType.Formula) continue;
    const parsed = parseFormula(property.expression);
    if (!parsed.ok) continue;
    if (callsOutsideTheRow(parsed.expr)) return false;
    for (const name of formulaDependencies(parsed.expr)) {
      const type = findPropertyByName(schema, name)?.type;
      if (type === PropertyType.Relation || type === PropertyType.Rollup) return false;
    }
  }
  return true;
}
