// Finds Postgres and Redis, starting locally installed servers that are stopped, and otherwise
// says exactly what is missing and how to get it. Node built-ins only.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import net from 'node:net';

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '::1', '[::1]']);

function canConnect(host, port, timeoutMs = 1500) {
  return new Promise((resolve) => {
    const socket = net.connect({ host: host.replace(/^\[|\]$/g, ''), port });
    const done = (ok) => { socket.destroy(); resolve(ok); };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

async function waitFor(host, port, seconds) {
  for (let i = 0; i < seconds * 4; i++) {
    if (await canConnect(host, port)) return true;
    await new Promise((r) => setTimeout(r, 250));
  }
  return false;
}

function has(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

const DOCKER_HINT = 'or, with Docker: `docker compose up -d` (see docker-compose.yml)';

async function ensurePostgres(url, log) {
  const { hostname, port } = new URL(url);
  const p = Number(port || 5432);
  if (await canConnect(hostname, p)) return;
  if (LOCAL_HOSTS.has(hostname) && has('pg_ctlcluster') && existsSync('/etc/postgresql')) {
    const version = readdirSync('/etc/postgresql').sort().at(-1);
    log(`Postgres is not answering on ${hostname}:${p}; starting the local cluster ${version}/main`);
    spawnSync('pg_ctlcluster', ['--skip-systemctl-redirect', version, 'main', 'start'], { stdio: 'inherit' });
    if (await waitFor(hostname, p, 30)) return;
  }
  throw new Error(
    `PostgreSQL is not reachable at ${hostname}:${p} (DATABASE_URL).\n` +
      `  Install and start it (Debian/Ubuntu: \`sudo apt-get install postgresql\`), ${DOCKER_HINT},\n` +
      `  or set DATABASE_URL in .env to a server you have.`,
  );
}

async function ensureRedis(url, log) {
  const { hostname, port } = new URL(url);
  const p = Number(port || 6379);
  if (await canConnect(hostname, p)) return;
  if (LOCAL_HOSTS.has(hostname) && has('redis-server')) {
    log(`Redis is not answering on ${hostname}:${p}; starting a local redis-server`);
    execFileSync('redis-server', ['--daemonize', 'yes', '--bind', '127.0.0.1', '--port', String(p), '--save', '', '--appendonly', 'no'], { stdio: 'inherit' });
    if (await waitFor(hostname, p, 15)) return;
  }
  throw new Error(
    `Redis is not reachable at ${hostname}:${p} (REDIS_URL).\n` +
      `  Install and start it (Debian/Ubuntu: \`sudo apt-get install redis-server\`), ${DOCKER_HINT},\n` +
      `  or set REDIS_URL in .env to a server you have.`,
  );
}

export async function ensureServices(log = console.log) {
  await ensurePostgres(process.env.DATABASE_URL, log);
  await ensureRedis(process.env.REDIS_URL, log);
}
