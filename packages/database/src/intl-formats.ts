// Intl formatters kept by what makes them: building one costs far more than formatting with it (a
// table draws thousands of cells, and every date filter asks for its zone's). Each kind is bounded,
// as currencies, zones and option sets a hostile schema can name are many.
const KEPT = 256;

export function keptFormat<T>(cache: Map<string, T>, key: string, make: () => T): T {
  let value = cache.get(key);
  if (value === undefined) {
    if (cache.size >= KEPT) cache.clear();
    cache.set(key, (value = make()));
  }
  return value;
}
