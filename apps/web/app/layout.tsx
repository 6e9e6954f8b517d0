import type { Metadata, Viewport } from 'next';
import { cookies } from 'next/headers';
import { connection } from 'next/server';
import type { ReactNode } from 'react';
import { Providers } from './providers';
import { ServiceWorker } from './service-worker';
import { THEME_COOKIE, parseTheme } from '@/lib/theme';
// KaTeX's stylesheet and fonts are bundled and served by us: formulas render offline, nothing fetched.
import 'katex/dist/katex.min.css';
import './globals.css';

export const metadata: Metadata = {
  title: 'Tandem',
  description: 'Notes you write together, online or offline, with nothing ever lost.',
};

export const viewport: Viewport = {
  colorScheme: 'light dark',
  themeColor: [
    { media: '(prefers-color-scheme: light)', color: '#ffffff' },
    { media: '(prefers-color-scheme: dark)', color: '#191919' },
  ],
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Every page renders per request, so Next can stamp its scripts with the request's CSP nonce
  // (proxy.ts); a prerendered page would carry no nonce and its scripts would be blocked.
  await connection();
  // The theme someone chose (lib/theme.ts) is on <html> from the first byte: no flash, no script.
  const theme = parseTheme((await cookies()).get(THEME_COOKIE)?.value);
  return (
    <html lang="en" data-theme={theme === 'system' ? undefined : theme}>
      <body>
        <Providers>
          <ServiceWorker />
          {children}
        </Providers>
      </body>
    </html>
  );
}
