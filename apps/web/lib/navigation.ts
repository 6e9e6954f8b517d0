// Where to go after logging in. Only paths inside this app: a crafted ?next= must not send people
// to another site ("//evil.example" and "/\evil.example" are other hosts to a browser).
export function safeNext(next: string | null | undefined): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/w';
  // The login and sign-up screens are not destinations.
  if (/^\/(login|signup)(\/|\?|$)/.test(next)) return '/w';
  return next;
}
