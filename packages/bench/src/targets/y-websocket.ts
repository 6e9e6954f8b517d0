import type * as Y from 'yjs';
import { ChildServerTarget } from './child.js';
import { connectYWebsocket, type ClientSpec } from './clients.js';
import type { BenchClient, Target } from './target.js';

export class YWebsocketTarget extends ChildServerTarget implements Target {
  readonly name = 'y-websocket';
  readonly servesState = true;

  constructor() {
    super('y-websocket');
  }

  connect(page: string, doc: Y.Doc): Promise<BenchClient> {
    return connectYWebsocket(this.wsUrl, page, doc);
  }

  clientSpec(): ClientSpec {
    return { kind: 'y-websocket', url: this.wsUrl };
  }
}
