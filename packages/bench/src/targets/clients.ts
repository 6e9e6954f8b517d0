// How a bench client connects to each target, as plain functions: a target's own clients use them,
// and so does a client on another thread, which cannot share the target object and is told how to
// connect by a ClientSpec (plain data a thread's workerData can carry).
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import { CollabProvider } from '@tandem/collab-client';
import { ClientEvent, type SocketTokenResponse } from '@tandem/protocol';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import type * as Y from 'yjs';
import type { BenchClient } from './target.js';

export type ClientSpec =
  | { kind: 'tandem'; serverUrl: string; session: string }
  | { kind: 'hocuspocus'; url: string }
  | { kind: 'y-websocket'; url: string };

export function connectAs(spec: ClientSpec, page: string, doc: Y.Doc): Promise<BenchClient> {
  switch (spec.kind) {
    case 'tandem':
      return connectTandem(spec.serverUrl, () => socketToken(spec.serverUrl, spec.session), page, doc);
    case 'hocuspocus':
      return connectHocuspocus(spec.url, page, doc);
    case 'y-websocket':
      return connectYWebsocket(spec.url, page, doc);
  }
}

// A single-use socket token for the account whose session this is, as the web app asks for one
// before each connect.
export async function socketToken(serverUrl: string, session: string): Promise<string> {
  return (await postJson<SocketTokenResponse>(serverUrl, '/auth/socket-token', {}, session)).token;
}

// A JSON POST to the Tandem API (as `session`, when given). After more than the server's keep-alive
// timeout (5 s) without a call, fetch may reuse the pooled connection just as the server closes it
// ("other side closed"): the request never reached the server, so it is sent once more on a new
// connection. W6's joiner asks for a token every few seconds, so it needs this as the target does.
export async function postJson<T>(serverUrl: string, path: string, body: unknown, session: string | null): Promise<T> {
  const post = () =>
    fetch(`${serverUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(session ? { authorization: `Bearer ${session}` } : {}) },
      body: JSON.stringify(body),
    });
  const res = await post().catch((err: Error) => {
    if ((err.cause as Error | undefined)?.message !== 'other side closed') throw err;
    return post();
  });
  if (!res.ok) throw new Error(`POST ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

// A client through @tandem/collab-client, synced once the handshake is done. `onError`: errors the
// provider reports after its first sync (a refused update is a result, not a failure).
export async function connectTandem(serverUrl: string, token: () => Promise<string>, page: string, doc: Y.Doc, onError?: (code: string) => void): Promise<BenchClient> {
  const provider = new CollabProvider({ pageId: page, doc, url: serverUrl, token });
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`tandem: no sync for ${page} within 30 s`)), 30_000);
      provider.on('synced', (synced) => {
        if (!synced) return;
        clearTimeout(timer);
        resolve();
      });
      provider.on('error', (error) => (clearTimeout(timer), reject(new Error(`tandem: ${error.code}: ${error.message}`))));
    });
  } catch (err) {
    provider.destroy();
    throw err;
  }
  if (onError) provider.on('error', (error) => onError(error.code));
  const acked = () =>
    new Promise<void>((resolve) => {
      if (provider.pending === 0) return resolve();
      const onPending = (count: number) => {
        if (count > 0) return;
        provider.off('pending', onPending);
        resolve();
      };
      provider.on('pending', onPending);
    });
  let messages = 0;
  provider.connection.socket.onAnyOutgoing((event: string) => {
    if (event === ClientEvent.Update) messages += 1;
  });
  return { doc, close: async () => provider.destroy(), acked, messagesSent: () => messages };
}


// One WebSocket per client, as separate browsers would have (no multiplexing of documents).
export async function connectHocuspocus(url: string, page: string, doc: Y.Doc): Promise<BenchClient> {
  const socket = new HocuspocusProviderWebsocket({ url, WebSocketPolyfill: WebSocket });
  let provider: HocuspocusProvider | undefined;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`hocuspocus: no sync for ${page} within 30 s`)), 30_000);
    provider = new HocuspocusProvider({
      websocketProvider: socket,
      name: page,
      document: doc,
      onSynced: () => (clearTimeout(timer), resolve()),
    });
    provider.attach();
  });
  return {
    doc,
    close: async () => {
      provider?.destroy();
      socket.destroy();
    },
  };
}

export async function connectYWebsocket(url: string, page: string, doc: Y.Doc): Promise<BenchClient> {
  // disableBc: clients in one process would otherwise sync through BroadcastChannel, around the server.
  const provider = new WebsocketProvider(url, page, doc, {
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
