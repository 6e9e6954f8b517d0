// People's colours (avatars, carets, a compare's writers), from a palette that reads in light and dark.

const COLORS = ['#e16259', '#d9730d', '#cb912f', '#448361', '#337ea9', '#9065b0', '#c14c8a', '#787774'];

// A stable colour per person, from their id, so the same person looks the same everywhere.
export function colorFor(id: string): string {
  let hash = 0;
  for (let i = 0; i < id.length; i++) hash = (hash * 31 + id.charCodeAt(i)) | 0;
  return COLORS[Math.abs(hash) % COLORS.length]!;
}

// Colours for people shown side by side (a compare's writers): each keeps their own colour unless
// someone listed earlier has it, then takes the first one nobody has. Distinct up to the palette's
// size; with more people than colours, colours repeat.
export function distinctColors(ids: readonly string[]): Map<string, string> {
  const taken = new Set<string>();
  const colors = new Map<string, string>();
  for (const id of ids) {
    const own = colorFor(id);
    const color = !taken.has(own) ? own : (COLORS.find((c) => !taken.has(c)) ?? own);
    taken.add(color);
    colors.set(id, color);
  }
  return colors;
}
