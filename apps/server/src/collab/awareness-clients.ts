import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

export class AwarenessRefusal extends Error {
  constructor(
    readonly kind: 'malformed' | 'too_many' | 'taken' | 'invalid_state',
    message: string,
  ) {
    super(message);
  }
}

// Who a socket is, as the server knows it: the only name its carets may show.
export interface AwarenessIdentity {
  name: string;
  userId: string | null;
}

export interface AwarenessRules {
  maxClients: number;
  // True if another socket has announced this client id in the page.
  takenByOther(clientId: number): boolean;
  identity: AwarenessIdentity;
}

const COLOR = /^#[0-9a-fA-F]{6}$/;

// The awareness client ids a socket has announced in a page, with their last clock, so the server
// can tell the others to drop exactly those states the moment the socket leaves (no ghost carets).
// Awareness is relayed, never stored; but every peer keeps each state it hears, so the server
// bounds what one socket may announce: at most `maxClients` ids, none another socket uses, a state
// that is an object (or null) whose `user.color` is #rrggbb, and whose `user.name` (and `user.id`
// for accounts) are replaced by the server's own (invariant 8).
export class AwarenessClients {
  private readonly clocks = new Map<number, number>();

  // Validates a y-protocols awareness update, records its clients and returns the update to relay.
  observe(update: Uint8Array, rules: AwarenessRules): Uint8Array {
    const decoder = decoding.createDecoder(update);
    const seen: [number, number, Record<string, unknown> | null][] = [];
    try {
      const count = decoding.readVarUint(decoder);
      for (let i = 0; i < count; i++) {
        const clientId = decoding.readVarUint(decoder);
        const clock = decoding.readVarUint(decoder);
        const state: unknown = JSON.parse(decoding.readVarString(decoder));
        if (state !== null && (typeof state !== 'object' || Array.isArray(state))) throw new AwarenessRefusal('invalid_state', 'An awareness state must be an object or null.');
        seen.push([clientId, clock, state as Record<string, unknown> | null]);
      }
      if (decoding.hasContent(decoder)) throw new Error('trailing bytes after the awareness states');
    } catch (err) {
      if (err instanceof AwarenessRefusal) throw err;
      throw new AwarenessRefusal('malformed', 'The awareness update is malformed.');
    }
    const ids = new Set(this.clocks.keys());
    for (const [clientId, , state] of seen) {
      if (rules.takenByOther(clientId)) throw new AwarenessRefusal('taken', `Awareness client ${clientId} belongs to another connection.`);
      if (state === null) ids.delete(clientId);
      else ids.add(clientId);
    }
    if (ids.size > rules.maxClients) throw new AwarenessRefusal('too_many', `At most ${rules.maxClients} awareness client ids per page and connection.`);
    const states = seen.map(([clientId, clock, state]) => [clientId, clock, state && sanitize(state, rules.identity, clientId)] as const);
    for (const [clientId, clock, state] of states) {
      if (state === null) this.clocks.delete(clientId);
      else this.clocks.set(clientId, clock);
    }
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, states.length);
    for (const [clientId, clock, state] of states) {
      encoding.writeVarUint(encoder, clientId);
      encoding.writeVarUint(encoder, clock);
      encoding.writeVarString(encoder, JSON.stringify(state));
    }
    return encoding.toUint8Array(encoder);
  }

  get size(): number {
    return this.clocks.size;
  }

  ids(): IterableIterator<number> {
    return this.clocks.keys();
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

function sanitize(state: Record<string, unknown>, identity: AwarenessIdentity, clientId: number): Record<string, unknown> {
  const user = state.user;
  if (user === undefined) return state;
  if (user === null || typeof user !== 'object' || Array.isArray(user)) throw new AwarenessRefusal('invalid_state', 'awareness user must be an object.');
  const { color } = user as { color?: unknown };
  if (color !== undefined && (typeof color !== 'string' || !COLOR.test(color))) throw new AwarenessRefusal('invalid_state', 'awareness user.color must be #rrggbb.');
  return { ...state, user: { ...user, id: identity.userId ?? `reader-${clientId}`, name: identity.name } };
}
