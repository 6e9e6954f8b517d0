import type { StreamEntry } from '../documents/document-stream.repository.js';

// A persist run reads a page's stream from its row's persistedUpTo *inclusive*. That entry is
// never trimmed while it is the row's (trims keep everything from persistedUpTo minus a margin),
// so if it is missing, Redis lost data since the last persist: entries between it and the first
// one read may have been acknowledged and are gone. The run still persists what it read (it is
// real content), but must not let "saved up to X" vouch for what it never saw: it asks the
// gateways to make the page's clients re-run the handshake, which re-sends what the server lacks.
export function afterPersisted(persistedUpTo: string, read: readonly StreamEntry[]): { entries: StreamEntry[]; gap: boolean } {
  if (persistedUpTo === '0-0') return { entries: [...read], gap: false };
  if (read[0]?.id === persistedUpTo) return { entries: read.slice(1), gap: false };
  return { entries: [...read], gap: true };
}
