// Where to go after logging in. Only paths inside this app: a crafted ?next= must not send people
// to another site. Prefix checks are not enough — browsers strip tabs and newlines from URLs and
// read `\` as `/`, so "/\t/evil.example" becomes "//evil.example" — so the value is resolved the way
// a browser would, against a stand-in origin, and must stay on it.
const HERE = 'http://app.invalid';

export function safeNext(next: string | null | undefined): string {
  if (!next || !next.startsWith('/')) return '/w';
  let url: URL;
  try {
    url = new URL(next, HERE);
  } catch {
    return '/w';
  }
  if (url.origin !== HERE) return '/w';
  const path = `${url.pathname}${url.search}${url.hash}`;
  // The login and sign-up screens are not destinations.
  if (/^\/(login|signup)(\/|\?|#|$)/.test(path)) return '/w';
  return path;
}
