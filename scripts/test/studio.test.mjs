// `npm run studio` prints Prisma Studio's address at once (the CLI's output is streamed, not held
// until exit), serves Studio there, and Ctrl-C (SIGINT to the process group, as a terminal sends
// it) leaves nothing running.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import net from 'node:net';
import { test } from 'node:test';
import { root } from '../lib/env.mjs';

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

function groupAlive(pgid) {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitFor(what, check, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

test('npm run studio prints its URL, serves Studio there, and stops cleanly on Ctrl-C', { timeout: 150_000 }, async () => {
  const port = await freePort();
  // Its own process group, like a terminal's foreground job.
  const child = spawn('npm', ['run', 'studio', '--', '--browser', 'none', '--port', String(port)], {
    cwd: root,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let exited = false;
  child.stdout.on('data', (c) => (output += c));
  child.stderr.on('data', (c) => (output += c));
  child.on('exit', () => (exited = true));
  try {
    const url = await waitFor(
      `Studio's "running at" line on stdout (output so far: ${JSON.stringify(output.slice(-500))})`,
      () => {
        if (exited) throw new Error(`npm run studio exited before printing its URL:\n${output}`);
        return /running at:?\s*(http:\/\/\S+)/i.exec(output)?.[1];
      },
      120_000,
    );
    assert.equal(new URL(url).port, String(port), 'Studio listens on the port passed through');
    const res = await fetch(url);
    assert.equal(res.status, 200);
    const html = await res.text();
    assert.match(html, /__PRISMA_STUDIO|STUDIO_CONFIG|studio\.js/, "the page is Prisma Studio's");
  } finally {
    process.kill(-child.pid, 'SIGINT');
  }
  await waitFor('every process of `npm run studio` to exit after SIGINT', () => !groupAlive(child.pid), 20_000);
  const refused = await new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port }, () => (socket.destroy(), resolve(false)));
    socket.on('error', () => resolve(true));
  });
  assert.ok(refused, `nothing listens on ${port} any more`);
});
