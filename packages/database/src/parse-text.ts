// Reading typed values out of text: shared by retyping a property and by CSV import, so a value
// that survives one survives the other.
import { isDateOnly, isDateTime } from './dates.js';

const NUMBER_RE = /^[-+]?(\d{1,3}(,\d{3})+|\d+)?(\.\d+)?([eE][-+]?\d+)?$/;

// "1,234.5", "-3", "50%" (0.5), "$12.40", "€ 7", "1e3". Anything else is not a number.
export function parseNumberText(text: string): number | null {
  let s = text.trim();
  if (s === '') return null;
  let scale = 1;
  if (s.endsWith('%')) {
    scale = 0.01;
    s = s.slice(0, -1).trim();
  }
  s = s.replace(/^([-+]?)\s*[$€£¥]\s*/, '$1');
  if (!NUMBER_RE.test(s) || !/\d/.test(s)) return null;
  const n = Number(s.replace(/,/g, '')) * scale;
  return Number.isFinite(n) ? n : null;
}

const TRUE_WORDS = new Set(['true', 'yes', 'y', '1', 'x', 'checked', '✓', '✔']);
const FALSE_WORDS = new Set(['false', 'no', 'n', '0', '', 'unchecked']);

export function parseCheckboxText(text: string): boolean | null {
  const s = text.trim().toLowerCase();
  if (TRUE_WORDS.has(s)) return true;
  if (FALSE_WORDS.has(s)) return false;
  return null;
}

// Days as YYYY-MM-DD or YYYY/MM/DD, date-times as ISO 8601 with an offset or "YYYY-MM-DD HH:mm"
// (read as UTC, the only zone-free choice). Ambiguous forms like 03/04/2026 are not guessed.
export function parseDateText(text: string): { start: string; end: string | null } | null {
  const s = text.trim();
  const [a, b] = s.split(/\s+(?:→|->)\s+/);
  const start = a === undefined ? null : parseOne(a);
  if (start === null) return null;
  if (b === undefined) return { start, end: null };
  const end = parseOne(b);
  if (end === null || isDateOnly(start) !== isDateOnly(end)) return null;
  return { start, end };
}

function parseOne(s: string): string | null {
  const day = s.replace(/\//g, '-');
  if (/^\d{4}-\d{2}-\d{2}$/.test(day)) return isDateOnly(day) ? day : null;
  const local = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2})(:\d{2})?$/.exec(day);
  if (local && isDateOnly(local[1]!)) return new Date(`${local[1]}T${local[2]}${local[3] ?? ':00'}Z`).toISOString();
  if (isDateTime(s)) return new Date(Date.parse(s)).toISOString();
  return null;
}

export function isUrlText(text: string): boolean {
  return /^https?:\/\/[^\s/$.?#][^\s]*$/i.test(text.trim());
}

export function isEmailText(text: string): boolean {
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(text.trim());
}
