// What the status pill says, derived from the provider's facts. Kept pure so the rule ("Saved"
// only once Postgres has every local edit) is tested without a browser.

export type ConnectionState = 'connecting' | 'connected' | 'disconnected';

export interface SaveFacts {
  /** The browser believes it has a network (navigator.onLine). */
  online: boolean;
  connection: ConnectionState;
  /** The join handshake has completed on the current connection. */
  synced: boolean;
  /** Local updates the server has not acknowledged yet (not in the Redis stream). */
  unacked: boolean;
  /** Local updates acknowledged but not yet in Postgres (no "saved" covering them yet). */
  unpersisted: boolean;
}

export type PillState = 'offline' | 'connecting' | 'saving' | 'saved' | 'live';

export interface Pill {
  state: PillState;
  label: string;
  /** Longer sentence for the tooltip / screen readers. */
  detail: string;
}

// `readOnly`: the person cannot edit, so there is nothing of theirs to save; "Live" says they see
// changes as they happen.
export function pillFor(facts: SaveFacts, readOnly = false): Pill {
  const hasLocalEdits = facts.unacked || facts.unpersisted;
  if (!facts.online || facts.connection === 'disconnected') {
    return {
      state: 'offline',
      label: 'Offline',
      detail: hasLocalEdits
        ? 'Offline. Your changes are kept on this device and will sync when you reconnect.'
        : 'Offline. You can keep editing; changes sync when you reconnect.',
    };
  }
  if (facts.connection === 'connecting' || !facts.synced) {
    return { state: 'connecting', label: 'Connecting…', detail: 'Connecting to the server…' };
  }
  if (readOnly) return { state: 'live', label: 'Live', detail: 'You see changes as they happen.' };
  if (hasLocalEdits) {
    return {
      state: 'saving',
      label: 'Saving…',
      detail: facts.unacked ? 'Sending your changes…' : 'Your changes reached the server and are being written to the database.',
    };
  }
  return { state: 'saved', label: 'Saved', detail: 'All your changes are saved.' };
}

/** Closing the tab now could lose edits the server has not acknowledged (IndexedDB may lag too). */
export function shouldWarnBeforeUnload(facts: SaveFacts): boolean {
  return facts.unacked;
}
