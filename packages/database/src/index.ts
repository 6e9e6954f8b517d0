// @tandem/database: the pure domain core of databases (issue 17). No I/O, no clock, no Yjs:
// callers pass rows, the viewer's zone and `now`.
export { DatabaseLimits } from './limits.js';
export { idSchema, nameSchema } from './ids.js';
export * from './schema.js';
export * from './values.js';
export type { ViewerContext, DatabaseSource } from './context.js';
export * from './dates.js';
export * from './filter.js';
export { matchesFilter, matchesCondition, conditionHolds, targetDay, windowDays, type FilterScope } from './filter-eval.js';
export * from './sort.js';
export * from './group.js';
export * from './view.js';
export { queryView, type ViewResult } from './query.js';
export { RowResolver, isEmptyValue, formatNumberProperty, formatDateForDisplay, type PropertyValue } from './resolve.js';
export { mirrorEdits, applyMirrorEdit, type MirrorEdit, MAX_RELATED_DATABASES, relatedDatabaseIds } from './relation.js';
export { rollup, type RollupValue, type RolledItem } from './rollup.js';
export { retypeProperty, type RetypeResult, type RetypeLoss } from './retype.js';
export { parseNumberText, parseCheckboxText, parseDateText, isUrlText, isEmailText } from './parse-text.js';
export { FORMULA_ERROR_CODES, isFormulaError, type FormulaError, type FormulaErrorCode } from './formula/errors.js';
export { parseFormula, formulaDependencies, type Expr, type ParseResult } from './formula/parse.js';
export { evaluateFormula, FORMULA_FUNCTIONS, type FormulaEnv } from './formula/evaluate.js';
export { checkFormulas } from './formula/check.js';
export { toText as formulaValueText, type FormulaValue } from './formula/value.js';
export { csvLine, csvCell } from './csv/cell.js';
export type { CsvTable, CsvError, CsvParseResult } from './csv/parse.js';
export { inferColumns, inferType, IMPORT_TYPES, type ImportType, type ColumnPlan } from './csv/infer.js';
export { importCsv, type CsvImport } from './csv/import.js';
export { exportViewCsv } from './csv/export.js';
