import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import type * as Y from 'yjs';
import { ChildServerTarget } from './child.js';
import type { BenchClient, Target } from './target.js';

export class YWebsocketTarget extends ChildServerTarget implements Target {
  readonly name = 'y-websocket';
  readonly servesState = true;

  constructor() {
    super('y-websocket');
  }

  async connect(page: string, doc: Y.Doc): Promise<BenchClient> {
    // disableBc: clients in one process would otherwise sync through BroadcastChannel, around the server.
    const provider = new WebsocketProvider(`ws://127.0.0.1:${this.server.port}`, page, doc, {
      WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
      disableBc: true,
    });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`y-websocket: no sync for ${page} within 30 s`)), 30_000);
      provider.once('sync', () => (clearTimeout(timer), resolve()));
    });
    return {
      doc,
      close: async () => provider.destroy(),
    };
  }
}
