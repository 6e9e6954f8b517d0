import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

// The awareness client ids a socket has announced in a page, with their last clock, so the server
// can tell the others to drop exactly those states the moment the socket leaves (no ghost carets).
// Awareness is relayed as-is and never stored.
export class AwarenessClients {
  private readonly clocks = new Map<number, number>();

  // Validates a y-protocols awareness update and records its clients. Throws on malformed input.
  observe(update: Uint8Array): void {
    const decoder = decoding.createDecoder(update);
    const count = decoding.readVarUint(decoder);
    const seen: [number, number, boolean][] = [];
    for (let i = 0; i < count; i++) {
      const clientId = decoding.readVarUint(decoder);
      const clock = decoding.readVarUint(decoder);
      const state = decoding.readVarString(decoder);
      JSON.parse(state);
      seen.push([clientId, clock, state === 'null']);
    }
    if (decoding.hasContent(decoder)) throw new Error('trailing bytes after the awareness states');
    for (const [clientId, clock, removed] of seen) {
      if (removed) this.clocks.delete(clientId);
      else this.clocks.set(clientId, clock);
    }
  }

  get size(): number {
    return this.clocks.size;
  }

  // An awareness update setting every known client's state to null with a newer clock, which
  // y-protocols' applyAwarenessUpdate turns into a removal on every receiver.
  removalUpdate(): Uint8Array | null {
    if (this.clocks.size === 0) return null;
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, this.clocks.size);
    for (const [clientId, clock] of this.clocks) {
      encoding.writeVarUint(encoder, clientId);
      encoding.writeVarUint(encoder, clock + 1);
      encoding.writeVarString(encoder, 'null');
    }
    this.clocks.clear();
    return encoding.toUint8Array(encoder);
  }
}
