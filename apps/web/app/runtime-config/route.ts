// Settings the browser needs at run time, read from the environment on each request so one build
// runs against any server (tests on free ports, operators moving the API). Outside /api on purpose:
// that path is the proxy to the API server.
export const dynamic = 'force-dynamic';

export interface RuntimeConfig {
  // Where the browser opens its Socket.IO connection (the API server itself, not this app).
  socketUrl: string;
}

export function GET(): Response {
  const socketUrl = process.env.TANDEM_SOCKET_URL ?? process.env.TANDEM_API_URL ?? 'http://localhost:4000';
  const body: RuntimeConfig = { socketUrl };
  return Response.json(body, { headers: { 'cache-control': 'no-store' } });
}
