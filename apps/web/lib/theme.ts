// The person's colour theme: "system" follows the OS, "light"/"dark" override it. Kept in a cookie
// so the server renders <html data-theme> on the first byte (no flash of the wrong theme, and no
// inline script, which the nonce CSP would need stamping), for every tab of this browser.

// The account keeps its choice too (PATCH /auth/me), so another browser takes it at sign-in
// (AuthForm); the cookie is this browser's copy for the first byte.
import { THEMES, type Theme } from '@tandem/protocol';

export { THEMES, type Theme };

export const THEME_COOKIE = 'tandem-theme';

export function parseTheme(value: string | undefined | null): Theme {
  return value === 'light' || value === 'dark' ? value : 'system';
}

/** Applies a theme to this page at once and remembers it for the next requests (one year). */
export function applyTheme(theme: Theme): void {
  const root = document.documentElement;
  if (theme === 'system') {
    delete root.dataset.theme;
    document.cookie = `${THEME_COOKIE}=; path=/; max-age=0; samesite=lax`;
  } else {
    root.dataset.theme = theme;
    document.cookie = `${THEME_COOKIE}=${theme}; path=/; max-age=31536000; samesite=lax`;
  }
}

export function currentTheme(): Theme {
  return typeof document === 'undefined' ? 'system' : parseTheme(document.documentElement.dataset.theme);
}
