import { NextResponse, type NextRequest } from 'next/server';
import { contentSecurityPolicy, newNonce, securityHeaders } from '@/lib/security-headers';

// Runs before every page and route: a fresh CSP nonce per request. Next reads the nonce from the
// request's Content-Security-Policy header and stamps its own scripts with it, which is why pages
// render dynamically (app/layout.tsx calls headers()).
export function proxy(request: NextRequest) {
  const forwardedProto = request.headers.get('x-forwarded-proto')?.split(',')[0]?.trim();
  const context = {
    nonce: newNonce(),
    socketUrl: process.env.TANDEM_SOCKET_URL ?? process.env.TANDEM_API_URL ?? 'http://localhost:4000',
    https: (forwardedProto ?? request.nextUrl.protocol.replace(':', '')) === 'https',
    development: process.env.NODE_ENV === 'development',
  };
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set('Content-Security-Policy', contentSecurityPolicy(context));
  const headers = securityHeaders(context);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}

export const config = {
  // Not for build output (immutable, hashed files) or the API proxy's JSON.
  matcher: [{ source: '/((?!_next/static|_next/image|favicon.ico|sw.js|api/).*)' }],
};
