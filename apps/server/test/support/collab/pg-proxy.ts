import net from 'node:net';

// A TCP proxy in front of the shared Postgres for one suite's processes. It lets a suite take
// "Postgres" away (every connection dropped, new ones refused) without touching the real server
// that other suites use, and it counts the SQL statements that pass through (the extended
// protocol's Parse messages and simple queries), e.g. writes to the Document table.
export class PgProxy {
  private server?: net.Server;
  private readonly sockets = new Set<net.Socket>();
  private down = false;
  readonly statements: string[] = [];
  port = 0;

  constructor(
    private readonly upstream = new URL(process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/tandem_test'),
  ) {}

  get url(): string {
    const url = new URL(this.upstream.toString());
    url.hostname = '127.0.0.1';
    url.port = String(this.port);
    return url.toString();
  }

  async start(): Promise<this> {
    this.server = net.createServer((client) => this.accept(client));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as net.AddressInfo).port;
    return this;
  }

  // Postgres "stops": open connections die, new ones are cut at once.
  takeDown(): void {
    this.down = true;
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
  }

  bringUp(): void {
    this.down = false;
  }

  count(pattern: RegExp): number {
    return this.statements.filter((s) => pattern.test(s)).length;
  }

  async stop(): Promise<void> {
    this.takeDown();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private accept(client: net.Socket): void {
    if (this.down) {
      client.destroy();
      return;
    }
    const upstream = net.connect(Number(this.upstream.port || 5432), this.upstream.hostname);
    this.sockets.add(client);
    this.sockets.add(upstream);
    const close = () => {
      client.destroy();
      upstream.destroy();
      this.sockets.delete(client);
      this.sockets.delete(upstream);
    };
    client.on('error', close).on('close', close);
    upstream.on('error', close).on('close', close);
    let buffered = Buffer.alloc(0);
    let started = false;
    client.on('data', (chunk: Buffer) => {
      upstream.write(chunk);
      buffered = Buffer.concat([buffered, chunk]);
      // Frame the client's messages: the startup message has no type byte, the rest do.
      for (;;) {
        if (!started) {
          if (buffered.length < 4) break;
          const len = buffered.readInt32BE(0);
          if (buffered.length < len) break;
          buffered = buffered.subarray(len);
          started = true;
          continue;
        }
        if (buffered.length < 5) break;
        const type = String.fromCharCode(buffered[0]!);
        const len = buffered.readInt32BE(1);
        if (buffered.length < 1 + len) break;
        const body = buffered.subarray(5, 1 + len);
        if (type === 'Q') this.statements.push(body.toString('utf8', 0, body.indexOf(0)));
        if (type === 'P') {
          const nameEnd = body.indexOf(0);
          this.statements.push(body.toString('utf8', nameEnd + 1, body.indexOf(0, nameEnd + 1)));
        }
        buffered = buffered.subarray(1 + len);
      }
    });
    upstream.on('data', (chunk: Buffer) => client.write(chunk));
  }
}
