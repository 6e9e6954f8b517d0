import { JoinPayload, streamIdAtLeast, UpdatePayload, wireBytes } from '../src/collab.js';

const pageId = '0190b1a4-0000-7000-8000-000000000000';

describe('collab protocol', () => {
  it('wireBytes holds exactly the viewed bytes, copying only partial views', () => {
    const whole = new Uint8Array([1, 2, 3]);
    expect(wireBytes(whole)).toBe(whole.buffer);
    const view = new Uint8Array([9, 9, 1, 2, 3, 9]).subarray(2, 5);
    expect([...new Uint8Array(wireBytes(view))]).toEqual([1, 2, 3]);
  });

  it('accepts bytes as Uint8Array or ArrayBuffer and hands on a Uint8Array', () => {
    const fromBuffer = UpdatePayload.parse({ pageId, update: new Uint8Array([4, 5]).buffer });
    expect(fromBuffer.update).toBeInstanceOf(Uint8Array);
    expect([...fromBuffer.update]).toEqual([4, 5]);
    expect(JoinPayload.parse({ pageId, stateVector: Buffer.from([0]) }).stateVector).toBeInstanceOf(Uint8Array);
  });

  it('refuses numbers for bytes, missing fields and non-uuid page ids', () => {
    expect(UpdatePayload.safeParse({ pageId, update: [1, 2] }).success).toBe(false);
    expect(UpdatePayload.safeParse({ pageId }).success).toBe(false);
    expect(UpdatePayload.safeParse({ pageId: 'page-1', update: new Uint8Array([1]) }).success).toBe(false);
    expect(UpdatePayload.safeParse('junk').success).toBe(false);
  });

  it('orders Redis stream ids numerically, not as strings', () => {
    expect(streamIdAtLeast('10-0', '9-5')).toBe(true);
    expect(streamIdAtLeast('9-5', '10-0')).toBe(false);
    expect(streamIdAtLeast('7-2', '7-2')).toBe(true);
    expect(streamIdAtLeast('7-10', '7-9')).toBe(true);
    expect(streamIdAtLeast('0-0', '1-0')).toBe(false);
  });
});
