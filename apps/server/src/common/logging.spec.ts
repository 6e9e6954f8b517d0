import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import type { AppConfig } from '../config/env.js';
import { AppLogger, redactUrl } from './logging.js';

// A public link's token is the credential for its page: request logs must never carry it.
describe('request logs', () => {
  it('redact share-link tokens in paths and token query values', () => {
    expect(redactUrl('/share/AbC123-_xyz')).toBe('/share/[redacted]');
    expect(redactUrl('/share/AbC123/extra?x=1')).toBe('/share/[redacted]/extra?x=1');
    expect(redactUrl('/pages/p1?token=secret&x=2')).toBe('/pages/p1?token=[redacted]&x=2');
    expect(redactUrl('/x?shareToken=s3cr3t')).toBe('/x?shareToken=[redacted]');
    expect(redactUrl('/pages/p1')).toBe('/pages/p1');
  });

  it('write no token through the real request logger', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const logger = new AppLogger({ LOG_LEVEL: 'info', LOG_PRETTY: false } as AppConfig, sink);
    const middleware = logger.httpMiddleware();
    const server = createServer((req, res) => {
      middleware(req, res);
      res.statusCode = req.url?.includes('missing') ? 404 : 200;
      res.end('{}');
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const secret = 'Zq9v3KpT0aLr7bXw2sYd5uNe8cHm1fGj4iQo6tVy';
    await fetch(`${base}/share/${secret}`);
    await fetch(`${base}/share/${secret}/missing?token=${secret}`);
    server.close();
    await new Promise((r) => setImmediate(r));
    const log = lines.join('');
    expect(lines.length).toBeGreaterThanOrEqual(2);
    expect(log).toContain('/share/[redacted]');
    expect(log).not.toContain(secret);
  });
});
