// @tandem/database/csv: CSV parsing for import (Node only, see csv/parse.ts).
export { parseCsv, type CsvTable, type CsvError, type CsvParseResult } from './csv/parse.js';
