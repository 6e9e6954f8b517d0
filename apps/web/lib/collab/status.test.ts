import { pillFor, shouldWarnBeforeUnload, type SaveFacts } from './status';

const live: SaveFacts = { online: true, connection: 'connected', synced: true, unacked: false, unpersisted: false };

describe('status pill', () => {
  it('says Saved only when connected, synced and every local edit is in Postgres', () => {
    expect(pillFor(live).state).toBe('saved');
    expect(pillFor({ ...live, unpersisted: true }).state).toBe('saving');
    expect(pillFor({ ...live, unacked: true }).state).toBe('saving');
  });

  it('says Offline whenever the browser or the socket is down, even with edits in flight', () => {
    expect(pillFor({ ...live, online: false }).state).toBe('offline');
    expect(pillFor({ ...live, connection: 'disconnected', unacked: true }).state).toBe('offline');
    expect(pillFor({ ...live, connection: 'disconnected', unacked: true }).detail).toMatch(/kept on this device/);
  });

  it('says Connecting until the handshake is done, never Saved before it', () => {
    expect(pillFor({ ...live, connection: 'connecting' }).state).toBe('connecting');
    expect(pillFor({ ...live, synced: false }).state).toBe('connecting');
  });

  it('tells a reader the page is live instead of talking about saving', () => {
    expect(pillFor(live, true).state).toBe('live');
    expect(pillFor({ ...live, online: false }, true).state).toBe('offline');
    expect(pillFor({ ...live, synced: false }, true).state).toBe('connecting');
  });

  it('warns before unload only while some edit is not acknowledged by the server', () => {
    expect(shouldWarnBeforeUnload(live)).toBe(false);
    expect(shouldWarnBeforeUnload({ ...live, unpersisted: true })).toBe(false);
    expect(shouldWarnBeforeUnload({ ...live, unacked: true })).toBe(true);
    expect(shouldWarnBeforeUnload({ ...live, connection: 'disconnected', unacked: true })).toBe(true);
  });
});
