import { io, type Socket } from 'socket.io-client';
import msgpackParser from 'socket.io-msgpack-parser';
import * as Y from 'yjs';
import { ChildServerTarget } from './child.js';
import type { BenchClient, Target } from './target.js';

class FloorClient implements BenchClient {
  private readonly onUpdate = (update: Uint8Array, origin: unknown) => {
    if (origin !== this) this.socket.emit('update', this.page, update);
  };

  constructor(
    readonly doc: Y.Doc,
    private readonly page: string,
    private readonly socket: Socket,
  ) {
    // msgpack hands binary over as an ArrayBuffer or a Buffer depending on the transport.
    socket.on('update', (update: ArrayBuffer | Uint8Array) => Y.applyUpdate(doc, update instanceof Uint8Array ? update : new Uint8Array(update), this));
    doc.on('update', this.onUpdate);
  }

  async close(): Promise<void> {
    this.doc.off('update', this.onUpdate);
    this.socket.disconnect();
  }
}

export class FloorTarget extends ChildServerTarget implements Target {
  readonly name = 'floor';
  readonly servesState = false;

  constructor() {
    super('floor');
  }

  async connect(page: string, doc: Y.Doc): Promise<BenchClient> {
    const socket = io(`http://127.0.0.1:${this.server.port}`, { parser: msgpackParser, transports: ['websocket'], forceNew: true });
    await socket.timeout(30_000).emitWithAck('join', page);
    return new FloorClient(doc, page, socket);
  }
}
