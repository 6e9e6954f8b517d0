// One CSV line (RFC 4180, CRLF). A cell a spreadsheet would run as a formula (=, +, -, @, tab or
// CR first: page titles and names are anyone's text) is prefixed with an apostrophe.
export function csvLine(cells: readonly string[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}

export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
