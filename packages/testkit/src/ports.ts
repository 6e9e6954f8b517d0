import net from 'node:net';
import { assertNoCrashedProcess } from './process.js';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
    srv.once('error', reject);
  });
}

// A port for a server a suite starts and may restart on the same port (Redis nodes): taken from
// 20000–22767, below the kernel's ephemeral range (32768–60999) where freePort()'s ports and every
// outgoing connection's local port come from, so nothing else takes it between our check and the
// server's bind, or while the server is down. `offsets` also keeps port + each offset free (a
// cluster node's bus port).
export async function serverPort(taken: readonly number[] = [], offsets: readonly number[] = []): Promise<number> {
  for (;;) {
    const port = 20_000 + Math.floor(Math.random() * 2_768);
    if (taken.includes(port) || !(await isFree(port))) continue;
    if ((await Promise.all(offsets.map((o) => isFree(port + o)))).every(Boolean)) return port;
  }
}

// Whether something accepts connections on the port (a probe that listened could take the port).
export function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
}

// Polls `check` (a throw counts as "not yet") until it holds. Fails at once, with its last log
// lines, if a process the tests started died on its own: nothing it was to do will happen now.
export async function waitUntil(what: string, check: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    assertNoCrashedProcess(what);
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
}
