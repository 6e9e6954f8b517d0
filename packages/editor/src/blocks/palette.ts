/**
 * The fixed colours a document may use for text, highlights and callouts. Documents store the
 * NAME ("red"), never a CSS value: the app maps each name to a light and a dark shade
 * (`--tandem-text-<name>`, `--tandem-highlight-<name>`), so coloured text stays readable when the
 * theme changes, and pasted colours from other tools cannot bring unreadable ones in.
 */
export const PALETTE = ['gray', 'brown', 'orange', 'yellow', 'green', 'blue', 'purple', 'pink', 'red'] as const;

export type PaletteColor = (typeof PALETTE)[number];

export function isPaletteColor(value: unknown): value is PaletteColor {
  return typeof value === 'string' && (PALETTE as readonly string[]).includes(value);
}

/** A palette name from an attribute, or null for anything else (foreign colours are dropped). */
export function paletteColorOrNull(value: string | null | undefined): PaletteColor | null {
  const name = (value ?? '').trim().toLowerCase();
  return isPaletteColor(name) ? name : null;
}
