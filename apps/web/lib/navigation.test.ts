import { safeNext } from './navigation.js';

describe('safeNext', () => {
  it('keeps a path inside the app', () => {
    expect(safeNext('/w/abc/p/def')).toBe('/w/abc/p/def');
    expect(safeNext('/invitations?x=1')).toBe('/invitations?x=1');
  });

  it('refuses anything that leaves the app', () => {
    for (const next of ['https://evil.example', '//evil.example', '/\\evil.example', 'javascript:alert(1)', 'w/abc']) {
      expect(safeNext(next)).toBe('/w');
    }
  });

  it('refuses what a browser turns into another host (tabs and newlines are stripped, \\ is /)', () => {
    for (const next of ['/%09/evil.example', '/\t/evil.example', '/\n/evil.example', '/\r\n/evil.example', '/\t\\evil.example']) {
      const target = new URL(safeNext(decodeURIComponent(next)), 'https://tandem.example');
      expect(target.host).toBe('tandem.example');
    }
    expect(safeNext('/\t/evil.example')).toBe('/w');
  });

  it('falls back to the workspace when there is nowhere (or nowhere useful) to go', () => {
    expect(safeNext(null)).toBe('/w');
    expect(safeNext('')).toBe('/w');
    expect(safeNext('/login')).toBe('/w');
    expect(safeNext('/signup?next=/w')).toBe('/w');
    expect(safeNext('/loginhelp')).toBe('/loginhelp');
  });
});
